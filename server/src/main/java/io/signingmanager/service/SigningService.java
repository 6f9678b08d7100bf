package io.signingmanager.service;

import io.signingmanager.common.protocol.VersionInfo;
import io.signingmanager.service.apikeys.ApiKeyRepository;
import io.signingmanager.service.apikeys.ApiKeyRoutes;
import io.signingmanager.service.apikeys.ApiKeyService;
import io.signingmanager.service.apple.AutomaticSettings;
import io.signingmanager.service.apple.ProfileRepository;
import io.signingmanager.service.apple.ProfileRoutes;
import io.signingmanager.service.apple.ProfileService;
import io.signingmanager.service.apple.WorkflowFiles;
import io.signingmanager.service.apple.WorkflowRepository;
import io.signingmanager.service.apple.WorkflowRoutes;
import io.signingmanager.service.apple.WorkflowService;
import io.signingmanager.service.apple.WorkflowSlots;
import io.signingmanager.service.appstore.AppStoreConnect;
import io.signingmanager.service.appstore.ConnectKeyRoutes;
import io.signingmanager.service.appstore.ConnectKeyService;
import io.signingmanager.service.appstore.PortalOrigins;
import io.signingmanager.service.appstore.automatic.AutomaticRoutes;
import io.signingmanager.service.appstore.automatic.AutomaticSigning;
import io.signingmanager.service.appstore.automatic.DailyCheck;
import io.signingmanager.service.audit.AuditLog;
import io.signingmanager.service.backup.BackupDuties;
import io.signingmanager.service.backup.BackupRoutes;
import io.signingmanager.service.backup.BackupService;
import io.signingmanager.service.audit.AuditRoutes;
import io.signingmanager.service.audit.LogRoutes;
import io.signingmanager.service.audit.SigningLog;
import io.signingmanager.service.audit.RefusedAccess;
import io.signingmanager.service.auth.AuthRoutes;
import io.signingmanager.service.auth.LoginThrottle;
import io.signingmanager.service.auth.SessionStore;
import io.signingmanager.service.auth.SignIn;
import io.signingmanager.service.certificates.CertificateRepository;
import io.signingmanager.service.certificates.CertificateRoutes;
import io.signingmanager.service.certificates.CertificateService;
import io.signingmanager.service.clientapi.ClientProtocol;
import io.signingmanager.service.clientapi.ClientProtocolRoutes;
import io.signingmanager.service.clients.ClientRepository;
import io.signingmanager.service.clients.ClientRoutes;
import io.signingmanager.service.clients.ClientService;
import io.signingmanager.service.dashboard.Dashboard;
import io.signingmanager.service.http.ConnectionsPerAddress;
import io.signingmanager.service.http.ErrorPageHandler;
import io.signingmanager.service.http.FirstRunGate;
import io.signingmanager.service.http.JsonDialect;
import io.signingmanager.service.http.RefusalLog;
import io.signingmanager.service.http.RouteHandler;
import io.signingmanager.service.http.Router;
import io.signingmanager.service.http.SessionResolver;
import io.signingmanager.service.license.IssuerKeys;
import io.signingmanager.service.license.LicenseRoutes;
import io.signingmanager.service.license.LicenseService;
import io.signingmanager.service.reference.Diagnostics;
import io.signingmanager.service.reference.ReferenceRoutes;
import io.signingmanager.service.secrets.MasterKey;
import io.signingmanager.service.secrets.PasswordHasher;
import io.signingmanager.service.secrets.SecretBox;
import io.signingmanager.service.storage.DataFolder;
import io.signingmanager.service.storage.Database;
import io.signingmanager.service.tls.TlsIdentity;
import io.signingmanager.service.users.FirstRun;
import io.signingmanager.service.users.UserRepository;
import io.signingmanager.service.users.UserRoutes;
import io.signingmanager.service.users.UserService;
import io.signingmanager.service.web.StaticFiles;
import io.signingmanager.service.web.WebPages;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.http.pathmap.ServletPathSpec;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.PathMappingsHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Signing Service, wired by hand. The handler tree is flat:
 * <pre>
 * Server
 * └── ServerConnector (TLS unless --plain-http, HTTP/1.1; ConnectionsPerAddress caps each caller)
 *     └── PathMappingsHandler    (each path behind a FirstRunGate: this machine only until the first password change)
 *         ├── /api/*  RouteHandler (JSON) ── Router: auth, users, certificates, apple (profiles, workflows),
 *         │                                  api-keys, clients, client protocol, audit, license, reference
 *         └── /       RouteHandler (pages) ── WebPages: the same features as HTML pages
 *     (errors Jetty raises before routing: ErrorPageHandler)
 * </pre>
 */
public final class SigningService implements AutoCloseable {
    public static final String NAME = "Signing Service";
    private static final Logger LOG = LoggerFactory.getLogger(SigningService.class);

    private final Server server;
    private final DataFolder dataFolder;
    private final Database database;
    private final TlsIdentity tls;
    private final boolean plainHttp;
    private final Router router;
    private final FirstRun firstRun;
    private final DailyCheck dailyCheck;
    private final SignIn signIn;
    private final BackupDuties backups;

    private SigningService(Server server, DataFolder dataFolder, Database database, TlsIdentity tls, boolean plainHttp,
                           Router router, FirstRun firstRun, DailyCheck dailyCheck, SignIn signIn, BackupDuties backups) {
        this.server = server;
        this.dataFolder = dataFolder;
        this.database = database;
        this.tls = tls;
        this.plainHttp = plainHttp;
        this.router = router;
        this.firstRun = firstRun;
        this.dailyCheck = dailyCheck;
        this.signIn = signIn;
        this.backups = backups;
    }

    /**
     * Starts the service; a data folder that cannot be used (others may write it, another service
     * holds it) or a database that cannot be reached is a {@link io.signingmanager.service.storage.StorageException}.
     */
    public static SigningService start(ServiceConfig config, Clock clock) throws Exception {
        StartUpWork.begin();
        DataFolder dataFolder = DataFolder.claim(config.dataFolder());
        try {
            return start(config, clock, dataFolder);
        } catch (Exception e) {
            dataFolder.close();
            throw e;
        }
    }

    private static SigningService start(ServiceConfig config, Clock clock, DataFolder dataFolder) throws Exception {
        
        long t0 = System.nanoTime();
        // The TLS identity is read (or made, at the first start) while the database opens: neither needs the other.
        CompletableFuture<TlsIdentity> tlsIdentity = StartUpWork.beside(() -> tlsIdentity(config));
        SecretBox secrets = new SecretBox(MasterKey.load(config.masterKey(), config.dataFolder()));
        Database database = config.database() == null ? Database.openH2(config.dataFolder())
                : Database.openPostgres(config.database());
        TlsIdentity tls;
        try {
            tls = StartUpWork.await(tlsIdentity);
        } catch (Exception e) {
            database.close();
            throw e;
        }
        try {
            dataFolder.tighten();
            SessionStore sessions = new SessionStore(database, clock);
            Wiring wiring = wire(config, clock, database, secrets, tls, sessions);
            SessionResolver resolver = AuthRoutes.resolver(sessions);
            PathMappingsHandler paths = new PathMappingsHandler();
            JsonDialect json = new JsonDialect();
            paths.addMapping(new ServletPathSpec("/api/*"), new FirstRunGate(wiring.firstRun()::pending, json,
                    config.trustedProxies(), path -> false, new RouteHandler(wiring.api(), resolver, json,
                    config.trustedProxies(), wiring.refusals())));
            paths.addMapping(new ServletPathSpec("/"), new FirstRunGate(wiring.firstRun()::pending,
                    wiring.pages().dialect(), config.trustedProxies(), StaticFiles::served, new RouteHandler(
                    wiring.pages().router(), resolver, wiring.pages().dialect(), config.trustedProxies(),
                    wiring.refusals())));
            Server server = createServer(config, tls, paths);
            server.start();
            wiring.signIn().prepare();
            wiring.dailyCheck().start();
            // The embedded database's backups: the command line's socket, the schedule (PostgreSQL: pg_dump).
            return new SigningService(server, dataFolder, database, tls, config.plainHttp(), wiring.api(),
                    wiring.firstRun(), wiring.dailyCheck(), wiring.signIn(), BackupDuties.start(dataFolder.path(),
                    wiring.backups()));
        } catch (Exception e) {
            database.close();
            throw e;
        }
    }

    /** The JSON API's route table, and the web pages on the same services. */
    private record Wiring(Router api, WebPages pages, RefusalLog refusals, FirstRun firstRun, DailyCheck dailyCheck,
                          SignIn signIn, BackupService backups) {
    }

    private static Wiring wire(ServiceConfig config, Clock clock, Database database, SecretBox secrets,
                               TlsIdentity tls, SessionStore sessions) throws IOException {
        PasswordHasher hasher = new PasswordHasher();
        UserRepository userRepository = new UserRepository();
        // The audit's retention comes from the license, and license uploads are audited: the retention
        // is looked up when the audit needs it, by then the license service exists.
        AtomicReference<LicenseService> licenseInForce = new AtomicReference<>();
        AuditLog audit = new AuditLog(database, clock, () -> licenseInForce.get().auditRetention());
        audit.open(secrets);
        LicenseService licenses = new LicenseService(database, issuerKey(config), audit, clock);
        licenseInForce.set(licenses);
        UserService users = new UserService(database, userRepository, hasher, sessions, audit, clock);
        users.createDefaultAdminIfNone();
        ApiKeyService apiKeys = new ApiKeyService(database, new ApiKeyRepository(), secrets, audit, clock);
        ClientRepository clients = new ClientRepository();
        CertificateRepository certificateRepository = new CertificateRepository();
        CertificateService certificates = new CertificateService(database, certificateRepository, apiKeys, secrets,
                audit, clock);
        ClientService clientService = new ClientService(database, clients, apiKeys, audit);
        ProfileService profiles = new ProfileService(database, new ProfileRepository(), certificateRepository, audit,
                clock);
        AppStoreConnect appStoreConnect = new AppStoreConnect(database, secrets, config.appStoreConnectUrl(), clock);
        ConnectKeyService connectKeys = new ConnectKeyService(appStoreConnect, audit, clock);
        WorkflowRepository workflowRepository = new WorkflowRepository();
        WorkflowService workflows = new WorkflowService(database, workflowRepository, certificateRepository, profiles,
                apiKeys, new AutomaticSettings(connectKeys, appStoreConnect), audit, clock);
        WorkflowSlots workflowSlots = new WorkflowSlots(database, workflowRepository, certificateRepository,
                certificates, profiles, audit, clock);
        ClientProtocol protocol = new ClientProtocol(database, apiKeys, clients, certificateRepository, certificates,
                new WorkflowFiles(database, workflowRepository, certificateRepository, profiles, clock), audit, clock);
        AutomaticSigning automatic = new AutomaticSigning(database, appStoreConnect, connectKeys,
                new AutomaticSigning.Apple(workflows, workflowSlots, workflowRepository, certificates,
                        certificateRepository, profiles, secrets), audit, clock);
        DailyCheck dailyCheck = new DailyCheck(automatic, workflows, clock);
        BackupService backups = new BackupService(database, config.dataFolder(), secrets, audit, clock);
        Diagnostics diagnostics = new Diagnostics(version(), tls.sha256(), database, backups, clock);
        SignIn signIn = new SignIn(database, userRepository, hasher, sessions, new LoginThrottle(database, clock),
                audit, clock);

        Router router = new Router();
        new AuthRoutes(signIn, sessions).register(router);
        new UserRoutes(users).register(router);
        new CertificateRoutes(certificates).register(router);
        new ProfileRoutes(profiles).register(router);
        new ApiKeyRoutes(apiKeys).register(router);
        new ClientRoutes(clientService).register(router);
        ClientProtocolRoutes clientRoutes = new ClientProtocolRoutes(protocol);
        clientRoutes.register(router);
        new WorkflowRoutes(workflows, workflowSlots).register(router);
        new ConnectKeyRoutes(connectKeys).register(router);
        new AutomaticRoutes(automatic, workflows).register(router);
        new AuditRoutes(audit).register(router);
        SigningLog signingLog = new SigningLog(database);
        new LogRoutes(signingLog, clientRoutes::activeClient).register(router);
        new LicenseRoutes(licenses).register(router);
        new BackupRoutes(backups).register(router);
        new ReferenceRoutes(version(), diagnostics).register(router);
        WebPages pages = new WebPages(new WebPages.Services(signIn, sessions, users, certificates, profiles, workflows,
                workflowSlots, apiKeys, connectKeys,
                clientService, audit, signingLog, licenses, backups, diagnostics, new Dashboard(certificates, apiKeys, clientService, users,
                audit, backups, clock), new PortalOrigins(database), automatic, tls.sha256(), config.dataFolder(), clock));
        RefusedAccess refused = new RefusedAccess(audit);
        return new Wiring(router, pages, (request, refusal) -> refused.refused(request.actor(), request.method(),
                request.path(), refusal.getMessage()), new FirstRun(database, userRepository), dailyCheck, signIn,
                backups);
    }

    static Server createServer(ServiceConfig config, TlsIdentity tls, Handler handler) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("signing-service");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ConnectionFactory httpFactory;
        ServerConnector connector;
        if (config.plainHttp()) {
            httpFactory = new HttpConnectionFactory(http);
            connector = new ServerConnector(server, httpFactory);
        } else {
            SecureRequestCustomizer secure = new SecureRequestCustomizer(false);
            secure.setSniHostCheck(false);
            http.addCustomizer(secure);
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            char[] password = HexFormat.of().formatHex(SecureRandom.getSeed(16)).toCharArray();
            ssl.setKeyStore(tls.keyStore(password));
            ssl.setKeyStorePassword(new String(password));
            httpFactory = new HttpConnectionFactory(http);
            connector = new ServerConnector(server, new SslConnectionFactory(ssl, httpFactory.getProtocol()), httpFactory);
        }
        connector.setHost(config.host());
        connector.setPort(config.port());
        // A connection silent this long is closed; headers and bodies have no thread while they trickle
        // in (bodies also a deadline, see RouteHandler), so what a slow caller holds is its connections.
        connector.setIdleTimeout(30_000);
        if (config.connectionsPerAddress() > 0) {
            connector.addBean(new ConnectionsPerAddress(config.connectionsPerAddress()));
        }
        server.addConnector(connector);
        server.setHandler(handler);
        server.setErrorHandler(new ErrorPageHandler());
        return server;
    }

    private static TlsIdentity tlsIdentity(ServiceConfig config) throws Exception {
        if (config.tlsPkcs12() != null) {
            String password = config.tlsPkcs12Password() == null ? "" : config.tlsPkcs12Password();
            return TlsIdentity.fromPkcs12(config.tlsPkcs12(), password.toCharArray());
        }
        if (config.tlsCertificate() != null) {
            return TlsIdentity.fromPem(config.tlsCertificate(), config.tlsKey());
        }
        return TlsIdentity.selfSigned(config.dataFolder());
    }

    private static PublicKey issuerKey(ServiceConfig config) throws IOException {
        if (config.licenseIssuer() != null) {
            return IssuerKeys.readPublic(config.licenseIssuer());
        }
        Path inData = config.dataFolder().resolve(IssuerKeys.FILE_IN_DATA_FOLDER);
        return Files.exists(inData) ? IssuerKeys.readPublic(inData) : null;
    }

    public static VersionInfo version() {
        Properties properties = new Properties();
        try (InputStream in = SigningService.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new IllegalStateException("version.properties cannot be read", e);
        }
        return new VersionInfo(NAME, properties.getProperty("version", "development"), 1);
    }

    public int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    /** The address to reach the service on this machine, e.g. {@code https://localhost:3000}. */
    public URI localUri() {
        return URI.create((plainHttp ? "http" : "https") + "://localhost:" + port());
    }

    /** Every route the service serves, for the API reference and its test. */
    public List<Router.Entry> routes() {
        return router.entries();
    }

    /** Whether the service still serves only its own machine, until the initial admin password is changed. */
    public boolean firstRunPending() {
        return firstRun.pending();
    }

    public String tlsSha256() {
        return tls.sha256();
    }

    public Database database() {
        return database;
    }

    /** Backups: tests run the schedule when they choose. */
    public BackupService backups() {
        return backups.service();
    }

    /** The daily check of automatic workflows, which tests run when they choose. */
    public DailyCheck dailyCheck() {
        return dailyCheck;
    }

    @Override
    public void close() throws Exception {
        backups.close();
        signIn.close();
        dailyCheck.close();
        try {
            server.stop();
        } finally {
            try {
                database.close();
            } finally {
                dataFolder.close();
            }
        }
    }
}
