package io.signingmanager.service.apple;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.common.apple.Distribution;
import io.signingmanager.service.testing.AppleWorkflows;
import io.signingmanager.service.testing.RunningService;
import io.signingmanager.service.testing.TestService;
import org.junit.jupiter.api.Test;

class WorkflowReadinessTest {
    @RunningService
    private static TestService service;

    @Test
    void fixtureMakesReadyWorkflowsOfBothDistributions() {
        AppleWorkflows.Made store = AppleWorkflows.ready(service, "Store app", Distribution.MAC_APP_STORE, "com.example.app.widget");
        assertTrue(store.view().at("/readiness/ready").asBoolean());
        assertEquals(2, store.profiles().size());
        AppleWorkflows.Made outside = AppleWorkflows.withoutInstaller(service, "Outside app", Distribution.DEVELOPER_ID);
        JsonNode installer = item(outside.view(), "installer-certificate", "filled");
        assertEquals("optional-empty", installer.get("state").asText());
        assertFalse(outside.view().at("/readiness/problems").elements().hasNext());
    }

    static JsonNode item(JsonNode view, String slot, String check) {
        for (JsonNode item : view.at("/readiness/checklist")) {
            if (item.get("slot").asText().equals(slot) && item.get("check").asText().equals(check)) {
                return item;
            }
        }
        throw new AssertionError("No checklist item " + slot + "/" + check + " in " + view.at("/readiness/checklist"));
    }
}
