package io.signingmanager.service.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.common.client.SigningServiceClient;
import io.signingmanager.common.client.TlsTrust;
import io.signingmanager.service.ServiceConfig;
import io.signingmanager.service.SigningService;
import io.signingmanager.service.license.IssuerKeys;
import io.signingmanager.service.testing.appstore.AppStoreConnectDouble;
import io.signingmanager.service.testing.appstore.AscTeamKey;
import io.signingmanager.service.audit.AuditLog;
import io.signingmanager.service.secrets.MasterKey;
import io.signingmanager.service.secrets.SecretBox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A real Signing Service on a random port with a temporary data folder, and the steps every test
 * needs (first sign-in done, users, API keys, clients, certificates) as real HTTP calls.
 */
public final class TestService implements AutoCloseable {
    public static final String ADMIN_PASSWORD = "admin password for tests";
    public static final String USER_PASSWORD = "user password for tests";

    public final SigningService service;
    public final MutableClock clock;
    public final Http http;
    public final Path data;
    /** The key whose licenses the service believes; {@code null} unless {@link #startLicensed()}. */
    public final KeyPair licenseIssuer;
    /** The App Store Connect the service talks to; {@code null} unless started with one. */
    public final AppStoreConnectDouble apple;
    private final boolean ownsApple;
    private String adminToken;

    private TestService(SigningService service, MutableClock clock, Path data, KeyPair licenseIssuer,
                        AppStoreConnectDouble apple, boolean ownsApple) {
        this.service = service;
        this.clock = clock;
        this.data = data;
        this.licenseIssuer = licenseIssuer;
        this.apple = apple;
        this.ownsApple = ownsApple;
        this.http = new Http(service.localUri(), service.tlsSha256());
    }

    public static TestService start() {
        return start(config -> config);
    }

    public static TestService start(UnaryOperator<ServiceConfig> configure) {
        return start(configure, null, new MutableClock(), null, false);
    }

    /** A service with an App Store Connect double of its own ({@link #apple}), closed with the service. */
    public static TestService startWithAppStoreConnect() {
        AppStoreConnectDouble apple = AppStoreConnectDouble.start(new MutableClock());
        try {
            return start(apple, true);
        } catch (RuntimeException e) {
            apple.close();
            throw e;
        }
    }

    /**
     * A service whose App Store Connect is the double ({@code SIGNING_SERVICE_APPSTORE_CONNECT_URL}), on
     * the double's clock, which must be a {@link MutableClock}: a test moves both at once.
     */
    public static TestService start(AppStoreConnectDouble apple) {
        return start(apple, false);
    }

    private static TestService start(AppStoreConnectDouble apple, boolean owned) {
        if (!(apple.clock() instanceof MutableClock clock)) {
            throw new IllegalArgumentException("Start the double on a MutableClock: the service runs on the same one");
        }
        return start(config -> config.withAppStoreConnectUrl(URI.create(apple.url())), null, clock, apple, owned);
    }

    /** A service that believes licenses signed with {@link #licenseIssuer}, a key made for it. */
    public static TestService startLicensed() {
        try {
            return start(config -> config, IssuerKeys.generate(), new MutableClock(), null, false);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("No Ed25519 key for the license issuer", e);
        }
    }

    private static TestService start(UnaryOperator<ServiceConfig> configure, KeyPair licenseIssuer, MutableClock clock,
                                     AppStoreConnectDouble apple, boolean ownsApple) {
        try {
            Path data = Files.createTempDirectory("signing-service-test");
            ServiceConfig defaults = TestPostgres.ifRequested(ServiceConfig.defaults(data.resolve("data")).withPort(0));
            if (licenseIssuer != null) {
                Path publicKey = data.resolve("license-issuer.pub");
                IssuerKeys.write(licenseIssuer, data.resolve("license-issuer.key"), publicKey);
                defaults = defaults.withLicenseIssuer(publicKey);
            }
            ServiceConfig config = configure.apply(defaults);
            return new TestService(SigningService.start(config, clock), clock, data, licenseIssuer, apple, ownsApple);
        } catch (Exception e) {
            throw new IllegalStateException("Test service did not start", e);
        }
    }

    /** A second audit on this service's database, opened with its master key, as another replica's would be. */
    public AuditLog auditLog(Clock auditClock, Supplier<Duration> retention) {
        AuditLog audit = new AuditLog(service.database(), auditClock, retention);
        try {
            audit.open(new SecretBox(MasterKey.load(null, data.resolve("data"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return audit;
    }

    public SigningServiceClient protocolClient() {
        return new SigningServiceClient(service.localUri(), TlsTrust.pinned(service.tlsSha256()));
    }

    /** The default admin, signed in, with the password changed and the agreement accepted. */
    public String adminToken() {
        if (adminToken == null) {
            String first = login("admin", "change_password");
            expect(http.post("/api/v1/auth/password", first,
                    Map.of("currentPassword", "change_password", "newPassword", ADMIN_PASSWORD)), 200);
            expect(http.post("/api/v1/auth/agreement", first, null), 200);
            adminToken = first;
        }
        return adminToken;
    }

    /** A new user, signed in and through the first sign-in steps. */
    public String userToken(String username, boolean admin) {
        expect(http.post("/api/v1/admin/users", adminToken(),
                Map.of("username", username, "password", "initial password 1", "admin", admin)), 201);
        String token = login(username, "initial password 1");
        expect(http.post("/api/v1/auth/password", token,
                Map.of("currentPassword", "initial password 1", "newPassword", USER_PASSWORD)), 200);
        expect(http.post("/api/v1/auth/agreement", token, null), 200);
        return token;
    }

    public String login(String username, String password) {
        return expect(http.post("/api/v1/auth/login", null, Map.of("username", username, "password", password)), 200)
                .json().get("token").asText();
    }

    /** Creates an API key; answers {@code {"id","name","key"}}. */
    public JsonNode createApiKey(String name) {
        return expect(http.post("/api/v1/admin/api-keys", adminToken(), Map.of("name", name)), 201).json();
    }

    /** Registers a client with the API key value; answers the client token. */
    public JsonNode registerClient(String apiKey, String hostname) {
        return expect(http.post("/api/v1/client/register", apiKey,
                Map.of("hostname", hostname, "platform", "Linux", "appVersion", "1.0.0")), 201).json();
    }

    /** Adds the double's key as an App Store Connect API key named {@code name}; answers our key's id. */
    public String addConnectKey(AscTeamKey key, String name) {
        return expect(http.post("/api/v1/admin/apple/connect-keys", adminToken(), Map.of("name", name, "issuerId", key.issuerId(),
                "keyId", key.keyId(), "p8", key.p8())), 201).json().get("id").asText();
    }

    public JsonNode importP12(byte[] p12, String password) {
        return expect(http.upload("POST", "/api/v1/admin/certificates", adminToken(), "file", p12,
                Map.of("password", password)), 201).json();
    }

    public static Http.Answer expect(Http.Answer answer, int status) {
        if (answer.status() != status) {
            throw new AssertionError("Expected HTTP " + status + " but got " + answer.status() + ": " + answer.text());
        }
        return answer;
    }

    @Override
    public void close() {
        try {
            service.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        TempFolders.delete(data);
        if (ownsApple) {
            apple.close();
        }
    }
}
