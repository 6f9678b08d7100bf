package io.signingmanager.manager.testing;

import io.signingmanager.common.apple.AppleCertificateType;
import io.signingmanager.manager.agent.AgentFixture;
import io.signingmanager.service.testing.AppleTestPki;
import io.signingmanager.service.testing.TestPki;
import io.signingmanager.service.testing.TestService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

/**
 * An identity shaped like Apple's, held by the Signing Service: RSA-2048, the team ID
 * ({@link AppleTestPki#TEAM_ID}) in the subject OU, code-signing usage and the type's marker, issued
 * by the test Developer ID or WWDR intermediate under the test Apple root, which the checkers
 * ({@code verify_macho.py --root}, {@code verify_pkg.py --root}) are given as PEM.
 */
public record AppleIdentity(AppleCertificateType type, TestPki.TestIdentity identity) {

    /** A new certificate of that type for the test team, imported into the service. */
    public static AppleIdentity imported(TestService service, AppleCertificateType type) {
        AppleIdentity apple = new AppleIdentity(type, AppleTestPki.certificate(type, AppleTestPki.TEAM_ID));
        AgentFixture.importAll(service, apple.identity);
        return apple;
    }

    public String sha1() {
        return identity.sha1();
    }

    public String teamId() {
        return AppleTestPki.TEAM_ID;
    }

    public X509Certificate leaf() {
        return identity.leaf();
    }

    /** Leaf, intermediate, root. */
    public List<X509Certificate> chain() {
        return identity.chain();
    }

    public X509Certificate root() {
        return identity.chain().get(identity.chain().size() - 1);
    }

    /** The test Apple root as {@code folder/apple-root.pem}. */
    public Path rootPem(Path folder) throws Exception {
        return writePem(folder.resolve("apple-root.pem"), List.of(root()));
    }

    /** Certificates as PEM, one after the other. */
    public static Path writePem(Path file, List<X509Certificate> certificates) throws Exception {
        StringBuilder pem = new StringBuilder();
        for (X509Certificate certificate : certificates) {
            pem.append("-----BEGIN CERTIFICATE-----\n")
                    .append(Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(encoded(certificate)))
                    .append("\n-----END CERTIFICATE-----\n");
        }
        return Files.writeString(file, pem, StandardCharsets.US_ASCII);
    }

    private static byte[] encoded(X509Certificate certificate) throws CertificateEncodingException {
        return certificate.getEncoded();
    }
}
