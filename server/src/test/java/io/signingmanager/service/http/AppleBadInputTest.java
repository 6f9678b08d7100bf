package io.signingmanager.service.http;

import static io.signingmanager.service.http.BadInputs.NOWHERE;
import static io.signingmanager.service.http.BadInputs.PW;
import static io.signingmanager.service.http.BadInputs.audited;
import static io.signingmanager.service.http.BadInputs.bad;
import static io.signingmanager.service.http.BadInputs.random;
import static io.signingmanager.service.http.BadInputs.truncated;

import io.signingmanager.common.apple.Distribution;
import io.signingmanager.service.apple.ProfileType;
import io.signingmanager.service.testing.AppleTestPki;
import io.signingmanager.service.testing.AppleWorkflows;
import io.signingmanager.service.testing.Http;
import io.signingmanager.service.testing.RunningService;
import io.signingmanager.service.testing.TestPki;
import io.signingmanager.service.testing.TestService;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link BadInputTest}'s corpus for the Apple routes: provisioning profiles, workflows, their slots
 * and uploads, and the client's fetch. Each is refused with a 4xx and the error JSON and writes
 * nothing but the failure record the client protocol owes.
 */
class AppleBadInputTest {
    private static final String FLOWS = AppleWorkflows.PATH;
    private static final String PROFILES = "/api/v1/admin/apple/profiles";

    @RunningService
    private static TestService service;
    private static String admin;
    private static String certificateId;
    private static String clientToken;
    private static String workflowId;
    private static String profileId;
    private static BadInputs send;

    @BeforeAll
    static void start() {
        admin = service.adminToken();
        send = new BadInputs(service);
        certificateId = service.importP12(TestPki.rsa(2048, "Bad Input RSA").p12(PW), PW).get("id").asText();
        clientToken = service.registerClient(service.createApiKey("bad input").get("key").asText(), "bad-input-host")
                .get("clientToken").asText();
        workflowId = AppleWorkflows.create(service, "Bad input workflow", AppleWorkflows.BUNDLE_ID,
                Distribution.MAC_APP_STORE).get("id").asText();
        profileId = service.http.upload("POST", PROFILES, admin, "file",
                AppleTestPki.profile(ProfileType.APP_STORE, "com.example.badinput").build(), Map.of()).json().get("id").asText();
    }

    static Stream<Arguments> corpus() {
        return Stream.of(
                // Provisioning profiles that are not one usable profile (more in apple/ProfileBadFilesApiTest).
                bad("random bytes as a profile", () -> service.http.upload("POST", PROFILES, admin, "file", random(2048), Map.of()),
                        400, "invalid_profile"),
                bad("a truncated profile", () -> service.http.upload("POST", PROFILES, admin, "file", Arrays.copyOf(
                        AppleTestPki.profile(ProfileType.APP_STORE, "com.example.cut").build(), 1000), Map.of()), 400, "invalid_profile"),
                bad("an expired profile", () -> service.http.upload("POST", PROFILES, admin, "file", AppleTestPki.profile(
                        ProfileType.APP_STORE, "com.example.old").expires(Instant.now().minusSeconds(60)).build(), Map.of()),
                        400, "unsuitable_profile"),
                bad("another app's profile as a replacement", () -> service.http.upload("PUT", PROFILES + "/" + profileId, admin,
                        "file", AppleTestPki.profile(ProfileType.APP_STORE, "com.example.other").build(), Map.of()),
                        400, "unsuitable_profile"),
                bad("a profile over 1 MiB", () -> service.http.upload("POST", PROFILES, admin, "file", random(1024 * 1024 + 1),
                        Map.of()), 413, "too_large"),
                bad("a profile upload without the file", () -> service.http.upload("POST", PROFILES, admin, "file", null,
                        Map.of()), 400, "bad_request"),
                bad("a JSON profile upload", () -> send.json("POST", PROFILES, admin, "{\"file\":\"AAAA\"}"), 415,
                        "unsupported_media_type"),
                bad("an unknown profile", () -> service.http.get(PROFILES + "/" + NOWHERE, admin), 404, "not_found"),
                bad("an unknown profile's file", () -> service.http.get(PROFILES + "/" + NOWHERE + "/file", admin), 404,
                        "not_found"),
                bad("deleting an unknown profile", () -> service.http.delete(PROFILES + "/" + NOWHERE, admin), 404, "not_found"),
                // Apple workflows: their fields, slots and uploads, and the client's fetch.
                bad("a workflow without a name", () -> send.post(FLOWS, admin, Map.of("bundleId", "com.example.app",
                        "distribution", "mac-app-store")), 400, "bad_request"),
                bad("a workflow name with a line break", () -> send.post(FLOWS, admin, Map.of("name", "two\nlines",
                        "bundleId", "com.example.app", "distribution", "mac-app-store")), 400, "bad_request"),
                bad("a 201-character workflow name", () -> send.post(FLOWS, admin, Map.of("name", "w".repeat(201),
                        "bundleId", "com.example.app", "distribution", "mac-app-store")), 400, "bad_request"),
                bad("a slash in a workflow name", () -> send.post(FLOWS, admin, Map.of("name", "release 1/2",
                        "bundleId", "com.example.app", "distribution", "mac-app-store")), 400, "bad_request"),
                bad("a bundle ID with a space", () -> send.post(FLOWS, admin, Map.of("name", "spaced",
                        "bundleId", "com.example app", "distribution", "mac-app-store")), 400, "bad_request"),
                bad("an unknown distribution", () -> send.post(FLOWS, admin, Map.of("name", "ios",
                        "bundleId", "com.example.app", "distribution", "ios-app-store")), 400, "bad_request"),
                bad("the automatic method without an API key", () -> send.post(FLOWS, admin, Map.of("name", "automatic",
                        "bundleId", "com.example.app", "distribution", "mac-app-store", "method", "automatic")), 400, "bad_request"),
                bad("the automatic method with an unknown API key", () -> send.post(FLOWS, admin, Map.of("name", "automatic",
                        "bundleId", "com.example.app", "distribution", "mac-app-store", "method", "automatic",
                        "connectKeyId", NOWHERE)), 400, "bad_request"),
                bad("an API key for a manual workflow", () -> send.post(FLOWS, admin, Map.of("name", "manual key",
                        "bundleId", "com.example.app", "distribution", "mac-app-store", "method", "manual",
                        "connectKeyId", NOWHERE)), 400, "bad_request"),
                bad("a number for an API key", () -> send.json("POST", FLOWS, admin, "{\"name\":\"numbered\","
                        + "\"bundleId\":\"com.example.app\",\"distribution\":\"mac-app-store\",\"method\":\"automatic\","
                        + "\"connectKeyId\":5}"), 400, "bad_request"),
                bad("Mac Catalyst for Developer ID", () -> send.post(FLOWS, admin, Map.of("name", "catalyst",
                        "bundleId", "com.example.app", "distribution", "developer-id", "macCatalyst", true)), 400, "bad_request"),
                bad("text for Mac Catalyst", () -> send.json("POST", FLOWS, admin, "{\"name\":\"catalyst\","
                        + "\"bundleId\":\"com.example.app\",\"distribution\":\"mac-app-store\",\"macCatalyst\":\"yes\"}"),
                        400, "bad_request"),
                bad("switching to automatic without an API key", () -> service.http.patch(FLOWS + "/" + workflowId, admin,
                        Map.of("method", "automatic")), 400, "bad_request"),
                bad("a workflow name in use", () -> send.post(FLOWS, admin, Map.of("name", "Bad input workflow",
                        "bundleId", "com.example.app", "distribution", "mac-app-store")), 409, "conflict"),
                bad("renaming to an empty name", () -> service.http.patch(FLOWS + "/" + workflowId, admin, Map.of("name", " ")),
                        400, "bad_request"),
                bad("changing an unknown workflow", () -> service.http.patch(FLOWS + "/" + NOWHERE, admin,
                        Map.of("name", "x")), 404, "not_found"),
                bad("a number for a certificate id", () -> send.json("PUT", FLOWS + "/" + workflowId + "/application-certificate",
                        admin, "{\"certificateId\": 5}"), 400, "bad_request"),
                bad("an unknown certificate for a slot", () -> service.http.put(FLOWS + "/" + workflowId
                        + "/application-certificate", admin, Map.of("certificateId", NOWHERE)), 400, "bad_request"),
                bad("a non-Apple certificate for a slot", () -> service.http.put(FLOWS + "/" + workflowId
                        + "/application-certificate", admin, Map.of("certificateId", certificateId)), 400, "unsuitable_certificate"),
                bad("a truncated .p12 into a slot", () -> send.upload("POST", FLOWS + "/" + workflowId + "/installer-certificate",
                        truncated(), PW), 400, "invalid_p12"),
                bad("a slot upload with the wrong password", () -> send.upload("POST", FLOWS + "/" + workflowId
                        + "/installer-certificate", TestPki.ec("secp256r1", "Wrong").p12(PW), "wrong"), 400, "wrong_password"),
                bad("a slot upload without a file", () -> service.http.upload("POST", FLOWS + "/" + workflowId
                        + "/profile", admin, "file", null, Map.of()), 400, "bad_request"),
                bad("a profile that is not CMS", () -> service.http.upload("POST", FLOWS + "/" + workflowId + "/profile",
                        admin, "file", random(2000), Map.of()), 400, "invalid_profile"),
                bad("a 2 MiB profile", () -> service.http.upload("POST", FLOWS + "/" + workflowId + "/profile", admin,
                        "file", new byte[2 * 1024 * 1024], Map.of()), 413, "too_large"),
                bad("an unknown profile for a slot", () -> service.http.put(FLOWS + "/" + workflowId + "/profile", admin,
                        Map.of("profileId", NOWHERE)), 400, "bad_request"),
                bad("an extension bundle ID with a slash", () -> send.post(FLOWS + "/" + workflowId + "/extensions", admin,
                        Map.of("bundleId", "com.example/x")), 400, "bad_request"),
                bad("a profile for an unknown extension", () -> service.http.put(FLOWS + "/" + workflowId
                        + "/extensions/com.example.none/profile", admin, Map.of("profileId", NOWHERE)), 404, "not_found"),
                bad("removing an unknown extension", () -> service.http.delete(FLOWS + "/" + workflowId
                        + "/extensions/com.example.none", admin), 404, "not_found"),
                bad("letting an unknown key fetch", () -> service.http.put(FLOWS + "/" + workflowId + "/authorized-keys", admin,
                        Map.of("all", false, "apiKeyIds", List.of(NOWHERE))), 400, "bad_request"),
                bad("deleting an unknown workflow", () -> service.http.delete(FLOWS + "/" + NOWHERE, admin), 404, "not_found"),
                audited("fetching an unknown workflow", () -> service.http.get("/api/v1/client/workflows/Nowhere/signing-files",
                        clientToken), 404, "not_found"),
                audited("fetching a workflow that is not ready", () -> service.http.get(
                        "/api/v1/client/workflows/Bad%20input%20workflow/signing-files", clientToken), 409, "workflow_not_ready"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void badInputIsRefusedWithAnErrorAndWritesNothing(String name, Supplier<Http.Answer> call, int status, String code,
                                                      int auditRecords) {
        send.assertRefusedAndNothingWritten(name, call, status, code, auditRecords);
    }
}
