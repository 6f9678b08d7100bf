package io.signingmanager.service;

import io.signingmanager.common.crypto.Fingerprints;
import io.signingmanager.service.license.LicenseCommand;
import io.signingmanager.service.storage.ExternalDatabase;
import io.signingmanager.service.storage.StorageException;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code java -jar signing-service.jar [flags]} runs the service; {@code license ...} issues licenses. */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);
    static final String USAGE = """
            Usage: java -jar signing-service.jar [--port N] [--data DIR] [--host ADDRESS]
                       [--tls-cert PEM --tls-key PEM | --tls-p12 FILE] [--license-issuer PEM] [--plain-http]
                       [--database-url jdbc:postgresql://HOST:PORT/DATABASE] [--trusted-proxy ADDRESS[,ADDRESS...]]
                       [--connections-per-address N]
                   java -jar signing-service.jar license keygen|issue ...

            Environment: SIGNING_SERVICE_PORT, SIGNING_SERVICE_DATA, SIGNING_SERVICE_HOST,
              SIGNING_SERVICE_MASTER_KEY (base64 of 32 bytes; else DATA/master.key is made),
              SIGNING_SERVICE_TLS_CERTIFICATE, SIGNING_SERVICE_TLS_KEY, SIGNING_SERVICE_TLS_PKCS12,
              SIGNING_SERVICE_TLS_PKCS12_PASSWORD, SIGNING_SERVICE_LICENSE_ISSUER,
              SIGNING_SERVICE_DATABASE_URL, SIGNING_SERVICE_DATABASE_USER, SIGNING_SERVICE_DATABASE_PASSWORD,
              SIGNING_SERVICE_TRUSTED_PROXIES, SIGNING_SERVICE_CONNECTIONS_PER_ADDRESS.
            --trusted-proxy: the proxies (addresses or ranges like 10.0.0.0/8) whose X-Forwarded-For
              names the caller; from anyone else the header is ignored.
            Defaults: port 3000, data folder ./signing-service-data, a self-signed TLS certificate,
              the embedded H2 database in the data folder, at most 100 open connections per remote
              address (0: no cap; no cap with --plain-http, where every connection comes from the proxy).
            """;

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("license")) {
            System.exit(LicenseCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        if (args.length > 0 && (args[0].equals("-h") || args[0].equals("--help"))) {
            System.out.print(USAGE);
            return;
        }
        ServiceConfig config;
        try {
            config = ServiceConfig.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        SigningService service;
        try {
            service = SigningService.start(config, Clock.systemUTC());
        } catch (StorageException e) {
            System.err.println("signing-service: " + e.getMessage());
            System.exit(1);
            return;
        }
        if (config.plainHttp() && config.trustedProxies().isEmpty()) {
            LOG.warn("Plain HTTP without --trusted-proxy: every caller through the proxy has the proxy's address "
                    + "in the audit and in the sign-in limits");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                service.close();
                LOG.info("Signing Service stopped");
            } catch (Exception e) {
                LOG.warn("Signing Service did not stop cleanly", e);
            } finally {
                stopped.countDown();
            }
        }, "shutdown"));
        LOG.info("Signing Service {} listening on {}://{}:{} with data folder {}; database {}; TLS certificate SHA-256 {}",
                SigningService.version().version(), config.plainHttp() ? "http" : "https", config.host(),
                service.port(), config.dataFolder().toAbsolutePath(),
                ExternalDatabase.nameOf(config.database()),
                config.plainHttp() ? "(none, plain HTTP)" : Fingerprints.colons(service.tlsSha256()));
        stopped.await();
    }
}
