package io.signingmanager.manager.agent;

import io.signingmanager.common.crypto.Certificates;
import static org.assertj.core.api.Assertions.assertThat;

import io.signingmanager.service.testing.ExternalTool;
import io.signingmanager.common.commands.Pkcs11Uri;
import io.signingmanager.manager.testing.UnsignedInputs;
import io.signingmanager.common.crypto.Fingerprints;
import io.signingmanager.common.crypto.HashAlgorithm;
import io.signingmanager.service.testing.TestPki;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.cert.X509Certificate;
import java.security.spec.PSSParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The built PKCS#11 module, loaded by OpenSC's pkcs11-tool, GnuTLS's p11tool, jarsigner (SunPKCS11),
 * openssl (libp11's engine, told the module by {@code PKCS11_MODULE_PATH}) and osslsigncode (PKCS#11
 * URIs), against the real agent and a real Signing Service.
 */
class Pkcs11InteropTest extends ModuleTest {
    private static final byte[] MESSAGE = "what a build signs through PKCS#11".getBytes(StandardCharsets.UTF_8);
    private static final String TRUSTSTORE_PASSWORD = "truststore password";

    @Test
    void p11toolListsEachIdentitysCertificateByCommonName() throws Exception {
        ExternalTool.Run run = tools.run(List.of("p11tool", "--provider", ModuleTools.MODULE.toString(), "--list-all-certs"));

        assertThat(run.exit()).as(run.toString()).isZero();
        for (TestPki.TestIdentity identity : List.of(rsa, ec)) {
            String object = "object=" + commonName(identity).replace(" ", "%20") + ";type=cert";
            assertThat(run.stdout()).as(run.toString()).contains("Label: " + commonName(identity) + "\n")
                    .containsPattern("URL: pkcs11:.*token=Signing%20Manager;id=[^;]*;" + object);
        }
    }

    @Test
    void listObjectsShowsEachCertificateAndPrivateKeyByCommonNameAndSha1() throws Exception {
        ExternalTool.Run run = tools.pkcs11Tool("--list-objects");

        assertThat(run.exit()).as(run.toString()).isZero();
        List<String> objects = objects(run.stdout());
        for (TestPki.TestIdentity identity : List.of(rsa, ec)) {
            String commonName = commonName(identity);
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
            ExternalTool.Run run = tools.pkcs11Tool("--read-object", "--type", "cert", "--id", AgentTest.sha1(identity), "-o", out.toString());

            assertThat(run.exit()).as(run.toString()).isZero();
            assertThat(Files.readAllBytes(out)).isEqualTo(identity.leaf().getEncoded());
        }
    }

    @Test
    void keytoolListsEachIdentityAsAPrivateKeyEntryThroughSunPkcs11() throws Exception {
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        ExternalTool.Run listing = tools.run(List.of(keytool, "-list", "-keystore", "NONE", "-storetype", "PKCS11",
                "-providerClass", "sun.security.pkcs11.SunPKCS11", "-providerArg", tools.sunPkcs11Config().toString(),
                "-storepass", "none"));

        assertThat(listing.exit()).as(listing.toString()).isZero();
        assertThat(listing.stdout()).as(listing.toString()).contains(RSA_NAME + ", PrivateKeyEntry",
                EC_NAME + ", PrivateKeyEntry");
    }

    /** jsign's own command line (from Maven Central) signs a Windows program through SunPKCS11 and the module. */
    @Test
    void theJsignCommandLineSignsAWindowsProgramThatOsslsigncodeVerifies() throws Exception {
        Path program = UnsignedInputs.exe(folder);
        Path caFile = Files.writeString(folder.resolve("ca.pem"), pem(ec.chain().get(1)));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ExternalTool.Run signing = tools.run(List.of(java, "-jar", System.getProperty("jsign.cli"), "--keystore",
                tools.sunPkcs11Config().toString(), "--storetype", "PKCS11", "--storepass", "none", "--alias", EC_NAME,
                program.toString()));
        assertThat(signing.exit()).as(signing.toString()).isZero();

        ExternalTool.Run verifying = tools.run(List.of("osslsigncode", "verify", "-CAfile", caFile.toString(),
                "-in", program.toString()));
        assertThat(verifying.exit()).as(verifying.toString()).isZero();
        assertThat(verifying.stdout()).as(verifying.toString()).contains("Subject: /CN=" + EC_NAME + "/",
                "Signature verification: ok");
    }

    /** NSS (how Firefox and Chromium load modules): modutil adds the module to a database, certutil lists the token. */
    @Test
    void nssLoadsTheModuleAndCertutilListsEachCertificateOnTheToken() throws Exception {
        String database = "sql:" + Files.createDirectories(folder.resolve("nssdb"));
        ExternalTool.Run created = tools.run(List.of("certutil", "-N", "-d", database, "--empty-password"));
        assertThat(created.exit()).as(created.toString()).isZero();
        ExternalTool.Run added = tools.run(List.of("modutil", "-dbdir", database, "-add", "Signing Manager", "-libfile",
                ModuleTools.MODULE.toString(), "-force"));
        assertThat(added.exit()).as(added.toString()).isZero();

        ExternalTool.Run listing = tools.run(List.of("certutil", "-L", "-d", database, "-h", "Signing Manager"));

        assertThat(listing.exit()).as(listing.toString()).isZero();
        assertThat(listing.stdout()).as(listing.toString()).contains("Signing Manager:" + RSA_NAME,
                "Signing Manager:" + EC_NAME);
    }

    @Test
    void jarsignerSignsAJarThroughSunPkcs11AndStrictVerificationAcceptsIt() throws Exception {
        Path config = tools.sunPkcs11Config();
        Path jar = folder.resolve("app.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("app.txt"));
            out.write(MESSAGE);
        }
        String jarsigner = Path.of(System.getProperty("java.home"), "bin", "jarsigner").toString();

        // Each signer: the key's alias, the signature file's name, the algorithm.
        for (List<String> signer : List.of(List.of(RSA_NAME, "RSA", "SHA256withRSA"),
                List.of(RSA_NAME, "PSS", "RSASSA-PSS"), List.of(EC_NAME, "EC", "SHA256withECDSA"))) {
            ExternalTool.Run signing = tools.run(List.of(jarsigner, "-keystore", "NONE", "-storetype", "PKCS11",
                    "-providerClass", "sun.security.pkcs11.SunPKCS11", "-providerArg", config.toString(), "-storepass", "none",
                    "-sigfile", signer.get(1), "-sigalg", signer.get(2), jar.toString(), signer.get(0)));
            assertThat(signing.exit()).as(signing.toString()).isZero();
        }

        // -strict makes an untrusted chain an error: the verifier trusts the self-signed RSA certificate and the EC one's CA.
        Path truststore = truststore(rsa.leaf(), ec.chain().get(1));
        ExternalTool.Run verifying = tools.run(List.of(jarsigner, "-verify", "-strict", "-verbose", "-certs",
                "-keystore", truststore.toString(), "-storetype", "PKCS12", "-storepass", TRUSTSTORE_PASSWORD, jar.toString()));
        assertThat(verifying.exit()).as(verifying.toString()).isZero();
        assertThat(verifying.stdout()).as("the three signatures, the EC one with the CA the module lists")
                .contains("jar verified.", "META-INF/RSA.RSA", "META-INF/PSS.RSA", "META-INF/EC.EC", "CN=" + RSA_NAME,
                        "CN=" + EC_NAME, "CN=Test Code Signing CA");
        // No time-stamping authority runs here, so the missing timestamp is the one warning allowed.
        String otherThanNoTimestamp = verifying.stdout().replaceFirst("(?s)\nWarning: \nThis jar contains signatures that do "
                + "not include a timestamp\\..*\nThe signer certificate will expire on [0-9-]+\\.\n", "\n");
        assertThat(otherThanNoTimestamp + verifying.stderr()).as(verifying.toString()).doesNotContainIgnoringCase("warning");
    }

    /**
     * pkcs11-tool's self-test opens a read/write session and signs with the RSA key by each RSA mechanism it
     * knows (it skips EC keys); what the token does not offer it reports and passes over: no RNG, digests,
     * verification and decryption "not implemented", C_SignUpdate refused for the one-part CKM_RSA_PKCS.
     */
    @Test
    void pkcs11ToolsSelfTestOpensAReadWriteSessionAndItsSignaturesPass() throws Exception {
        ExternalTool.Run run = tools.pkcs11Tool("--test", "--allow-sw");

        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.stdout()).as(run.toString())
                .containsPattern("testing key \\d+ \\(" + commonName(ec) + "\\) +-- non-RSA, skipping\n")
                .containsPattern("testing key \\d+ \\(" + commonName(rsa) + "\\) *\n  testing signature mechanisms:\n"
                        + "    RSA-PKCS: OK\n    SHA1-RSA-PKCS: OK\n    SHA256-RSA-PKCS: OK\n")
                .contains("RNG not available", "Verify: not implemented", "Decrypt: not implemented", "No errors");
        assertThat(run.stderr()).as(run.toString()).contains("Digests: not implemented")
                .doesNotContain("C_OpenSession");
    }

    @Test
    void opensslSignsThroughTheLibp11EngineWithEachIdentityAndTheSignaturesVerify() throws Exception {
        Path data = Files.write(folder.resolve("data"), MESSAGE);
        for (TestPki.TestIdentity identity : List.of(rsa, ec)) {
            Path signature = folder.resolve("data.sig");
            Files.deleteIfExists(signature);
            ExternalTool.Run run = tools.run(List.of("openssl", "dgst", "-sha256", "-engine", "pkcs11", "-keyform", "engine", "-sign",
                    Pkcs11Uri.privateKey(AgentTest.sha1(identity), commonName(identity)), "-out", signature.toString(),
                    data.toString()));

            assertThat(run.exit()).as(run.toString()).isZero();
            String algorithm = identity == rsa ? "SHA256withRSA" : "SHA256withECDSA";
            assertThat(verifies(Signature.getInstance(algorithm), identity, Files.readAllBytes(signature)))
                    .as(algorithm + " of the data by " + commonName(identity)).isTrue();
        }
    }

    @Test
    void osslsigncodeSignsAPowerShellScriptAndAWindowsProgramWithEachIdentityAndTheyVerify() throws Exception {
        Path script = UnsignedInputs.powerShell(folder);
        Path program = UnsignedInputs.exe(folder);
        for (TestPki.TestIdentity identity : List.of(rsa, ec)) {
            // The chain's last certificate (the RSA one is self-signed, the EC one's CA) is the trust anchor.
            X509Certificate anchor = identity.chain().get(identity.chain().size() - 1);
            Path caFile = Files.writeString(folder.resolve("ca.pem"), pem(anchor));
            for (Path input : List.of(script, program)) {
                Path signed = folder.resolve("signed-" + input.getFileName());
                Files.deleteIfExists(signed);
                String sha1 = AgentTest.sha1(identity);
                ExternalTool.Run signing = tools.run(List.of("osslsigncode", "sign", "-pkcs11module",
                        ModuleTools.MODULE.toString(), "-pkcs11cert", Pkcs11Uri.certificate(sha1, commonName(identity)),
                        "-key", Pkcs11Uri.privateKey(sha1, commonName(identity)), "-h", "sha256",
                        "-in", input.toString(), "-out", signed.toString()));
                assertThat(signing.exit()).as(signing.toString()).isZero();

                ExternalTool.Run verifying = tools.run(List.of("osslsigncode", "verify", "-CAfile", caFile.toString(),
                        "-in", signed.toString()));
                assertThat(verifying.exit()).as(verifying.toString()).isZero();
                assertThat(verifying.stdout()).as(verifying.toString())
                        .contains("Subject: /CN=" + commonName(identity) + "/", "Signature verification: ok",
                                "Number of verified signatures: 1");

                ExternalTool.Run untrusted = tools.run(List.of("osslsigncode", "verify", "-in", signed.toString()));
                assertThat(untrusted.exit()).as("without the anchor (the system's CAs only)\n" + untrusted).isNotZero();
            }
            assertThat(Files.readString(folder.resolve("signed-" + script.getFileName())))
                    .startsWith(Files.readString(script)).contains("# SIG # Begin signature block");
        }
    }

    private Path truststore(X509Certificate... anchors) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        for (X509Certificate anchor : anchors) {
            store.setCertificateEntry(anchor.getSubjectX500Principal().getName(), anchor);
        }
        Path file = folder.resolve("truststore.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, TRUSTSTORE_PASSWORD.toCharArray());
        }
        return file;
    }

    private static String pem(X509Certificate certificate) throws Exception {
        return Certificates.pem(certificate.getEncoded());
    }

    /** Signs {@code input} with the identity's key through pkcs11-tool and answers the signature file. */
    private byte[] sign(TestPki.TestIdentity identity, byte[] input, String... mechanism) throws Exception {
        Path in = Files.write(folder.resolve("input"), input);
        Path out = folder.resolve("signature");
        List<String> arguments = new ArrayList<>(List.of("--sign", "--id", AgentTest.sha1(identity),
                "-i", in.toString(), "-o", out.toString()));
        arguments.addAll(List.of(mechanism));
        ExternalTool.Run run = tools.pkcs11Tool(arguments.toArray(String[]::new));
        assertThat(run.exit()).as(run.toString()).isZero();
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
}
