package io.signingmanager.manager.filesign;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertificateFactory;
import java.util.zip.ZipFile;
import jdk.security.jarsigner.JarSigner;

/** Signs a JAR with the JDK's own JarSigner, as {@code jarsigner} would. */
final class JarSigning {
    private JarSigning() {
    }

    /** Writes {@code unsigned}, signed, to {@code signed}; time-stamped when {@code tsa} is not {@code null}. */
    static void sign(Path unsigned, Path signed, SigningKey key, URI tsa) throws IOException, GeneralSecurityException {
        CertPath chain = CertificateFactory.getInstance("X.509").generateCertPath(key.chain());
        JarSigner.Builder builder = new JarSigner.Builder(key.privateKey(), chain)
                .digestAlgorithm(key.digestAlgorithm())
                .signatureAlgorithm(key.signatureAlgorithm(), key.provider());
        if (tsa != null) {
            builder.tsa(tsa);
        }
        try (ZipFile zip = new ZipFile(unsigned.toFile()); OutputStream out = Files.newOutputStream(signed)) {
            builder.build().sign(zip, out);
        }
    }
}
