package io.signingmanager.manager.provider;

import io.signingmanager.manager.agent.Agent;
import static org.assertj.core.api.Assertions.assertThat;

import io.signingmanager.manager.agent.AgentSocket;
import io.signingmanager.manager.connection.Manager;
import io.signingmanager.manager.home.ManagerHome;
import io.signingmanager.service.testing.ExternalTool;
import io.signingmanager.manager.testing.RegisteredClientTest;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The JDK's jarsigner loading the provider by {@code -providerClass}, as a build would, against a
 * real service: through the agent when one runs, else straight to the service with the saved
 * settings; {@code jarsigner -verify -strict} then accepts the jar.
 */
class JarsignerWithProviderTest extends RegisteredClientTest {
    private static final String TRUSTSTORE_PASSWORD = "truststore";

    private Path jar;

    @BeforeEach
    void makeJar() throws Exception {
        jar = folder.resolve("app.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("app.txt"));
            out.write("an application".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void jarsignerSignsThroughTheAgentWithRsaPssAndEcAndTheStrictVerifierAccepts() throws Exception {
        try (Agent agent = Agent.start(new AgentSocket.Location(home.agentSocket(), true), manager)) {
            // Each signer: alias, signature file, algorithm.
            for (List<String> signer : List.of(List.of(SigningManagerProviderTest.sha1(rsa), "RSA", "SHA256withRSA"),
                    List.of(SigningManagerProviderTest.sha1(rsa), "PSS", "RSASSA-PSS"),
                    List.of(EC_NAME, "EC", "SHA384withECDSA"))) {
                ExternalTool.Run signing = sign(signer.get(0), "-sigfile", signer.get(1), "-sigalg", signer.get(2));
                assertThat(signing.exit()).as(signing.toString()).isZero();
                assertThat(signing.stdout()).as(signing.toString()).contains("jar signed.");
            }
        }
        ExternalTool.Run verifying = verifyStrict();
        assertThat(verifying.exit()).as(verifying.toString()).isZero();
        assertThat(verifying.stdout()).as(verifying.toString()).contains("jar verified.", "META-INF/RSA.RSA",
                "META-INF/PSS.RSA", "META-INF/EC.EC", "CN=" + RSA_NAME, "CN=" + EC_NAME);
    }

    @Test
    void withoutAnAgentJarsignerSignsStraightThroughTheServiceWithTheSavedSettings() throws Exception {
        ExternalTool.Run signing = sign(SigningManagerProviderTest.sha1(ec));
        assertThat(signing.exit()).as(signing.toString()).isZero();

        ExternalTool.Run verifying = verifyStrict();
        assertThat(verifying.exit()).as(verifying.toString()).isZero();
        assertThat(verifying.stdout()).contains("jar verified.", "CN=" + EC_NAME);
    }

    @Test
    void anUnknownAliasAndAnInactiveClientFailInWords() throws Exception {
        ExternalTool.Run unknown = sign("00".repeat(20));
        assertThat(unknown.exit()).as(unknown.toString()).isNotZero();
        assertThat(unknown.stdout() + unknown.stderr()).contains("00".repeat(20));

        service.http.patch("/api/v1/admin/clients/" + manager.settings().clientId(), service.adminToken(),
                Map.of("active", false));
        ExternalTool.Run inactive = sign(SigningManagerProviderTest.sha1(ec));
        assertThat(inactive.exit()).as(inactive.toString()).isNotZero();
        assertThat(inactive.stdout() + inactive.stderr()).as(inactive.toString()).contains("inactive");
    }

    /**
     * jarsigner with the provider on its class path ({@code -J-cp}: jarsigner has no -providerPath;
     * {@code java.net.http} for the way straight to the service), the Signing Manager's home in the folder.
     */
    private ExternalTool.Run sign(String alias, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of(ExternalTool.jdkTool("jarsigner"),
                "-J-cp", "-J" + System.getProperty("java.class.path"), "-J--add-modules=java.net.http", "-keystore", "NONE",
                "-storetype", SigningManagerProvider.KEYSTORE_TYPE, "-storepass", "none",
                "-providerClass", SigningManagerProvider.class.getName()));
        command.addAll(List.of(options));
        command.addAll(List.of(jar.toString(), alias));
        return ExternalTool.run(command, Map.of(ManagerHome.HOME_VARIABLE, folder.resolve("home").toString()), folder);
    }

    /** {@code jarsigner -verify -strict}, trusting the RSA identity (self-signed) and the EC identity's CA. */
    private ExternalTool.Run verifyStrict() throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("rsa", rsa.leaf());
        trusted.setCertificateEntry("ca", ec.chain().get(1));
        Path truststore = folder.resolve("trusted.p12");
        try (OutputStream out = Files.newOutputStream(truststore)) {
            trusted.store(out, TRUSTSTORE_PASSWORD.toCharArray());
        }
        return ExternalTool.run(List.of(ExternalTool.jdkTool("jarsigner"), "-verify", "-strict", "-verbose", "-certs",
                "-keystore", truststore.toString(), "-storepass", TRUSTSTORE_PASSWORD, jar.toString()), Map.of(), folder);
    }
}
