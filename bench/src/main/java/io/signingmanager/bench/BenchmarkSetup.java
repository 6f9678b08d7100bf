package io.signingmanager.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.common.client.SigningServiceClient;
import io.signingmanager.common.client.TlsTrust;
import io.signingmanager.service.ServiceConfig;
import io.signingmanager.service.SigningService;
import io.signingmanager.service.storage.ExternalDatabase;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A Signing Service on a random port with a temporary data folder, set up the way an operator
 * would over HTTPS: first sign-in done, the identities imported, an API key made, a client
 * registered. Closing it stops the service and deletes the folder. {@link #prepare} sets up a service
 * running elsewhere the same way (the cold benchmark's own process), and closing that one leaves it be.
 */
final class BenchmarkSetup implements AutoCloseable {
    private static final String ADMIN_PASSWORD = "benchmark admin password";
    private static final String P12_PASSWORD = "benchmark p12 password";

    private final SigningService service;
    private final URI uri;
    private final String tlsSha256;
    private final Path folder;
    private final Registration registration;
    private boolean closed;

    /** The API key made for the benchmark and the client registered with it. */
    record Registration(String apiKey, String clientToken) {
    }

    private BenchmarkSetup(SigningService service, URI uri, String tlsSha256, Path folder, Registration registration) {
        this.service = service;
        this.uri = uri;
        this.tlsSha256 = tlsSha256;
        this.folder = folder;
        this.registration = registration;
    }

    static BenchmarkSetup start(List<BenchIdentity> identities) throws Exception {
        return start(identities, null);
    }

    /** {@code database}: an empty PostgreSQL database for the service, or {@code null} for its embedded H2. */
    static BenchmarkSetup start(List<BenchIdentity> identities, ExternalDatabase database) throws Exception {
        Path folder = Files.createTempDirectory("signing-bench");
        SigningService service;
        try {
            ServiceConfig config = ServiceConfig.defaults(folder.resolve("data")).withPort(0);
            if (database != null) {
                config = config.withSharedDatabase(database, null);
            }
            service = SigningService.start(config, Clock.systemUTC());
        } catch (Exception e) {
            delete(folder);
            throw e;
        }
        try {
            return new BenchmarkSetup(service, service.localUri(), service.tlsSha256(), folder,
                    register(service.localUri(), service.tlsSha256(), identities));
        } catch (Exception e) {
            service.close();
            delete(folder);
            throw e;
        }
    }

    /** The service at {@code uri} (a new one, first sign-in pending) set up; not stopped on {@link #close}. */
    static BenchmarkSetup prepare(URI uri, String tlsSha256, List<BenchIdentity> identities) throws Exception {
        return new BenchmarkSetup(null, uri, tlsSha256, null, register(uri, tlsSha256, identities));
    }

    private static Registration register(URI uri, String tlsSha256, List<BenchIdentity> identities) throws Exception {
        AdminCalls calls = new AdminCalls(uri, tlsSha256);
        String admin = calls.post("/api/v1/auth/login", null,
                Map.of("username", "admin", "password", "change_password"), 200).get("token").asText();
        calls.post("/api/v1/auth/password", admin,
                Map.of("currentPassword", "change_password", "newPassword", ADMIN_PASSWORD), 200);
        calls.post("/api/v1/auth/agreement", admin, null, 200);
        for (BenchIdentity identity : identities) {
            calls.upload("/api/v1/admin/certificates", admin, "file", identity.p12(P12_PASSWORD),
                    Map.of("password", P12_PASSWORD), 201);
        }
        JsonNode apiKey = calls.post("/api/v1/admin/api-keys", admin, Map.of("name", "benchmark"), 201);
        JsonNode client = calls.post("/api/v1/client/register", apiKey.get("key").asText(),
                Map.of("hostname", "signing-bench", "platform", System.getProperty("os.name"), "appVersion", "bench"), 201);
        return new Registration(apiKey.get("key").asText(), client.get("clientToken").asText());
    }

    /** A protocol client with its own HttpClient, hence its own keep-alive connection. */
    SigningServiceClient newClient() {
        return new SigningServiceClient(uri, TlsTrust.pinned(tlsSha256));
    }

    /** The load generator's light connection for calls to {@code path} (sign, sign-batch), as the registered client. */
    KeepAliveSignClient newSignConnection(String path) throws IOException {
        return KeepAliveSignClient.posting(uri, TlsTrust.pinned(tlsSha256), registration.clientToken(), path);
    }

    /** The same light connection for {@code GET path} with no token (the lightest calls). */
    KeepAliveSignClient newGetConnection(String path) throws IOException {
        return KeepAliveSignClient.getting(uri, TlsTrust.pinned(tlsSha256), path);
    }

    String clientToken() {
        return registration.clientToken();
    }

    /** The benchmark's API key, for a Signing Manager to register with. */
    String apiKey() {
        return registration.apiKey();
    }

    URI uri() {
        return uri;
    }

    String tlsSha256() {
        return tlsSha256;
    }

    @Override
    public void close() throws IOException {
        if (closed || service == null) {
            return;
        }
        closed = true;
        try {
            service.close();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("The Signing Service did not stop cleanly", e);
        } finally {
            delete(folder);
        }
    }

    /** Work in a temporary folder of its own. */
    @FunctionalInterface
    interface FolderWork {
        void run(Path folder) throws Exception;
    }

    /** Runs {@code work} in a new temporary folder named from {@code prefix}, deleted afterwards whatever happens. */
    static void inTempFolder(String prefix, FolderWork work) throws Exception {
        Path folder = Files.createTempDirectory(prefix);
        try {
            work.run(folder);
        } finally {
            delete(folder);
        }
    }

    static void delete(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
