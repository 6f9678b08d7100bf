package io.signingmanager.service.apple;

import static io.signingmanager.service.apple.WorkflowReadinessTest.item;
import static io.signingmanager.service.testing.AppleWorkflows.PATH;
import static io.signingmanager.service.testing.TestService.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.common.apple.Distribution;
import io.signingmanager.service.testing.AppleWorkflows;
import io.signingmanager.service.testing.RunningService;
import io.signingmanager.service.testing.TestService;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The checklist warns when API keys that may fetch a workflow may not sign with its certificates: a
 * build machine with one would get the files and then be refused the signature.
 */
class WorkflowSigningKeysTest {
    private static final String CERTIFICATES = "/api/v1/admin/certificates/";

    @RunningService
    private TestService service;

    @Test
    void keysThatMayFetchButNotSignAreWarnedAboutUntilTheyMaySignOrNoLongerFetch() {
        AppleWorkflows.Made made = AppleWorkflows.ready(service, "Keys", Distribution.MAC_APP_STORE);
        String builder = service.createApiKey("builder").get("id").asText();
        String intruder = service.createApiKey("intruder").get("id").asText();
        JsonNode view = view(made);
        assertThat(item(view, "application-certificate", "signing-keys").get("state").asText())
                .as("the certificate lets every key sign").isEqualTo("ok");
        assertThat(item(view, "installer-certificate", "signing-keys").get("state").asText()).isEqualTo("ok");

        String application = view.at("/applicationCertificate/id").asText();
        authorize(CERTIFICATES + application, builder);
        view = view(made);
        JsonNode warning = item(view, "application-certificate", "signing-keys");
        assertThat(warning.get("state").asText()).isEqualTo("warning");
        assertThat(warning.get("problem").asText()).isEqualTo("The API key 'intruder' may fetch the workflow but not sign "
                + "with its application certificate \"" + made.view().at("/applicationCertificate/commonName").asText()
                + "\": a build machine with it gets the files and is refused the signature");
        assertThat(warning.get("remedy").asText()).isEqualTo("Authorize the key on the certificate's page, or let only "
                + "the keys that may sign with it fetch the workflow");
        assertThat(view.at("/readiness/ready").asBoolean()).as("a warning does not block").isTrue();
        assertThat(view.at("/readiness/warnings")).extracting(JsonNode::asText).containsExactly(warning.get("problem").asText());
        assertThat(item(view, "installer-certificate", "signing-keys").get("state").asText()).isEqualTo("ok");

        authorize(PATH + "/" + made.id(), builder);
        assertThat(item(view(made), "application-certificate", "signing-keys").get("state").asText())
                .as("only the key that may sign fetches").isEqualTo("ok");

        authorize(PATH + "/" + made.id(), builder, intruder);
        authorize(CERTIFICATES + view.at("/installerCertificate/id").asText(), builder);
        String second = service.createApiKey("another intruder").get("id").asText();
        authorize(PATH + "/" + made.id(), builder, intruder, second);
        view = view(made);
        assertThat(item(view, "installer-certificate", "signing-keys").get("problem").asText())
                .startsWith("The API keys 'another intruder', 'intruder' may fetch the workflow but not sign with its "
                        + "installer certificate");
        assertThat(view.at("/readiness/warnings")).hasSize(2);

        expect(service.http.patch("/api/v1/admin/api-keys/" + intruder, service.adminToken(), Map.of("active", false)), 200);
        expect(service.http.patch("/api/v1/admin/api-keys/" + second, service.adminToken(), Map.of("active", false)), 200);
        assertThat(view(made).at("/readiness/warnings")).as("inactive keys fetch nothing").isEmpty();
    }

    private JsonNode view(AppleWorkflows.Made made) {
        return expect(service.http.get(PATH + "/" + made.id(), service.adminToken()), 200).json();
    }

    /** Lets only {@code apiKeyIds} use the certificate or fetch the workflow at {@code path}. */
    private void authorize(String path, String... apiKeyIds) {
        expect(service.http.put(path + "/authorized-keys", service.adminToken(),
                Map.of("all", false, "apiKeyIds", List.of(apiKeyIds))), 200);
    }
}
