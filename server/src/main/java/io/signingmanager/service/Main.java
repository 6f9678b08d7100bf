package io.signingmanager.service;

import io.signingmanager.common.crypto.Fingerprints;
import io.signingmanager.service.backup.BackupCommands;
import io.signingmanager.service.license.LicenseCommand;
import io.signingmanager.service.migration.MigrateCommand;
import io.signingmanager.service.reference.HealthCommand;
import io.signingmanager.service.storage.ExternalDatabase;
import io.signingmanager.service.storage.StorageException;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar signing-service.jar [flags]} runs the service; {@code license ...} issues licenses;
 * {@code migrate ...} moves an H2 data folder's database to PostgreSQL; {@code backup ...} and {@code restore ...}
 * take and restore an encrypted backup of a data folder; {@code health [flags]} asks the
 * running service whether it answers (the container image's health check).
 */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("license")) {
            System.exit(LicenseCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        if (args.length > 0 && args[0].equals("migrate")) {
            System.exit(MigrateCommand.run(Arrays.copyOfRange(args, 1, args.length), System.getenv(), System.out,
                    System.err));
        }
        if (args.length > 0 && (args[0].equals("backup") || args[0].equals("restore"))) {
            System.exit(BackupCommands.run(args, System.getenv(), () -> Optional.ofNullable(System.console()), System.out,
                    System.err));
        }
        if (args.length > 0 && args[0].equals("health")) {
            System.exit(HealthCommand.run(Arrays.copyOfRange(args, 1, args.length), System.getenv(), System.out,
                    System.err));
        }
        if (List.of(args).contains("-h") || List.of(args).contains("--help")) {
            System.out.print(ServiceFlags.usage());
            return;
        }
        StartUpWork.begin();
        ServiceConfig config;
        try {
            config = ServiceConfig.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("signing-service: " + e.getMessage());
            System.err.println("Run with -h to see the flags.");
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
        if (service.firstRunPending()) {
            LOG.warn("First run: until the initial admin password is changed, the service answers only callers on "
                    + "this machine, whatever --host says. Sign in at {}://localhost:{} as admin with the default "
                    + "password (or through ssh -L {}:localhost:{} from elsewhere) and choose a new password",
                    config.plainHttp() ? "http" : "https", service.port(), service.port(), service.port());
        }
        stopped.await();
    }
}
