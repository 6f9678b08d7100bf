package io.signingmanager.manager.ui.certificates;

import io.signingmanager.common.crypto.Certificates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Locale;

/** Writes a certificate for tools that need it locally: DER for {@code .cer} and {@code .der}, PEM otherwise. */
final class CertificateExport {
    private CertificateExport() {
    }

    static boolean isDer(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".cer") || name.endsWith(".der");
    }

    static void write(Path file, X509Certificate certificate) throws IOException {
        byte[] der;
        try {
            der = certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IOException("The certificate cannot be encoded", e);
        }
        Files.write(file, isDer(file) ? der : Certificates.pem(der).getBytes(StandardCharsets.US_ASCII));
    }
}
