package io.signingmanager.manager.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.signingmanager.service.testing.ExternalTool;
import io.signingmanager.common.crypto.HashAlgorithm;
import io.signingmanager.service.testing.TestPki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The module when signing cannot happen: the agent is gone (before the tool starts, or between its
 * listing and its signature), the client is revoked, the certificate made inactive after listing.
 * Each tool fails within seconds, and the module's line on stderr says why.
 */
class Pkcs11FailureTest extends ModuleTest {
    private static final byte[] DIGEST = HashAlgorithm.SHA256.digest("a build's file".getBytes(StandardCharsets.UTF_8));
    private static final String P12_PASSWORD = "failure p12 password";

    @Test
    void withTheAgentDownSigningFailsQuicklyAndTheModuleSaysWhy() throws Exception {
        agent.close();

        long started = System.nanoTime();
        ExternalTool.Run run = pkcs11ToolSign(ec);

        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).as(run.toString()).isLessThan(5);
        assertThat(run.exit()).as(run.toString()).isNotZero();
        assertThat(run.stderr()).contains(unreachableLine());
    }

    @Test
    void aJavaHostThatListedBeforeTheAgentStoppedGetsDeviceRemovedAndTheModulesLine() throws Exception {
        ExternalTool.Run run = signInJavaHost(RSA_NAME, agent::close);

        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(run.stdout()).as(run.toString()).contains("listed [", RSA_NAME, "CKR_DEVICE_REMOVED");
        assertThat(run.stderr()).as(run.toString()).contains(unreachableLine());
    }

    @Test
    void aRevokedClientFailsTheSignatureAndTheModuleSaysWhatToDo() throws Exception {
        service.http.patch("/api/v1/admin/clients/" + manager.settings().clientId(), service.adminToken(), Map.of("active", false));

        ExternalTool.Run run = pkcs11ToolSign(ec);

        assertThat(run.exit()).as(run.toString()).isNotZero();
        assertThat(run.stderr()).contains("signing-manager-pkcs11: the agent refused: client_inactive ").contains("Clients page");
    }

    @Test
    void aCertificateMadeInactiveAfterListingIsRefusedWithTheServicesReason() throws Exception {
        TestPki.TestIdentity identity = TestPki.rsa(2048, "Interop Soon Inactive");
        String id = service.importP12(identity.p12(P12_PASSWORD), P12_PASSWORD).get("id").asText();

        ExternalTool.Run run = signInJavaHost("Interop Soon Inactive", () -> service.http.patch(
                "/api/v1/admin/certificates/" + id, service.adminToken(), Map.of("active", false)));

        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(run.stdout()).as(run.toString()).contains("Interop Soon Inactive", "CKR_FUNCTION_REJECTED");
        assertThat(run.stderr()).as(run.toString()).contains("signing-manager-pkcs11: the agent refused: certificate_inactive ");
    }

    private String unreachableLine() {
        return "signing-manager-pkcs11: the Signing Manager agent is not reachable at " + socket;
    }

    private ExternalTool.Run pkcs11ToolSign(TestPki.TestIdentity identity) throws Exception {
        Path input = Files.write(folder.resolve("digest"), DIGEST);
        return tools.pkcs11Tool("--sign", "--id", AgentTest.sha1(identity), "-m", identity == ec ? "ECDSA" : "RSA-PKCS",
                "-i", input.toString(), "-o", folder.resolve("signature").toString());
    }

    private interface Change {
        void make() throws Exception;
    }

    /** {@link SunPkcs11Host} lists the token, {@code change} happens, then the host signs with {@code alias}. */
    private ExternalTool.Run signInJavaHost(String alias, Change change) throws Exception {
        Path go = folder.resolve("go");
        Path stdout = folder.resolve("host.out");
        Path stderr = folder.resolve("host.err");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classes = Path.of(SunPkcs11Host.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        List<String> command = List.of(java, "-cp", classes, SunPkcs11Host.class.getName(),
                tools.sunPkcs11Config().toString(), alias, go.toString());
        Process host = tools.start(command, stdout, stderr);
        try {
            for (int wait = 0; wait < 300 && !Files.readString(stdout).contains("listed"); wait++) {
                assertThat(host.isAlive()).as("the Java host before listing: " + Files.readString(stderr)).isTrue();
                Thread.sleep(50);
            }
            assertThat(Files.readString(stdout)).as("the Java host listed the token within 15 s").contains("listed");
            change.make();
            Files.createFile(go);
            assertThat(host.waitFor(30, TimeUnit.SECONDS)).as("the Java host ends within 30 s").isTrue();
            return new ExternalTool.Run(command, host.exitValue(), Files.readString(stdout), Files.readString(stderr));
        } finally {
            host.destroyForcibly();
        }
    }
}
