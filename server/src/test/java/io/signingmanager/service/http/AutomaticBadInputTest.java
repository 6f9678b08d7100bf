package io.signingmanager.service.http;

import static io.signingmanager.service.http.BadInputs.NOWHERE;
import static io.signingmanager.service.http.BadInputs.bad;
import static org.assertj.core.api.Assertions.assertThat;

import io.signingmanager.common.apple.Distribution;
import io.signingmanager.service.appstore.PortalCertificateType;
import io.signingmanager.service.testing.AppleWorkflows;
import io.signingmanager.service.testing.AutomaticWorkflows;
import io.signingmanager.service.testing.Http;
import io.signingmanager.service.testing.appstore.AscCertificate;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link BadInputTest}'s corpus for automatic signing's routes: unknown or manual workflows, revokes
 * that name no certificate at the limit or do not confirm its name. Each is refused with a 4xx and
 * writes nothing, and the double revoked nothing.
 */
class AutomaticBadInputTest {
    private static AutomaticWorkflows automatic;
    private static BadInputs send;
    private static String admin;
    private static String storeId;
    private static String manualId;
    private static AscCertificate installer;
    private static AscCertificate application;

    @BeforeAll
    static void start() {
        automatic = AutomaticWorkflows.start();
        send = new BadInputs(automatic.service);
        admin = automatic.service.adminToken();
        storeId = automatic.workflow("Bad input automatic", Distribution.DEVELOPER_ID, false);
        manualId = AppleWorkflows.create(automatic.service, "Bad input manual", AppleWorkflows.BUNDLE_ID,
                Distribution.MAC_APP_STORE).get("id").asText();
        installer = automatic.apple.addCertificate(AutomaticWorkflows.TEAM,
                PortalCertificateType.MAC_INSTALLER_DISTRIBUTION, "Installer someone made");
        application = automatic.apple.addCertificate(AutomaticWorkflows.TEAM,
                PortalCertificateType.DEVELOPER_ID_APPLICATION, "Developer ID someone made");
    }

    @AfterAll
    static void stop() {
        try {
            assertThat(automatic.apple.certificates(AutomaticWorkflows.TEAM)).noneMatch(AscCertificate::revoked);
            assertThat(automatic.requestsUnder("POST", "/v1/certificates")).isEmpty();
        } finally {
            automatic.close();
        }
    }

    static Stream<Arguments> corpus() {
        return Stream.of(
                bad("setting up an unknown workflow", () -> call("set-up", NOWHERE, null), 404, "not_found"),
                bad("checking an unknown workflow", () -> call("check", NOWHERE, null), 404, "not_found"),
                bad("the runs of an unknown workflow", () -> automatic.service.http.get(
                        AutomaticWorkflows.path(NOWHERE, "runs"), admin), 404, "not_found"),
                bad("revoking for an unknown workflow", () -> revoke(NOWHERE, application.id(), application.name()),
                        404, "not_found"),
                bad("setting up a manual workflow", () -> call("set-up", manualId, null), 409, "conflict"),
                bad("checking a manual workflow", () -> call("check", manualId, null), 409, "conflict"),
                bad("revoking for a manual workflow", () -> revoke(manualId, installer.id(), installer.name()), 409,
                        "conflict"),
                bad("a revoke without a certificate", () -> send.json("POST", AutomaticWorkflows.path(storeId, "revoke"),
                        admin, "{\"confirmName\":\"x\"}"), 400, "bad_request"),
                bad("a revoke that is not JSON", () -> send.json("POST", AutomaticWorkflows.path(storeId, "revoke"),
                        admin, "certificateId=x"), 400, "bad_request"),
                bad("a number for the certificate", () -> send.json("POST", AutomaticWorkflows.path(storeId, "revoke"),
                        admin, "{\"certificateId\":5,\"confirmName\":\"x\"}"), 400, "bad_request"),
                bad("a list for a revoke", () -> send.json("POST", AutomaticWorkflows.path(storeId, "revoke"),
                        admin, "[]"), 400, "bad_request"),
                bad("revoking a certificate the team does not have", () -> revoke(storeId, "NOSUCHCERT",
                        "Developer ID someone made"), 404, "not_found"),
                bad("revoking a type the workflow does not need", () -> revoke(storeId, installer.id(), installer.name()),
                        404, "not_found"),
                bad("a revoke whose name is not the certificate's", () -> revoke(storeId, application.id(),
                        "Developer ID someone"), 400, "bad_request"),
                bad("a revoke whose name differs in case", () -> revoke(storeId, application.id(),
                        application.name().toUpperCase()), 400, "bad_request"),
                bad("deleting the API key a workflow uses", () -> automatic.service.http.delete("/api/v1/admin/apple/connect-keys/"
                        + automatic.connectKeyId, admin), 409, "conflict"),
                bad("a revoke without the name", () -> send.post(AutomaticWorkflows.path(storeId, "revoke"), admin,
                        Map.of("certificateId", application.id())), 400, "bad_request"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void badInputIsRefusedWithAnErrorAndWritesNothing(String name, Supplier<Http.Answer> call, int status, String code,
                                                      int auditRecords) {
        send.assertRefusedAndNothingWritten(name, call, status, code, auditRecords);
    }

    private static Http.Answer call(String action, String workflowId, Object body) {
        return automatic.service.http.post(AutomaticWorkflows.path(workflowId, action), admin, body);
    }

    private static Http.Answer revoke(String workflowId, String certificateId, String confirmName) {
        return automatic.service.http.post(AutomaticWorkflows.path(workflowId, "revoke"), admin,
                Map.of("certificateId", certificateId, "confirmName", confirmName));
    }
}
