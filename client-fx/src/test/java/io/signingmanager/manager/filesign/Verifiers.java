package io.signingmanager.manager.filesign;

import io.signingmanager.common.crypto.Certificates;
import io.signingmanager.service.testing.ExternalTool;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The verifiers of other people: the JDK's jarsigner and osslsigncode, trusting only the certificates given. */
final class Verifiers {
    private static final String STORE_PASSWORD = "truststore";

    private Verifiers() {
    }

    /** {@code jarsigner -verify -strict} with a truststore of those certificates (the chain's anchor, a TSA's). */
    static ExternalTool.Run jarsigner(Path jar, Path folder, X509Certificate... trusted) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (int i = 0; i < trusted.length; i++) {
            trust.setCertificateEntry("trusted " + i, trusted[i]);
        }
        Path store = folder.resolve("truststore.p12");
        try (OutputStream out = Files.newOutputStream(store)) {
            trust.store(out, STORE_PASSWORD.toCharArray());
        }
        return ExternalTool.run(List.of(ExternalTool.jdkTool("jarsigner"), "-verify", "-strict", "-verbose", "-certs",
                "-keystore", store.toString(), "-storepass", STORE_PASSWORD, jar.toString()), Map.of(), folder);
    }

    /** {@code osslsigncode verify} with {@code anchor} as the only CA, and the TSA's certificate when given. */
    static ExternalTool.Run osslsigncode(Path signed, Path folder, X509Certificate anchor, X509Certificate... tsa)
            throws Exception {
        List<String> command = new ArrayList<>(List.of("osslsigncode", "verify", "-CAfile",
                pem(anchor, folder.resolve("anchor.pem")).toString(), "-in", signed.toString()));
        for (X509Certificate certificate : tsa) {
            command.addAll(List.of("-TSA-CAfile", pem(certificate, folder.resolve("tsa.pem")).toString()));
        }
        return ExternalTool.run(command, Map.of(), folder);
    }

    /** The last certificate of a chain: the one a verifier must trust. */
    static X509Certificate anchor(List<X509Certificate> chain) {
        return chain.get(chain.size() - 1);
    }

    private static Path pem(X509Certificate certificate, Path file) throws Exception {
        return Files.writeString(file, Certificates.pem(certificate.getEncoded()));
    }
}
