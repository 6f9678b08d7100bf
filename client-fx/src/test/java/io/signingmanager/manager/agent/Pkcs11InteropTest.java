package io.signingmanager.manager.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.signingmanager.common.commands.Pkcs11Uri;
import io.signingmanager.common.crypto.Fingerprints;
import io.signingmanager.common.crypto.HashAlgorithm;
import io.signingmanager.manager.connection.Manager;
import io.signingmanager.manager.home.ManagerHome;
import io.signingmanager.service.testing.TestPki;
import io.signingmanager.service.testing.TestService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.cert.X509Certificate;
import java.security.spec.PSSParameterSpec;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built PKCS#11 module, loaded by OpenSC's pkcs11-tool, by jarsigner (SunPKCS11), by openssl (libp11's
 * engine, told the module by {@code PKCS11_MODULE_PATH}) and by osslsigncode (PKCS#11 URIs), against
 * the real agent and a real Signing Service with an RSA-2048 and a P-256 identity (issued by a CA).
 * The module's path comes from the system property {@code pkcs11.module} (set by the build);
 * without the file the tests fail.
 */
class Pkcs11InteropTest {
    private static final byte[] MESSAGE = "what a build signs through PKCS#11".getBytes(StandardCharsets.UTF_8);
    private static final Path MODULE = Path.of(System.getProperty("pkcs11.module", "pkcs11.module not set"));
    private static TestService service;
    private static TestPki.TestIdentity rsa;
    private static TestPki.TestIdentity ec;

    @TempDir
    Path folder;
    private Path socket;
    private Manager manager;
    private Agent agent;

    @BeforeAll
    static void startService() {
        rsa = TestPki.rsa(2048, "Interop RSA");
        ec = TestPki.issuedByCa("Interop EC", TestPki.ecKeys("secp256r1"));
        service = AgentFixture.serviceWith(rsa, ec);
    }

    @AfterAll
    static void stopService() {
        service.close();
    }

    @BeforeEach
    void startAgent() throws Exception {
        assertThat(MODULE).as("the module built by pkcs11/ (system property pkcs11.module)").isRegularFile();
        ManagerHome home = AgentFixture.home(folder);
        socket = home.agentSocket();
        manager = AgentFixture.registered(home, service, "pkcs11 " + folder.getFileName());
        agent = Agent.start(new AgentSocket.Location(socket, true), manager);
    }

    @AfterEach
    void stopAgent() throws Exception {
        agent.close();
    }

    @Test
    void listObjectsShowsEachCertificateAndPrivateKeyByCommonNameAndSha1() throws Exception {
        Run run = tool("--list-objects");

        assertThat(run.exit).as(run.toString()).isZero();
        List<String> objects = objects(run.stdout);
        for (TestPki.TestIdentity identity : List.of(rsa, ec)) {
            String commonName = identity == rsa ? "Interop RSA" : "Interop EC";
            String keyType = identity == rsa ? "Private Key Object; RSA" : "Private Key Object; EC";
            assertThat(objects).as(run.toString()).anySatisfy(object -> assertThat(object)
                    .startsWith("Certificate Object; type = X.509 cert")
                    .containsPattern("label: +" + commonName + "\n")
                    .containsPattern("ID: +" + AgentTest.sha1(identity) + "\n"));
            assertThat(objects).as(run.toString()).anySatisfy(object -> assertThat(object)
                    .startsWith(keyType)
                    .containsPattern("label: +" + commonName + "\n")
                    .containsPattern("ID: +" + AgentTest.sha1(identity) + "\n")
                    .containsPattern("Usage: +sign"));
        }
        String caSha1 = Fingerprints.sha1(ec.chain().get(1));
        assertThat(objects).as("the EC identity's CA").anySatisfy(object -> assertThat(object)
                .startsWith("Certificate Object; type = X.509 cert")
                .containsPattern("label: +CA " + caSha1.toUpperCase(Locale.ROOT) + "\n")
                .containsPattern("ID: +" + caSha1.toLowerCase(Locale.ROOT) + "\n"));
    }

    @Test
    void rsaPkcs1OfADigestInfoVerifiesAsSha256WithRsa() throws Exception {
        byte[] digestInfo = HashAlgorithm.SHA256.digestInfo(HashAlgorithm.SHA256.digest(MESSAGE));

        assertThat(verifies(Signature.getInstance("SHA256withRSA"), rsa, sign(rsa, digestInfo, "-m", "RSA-PKCS"))).isTrue();
    }

    @Test
    void sha256RsaPkcs1OfTheDataVerifies() throws Exception {
        assertThat(verifies(Signature.getInstance("SHA256withRSA"), rsa, sign(rsa, MESSAGE, "-m", "SHA256-RSA-PKCS"))).isTrue();
    }

    @Test
    void rsaPssOfADigestVerifiesWithSha256AndSalt32() throws Exception {
        byte[] signature = sign(rsa, HashAlgorithm.SHA256.digest(MESSAGE),
                "-m", "RSA-PKCS-PSS", "--hash-algorithm", "SHA256", "--mgf", "MGF1-SHA256", "--salt-len", "32");

        Signature pss = Signature.getInstance("RSASSA-PSS");
        pss.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        assertThat(verifies(pss, rsa, signature)).isTrue();
    }

    @Test
    void ecdsaOfADigestVerifiesAsSha256WithEcdsa() throws Exception {
        byte[] signature = sign(ec, HashAlgorithm.SHA256.digest(MESSAGE), "-m", "ECDSA", "--signature-format", "openssl");

        assertThat(verifies(Signature.getInstance("SHA256withECDSA"), ec, signature)).isTrue();
    }

    @Test
    void ecdsaWithoutConversionIsFixedWidthROfSAsPkcs11Says() throws Exception {
        byte[] signature = sign(ec, HashAlgorithm.SHA256.digest(MESSAGE), "-m", "ECDSA");

        assertThat(signature).hasSize(64);
        assertThat(verifies(Signature.getInstance("SHA256withECDSAinP1363Format"), ec, signature)).isTrue();
    }

    @Test
    void hashAndSignMechanismsHashDataSentInParts() throws Exception {
        byte[] large = new byte[100_000];
        new SecureRandom().nextBytes(large);

        assertThat(verifies(Signature.getInstance("SHA256withRSA"), rsa, large, sign(rsa, large, "-m", "SHA256-RSA-PKCS"))).isTrue();
        assertThat(verifies(Signature.getInstance("SHA256withECDSA"), ec, large,
                sign(ec, large, "-m", "ECDSA-SHA256", "--signature-format", "openssl"))).isTrue();
    }

    @Test
    void readObjectGivesEachLeafCertificatesDer() throws Exception {
        for (TestPki.TestIdentity identity : List.of(rsa, ec)) {
            Path out = folder.resolve("certificate.der");
            Run run = tool("--read-object", "--type", "cert", "--id", AgentTest.sha1(identity), "-o", out.toString());

            assertThat(run.exit).as(run.toString()).isZero();
            assertThat(Files.readAllBytes(out)).isEqualTo(identity.leaf().getEncoded());
        }
    }

    @Test
    void withTheAgentDownSigningFailsQuicklyAndTheModuleSaysWhy() throws Exception {
        agent.close();
        Path input = Files.write(folder.resolve("digest"), HashAlgorithm.SHA256.digest(MESSAGE));

        long started = System.nanoTime();
        Run run = tool("--sign", "--id", AgentTest.sha1(ec), "-m", "ECDSA", "-i", input.toString(),
                "-o", folder.resolve("signature").toString());

        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).as(run.toString()).isLessThan(5);
        assertThat(run.exit).as(run.toString()).isNotZero();
        assertThat(run.stderr).contains("signing-manager-pkcs11: the Signing Manager agent is not reachable at " + socket);
    }

    @Test
    void jarsignerSignsAJarThroughSunPkcs11AndTheSignatureVerifies() throws Exception {
        Path config = Files.writeString(folder.resolve("pkcs11.cfg"),
                "name=SigningManager\nlibrary=" + MODULE.toAbsolutePath() + "\nslotListIndex=0\n");
        Path jar = folder.resolve("app.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("app.txt"));
            out.write(MESSAGE);
        }
        String jarsigner = Path.of(System.getProperty("java.home"), "bin", "jarsigner").toString();

        // Each signer: the key's alias, the signature file's name, the algorithm.
        for (List<String> signer : List.of(List.of("Interop RSA", "RSA", "SHA256withRSA"),
                List.of("Interop RSA", "PSS", "RSASSA-PSS"), List.of("Interop EC", "EC", "SHA256withECDSA"))) {
            Run signing = run(List.of(jarsigner, "-keystore", "NONE", "-storetype", "PKCS11",
                    "-providerClass", "sun.security.pkcs11.SunPKCS11", "-providerArg", config.toString(), "-storepass", "none",
                    "-sigfile", signer.get(1), "-sigalg", signer.get(2), jar.toString(), signer.get(0)));
            assertThat(signing.exit).as(signing.toString()).isZero();
        }

        Run verifying = run(List.of(jarsigner, "-verify", "-verbose", "-certs", jar.toString()));
        assertThat(verifying.exit).as(verifying.toString()).isZero();
        assertThat(verifying.stdout).as("the three signatures, the EC one with the CA the module lists")
                .contains("jar verified.", "META-INF/RSA.RSA", "META-INF/PSS.RSA", "META-INF/EC.EC", "CN=Interop RSA",
                        "CN=Interop EC", "CN=Test Code Signing CA");
    }

    @Test
    void pkcs11ToolsSelfTestSignsWithEveryRsaFunctionAndFindsNoError() throws Exception {
        Run run = tool("--test", "--allow-sw");

        assertThat(run.exit).as(run.toString()).isZero();
        assertThat(run.stdout).as(run.toString()).contains("all 4 signature functions seem to work", "No errors");
    }

    @Test
    void aRefusalOfTheServiceFailsTheSignatureAndTheModuleSaysWhatToDo() throws Exception {
        service.http.patch("/api/v1/admin/clients/" + manager.settings().clientId(), service.adminToken(), Map.of("active", false));
        Path input = Files.write(folder.resolve("digest"), HashAlgorithm.SHA256.digest(MESSAGE));

        Run run = tool("--sign", "--id", AgentTest.sha1(ec), "-m", "ECDSA", "-i", input.toString(),
                "-o", folder.resolve("signature").toString());

        assertThat(run.exit).as(run.toString()).isNotZero();
        assertThat(run.stderr).contains("signing-manager-pkcs11: the agent refused: client_inactive ").contains("Clients page");
    }

    @Test
    void opensslSignsThroughTheLibp11EngineWithEachIdentityAndTheSignaturesVerify() throws Exception {
        Path data = Files.write(folder.resolve("data"), MESSAGE);
        for (TestPki.TestIdentity identity : List.of(rsa, ec)) {
            Path signature = folder.resolve("data.sig");
            Files.deleteIfExists(signature);
            Run run = run(List.of("openssl", "dgst", "-sha256", "-engine", "pkcs11", "-keyform", "engine", "-sign",
                    Pkcs11Uri.privateKey(AgentTest.sha1(identity), commonName(identity)), "-out", signature.toString(),
                    data.toString()));

            assertThat(run.exit).as(run.toString()).isZero();
            String algorithm = identity == rsa ? "SHA256withRSA" : "SHA256withECDSA";
            assertThat(verifies(Signature.getInstance(algorithm), identity, Files.readAllBytes(signature)))
                    .as(algorithm + " of the data by " + commonName(identity)).isTrue();
        }
    }

    @Test
    void osslsigncodeSignsAPowerShellScriptWithEachIdentityAndItVerifies() throws Exception {
        for (TestPki.TestIdentity identity : List.of(rsa, ec)) {
            Path script = Files.writeString(folder.resolve("app.ps1"), "Write-Output \"hello\"\r\n");
            Path signed = folder.resolve("signed.ps1");
            Files.deleteIfExists(signed);
            String sha1 = AgentTest.sha1(identity);
            Run signing = run(List.of("osslsigncode", "sign", "-pkcs11module", MODULE.toAbsolutePath().toString(),
                    "-pkcs11cert", Pkcs11Uri.certificate(sha1, commonName(identity)),
                    "-key", Pkcs11Uri.privateKey(sha1, commonName(identity)), "-h", "sha256",
                    "-in", script.toString(), "-out", signed.toString()));
            assertThat(signing.exit).as(signing.toString()).isZero();

            // The chain's last certificate (the RSA one is self-signed, the EC one's CA) is the trust anchor.
            X509Certificate anchor = identity.chain().get(identity.chain().size() - 1);
            Path caFile = Files.writeString(folder.resolve("ca.pem"), pem(anchor));
            Run verifying = run(List.of("osslsigncode", "verify", "-CAfile", caFile.toString(), "-in", signed.toString()));
            assertThat(verifying.exit).as(verifying.toString()).isZero();
            assertThat(verifying.stdout).as(verifying.toString())
                    .contains("Subject: /CN=" + commonName(identity) + "/", "Signature verification: ok",
                            "Number of verified signatures: 1");
            assertThat(Files.readString(signed)).startsWith("Write-Output \"hello\"\r\n")
                    .contains("# SIG # Begin signature block");

            Run untrusted = run(List.of("osslsigncode", "verify", "-in", signed.toString()));
            assertThat(untrusted.exit).as("without the anchor (the system's CAs only)\n" + untrusted).isNotZero();
        }
    }

    private static String commonName(TestPki.TestIdentity identity) {
        return identity == rsa ? "Interop RSA" : "Interop EC";
    }

    private static String pem(X509Certificate certificate) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }

    /** Signs {@code input} with the identity's key through pkcs11-tool and answers the signature file. */
    private byte[] sign(TestPki.TestIdentity identity, byte[] input, String... mechanism) throws Exception {
        Path in = Files.write(folder.resolve("input"), input);
        Path out = folder.resolve("signature");
        List<String> arguments = new ArrayList<>(List.of("--sign", "--id", AgentTest.sha1(identity),
                "-i", in.toString(), "-o", out.toString()));
        arguments.addAll(List.of(mechanism));
        Run run = tool(arguments.toArray(String[]::new));
        assertThat(run.exit).as(run.toString()).isZero();
        return Files.readAllBytes(out);
    }

    private static boolean verifies(Signature verifier, TestPki.TestIdentity identity, byte[] signature) throws Exception {
        return verifies(verifier, identity, MESSAGE, signature);
    }

    private static boolean verifies(Signature verifier, TestPki.TestIdentity identity, byte[] data, byte[] signature)
            throws Exception {
        verifier.initVerify(identity.leaf().getPublicKey());
        verifier.update(data);
        return verifier.verify(signature);
    }

    /** The listing's objects: each from its heading line (no indent) to the next. */
    private static List<String> objects(String listing) {
        List<String> objects = new ArrayList<>();
        for (String line : listing.split("\n")) {
            if (!line.startsWith(" ")) {
                objects.add("");
            }
            if (!objects.isEmpty()) {
                objects.set(objects.size() - 1, objects.get(objects.size() - 1) + line.trim() + "\n");
            }
        }
        return objects;
    }

    private record Run(int exit, String stdout, String stderr) {
        @Override
        public String toString() {
            return "the tool exited " + exit + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    /** pkcs11-tool on the module. */
    private Run tool(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("pkcs11-tool", "--module", MODULE.toAbsolutePath().toString()));
        command.addAll(List.of(arguments));
        return run(command);
    }

    /** A command told the agent's socket and (for libp11's engine) the module; killed after 30 s. */
    private Run run(List<String> command) throws Exception {
        Path stdout = folder.resolve("stdout");
        Path stderr = folder.resolve("stderr");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        builder.environment().put("SIGNING_MANAGER_AGENT_SOCKET", socket.toString());
        builder.environment().put("PKCS11_MODULE_PATH", MODULE.toAbsolutePath().toString());
        Process process = builder.start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError(String.join(" ", command) + " did not end in 30 s");
        }
        return new Run(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
    }
}
