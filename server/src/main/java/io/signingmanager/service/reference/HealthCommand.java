package io.signingmanager.service.reference;

import io.signingmanager.common.client.SigningServiceClient;
import io.signingmanager.common.client.SigningServiceException;
import io.signingmanager.common.client.TlsTrust;
import io.signingmanager.common.crypto.Certificates;
import io.signingmanager.common.crypto.Fingerprints;
import io.signingmanager.common.protocol.VersionInfo;
import io.signingmanager.service.ServiceConfig;
import io.signingmanager.service.tls.TlsIdentity;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

/**
 * {@code signing-service health [the service's flags]}: asks the service running on this machine for
 * {@code /api/v1/version} and exits 0 when it answers, 1 when not. It is the health check of the container
 * image, which has no shell and no curl: Docker's exec-form {@code HEALTHCHECK} runs it inside the
 * container, with the container's environment, so it reads the same settings as the service (port, plain
 * HTTP, TLS) and trusts exactly the certificate the service serves (pinned, so an operator's certificate
 * that does not name {@code localhost} still passes). It never creates the self-signed certificate: before
 * the service has made one, the service is not up.
 */
public final class HealthCommand {
    /** The exit codes Docker reads: 0 healthy, 1 unhealthy; 2 is a wrong command line, as for the service. */
    static final int HEALTHY = 0;
    static final int UNHEALTHY = 1;
    static final int USAGE = 2;

    private HealthCommand() {
    }

    /** Runs the check; answers the process exit code. */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        ServiceConfig config;
        try {
            config = ServiceConfig.parse(args, env);
        } catch (IllegalArgumentException e) {
            err.println("signing-service health: " + e.getMessage());
            return USAGE;
        }
        URI url = URI.create((config.plainHttp() ? "http" : "https") + "://" + localAddress(config.host()) + ":"
                + config.port() + "/");
        try {
            TlsTrust trust = config.plainHttp() ? TlsTrust.system() : TlsTrust.pinned(servedCertificateSha256(config));
            VersionInfo version = new SigningServiceClient(url, trust).version();
            out.println("healthy: Signing Service " + version.version() + " at " + url);
            return HEALTHY;
        } catch (IOException | GeneralSecurityException | IllegalArgumentException | SigningServiceException e) {
            err.println("unhealthy: " + url + ": " + e.getMessage());
            return UNHEALTHY;
        }
    }

    /** A wildcard listen address is reached on loopback; a given one is asked as it is. */
    static String localAddress(String host) {
        if (host.equals("0.0.0.0") || host.isBlank()) {
            return "127.0.0.1";
        }
        if (host.equals("::") || host.equals("[::]")) {
            return "[::1]";
        }
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** The SHA-256 of the leaf certificate the service serves, read as the service reads it. */
    private static String servedCertificateSha256(ServiceConfig config) throws IOException, GeneralSecurityException {
        if (config.tlsPkcs12() != null) {
            String password = config.tlsPkcs12Password() == null ? "" : config.tlsPkcs12Password();
            return TlsIdentity.fromPkcs12(config.tlsPkcs12(), password.toCharArray()).sha256();
        }
        Path chain = config.tlsCertificate() != null ? config.tlsCertificate()
                : TlsIdentity.selfSignedCertificate(config.dataFolder());
        if (!Files.exists(chain)) {
            throw new IOException("no TLS certificate yet at " + chain + ": the service has not started");
        }
        List<X509Certificate> certificates = Certificates.parseAll(Files.readAllBytes(chain));
        if (certificates.isEmpty()) {
            throw new IOException("no certificate in " + chain);
        }
        return Fingerprints.sha256(certificates.get(0));
    }
}
