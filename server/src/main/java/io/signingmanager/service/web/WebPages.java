package io.signingmanager.service.web;

import io.signingmanager.common.protocol.VersionInfo;
import io.signingmanager.service.apikeys.ApiKeyService;
import io.signingmanager.service.audit.AuditLog;
import io.signingmanager.service.auth.SessionStore;
import io.signingmanager.service.auth.SignIn;
import io.signingmanager.service.certificates.CertificateService;
import io.signingmanager.service.clients.ClientRepository;
import io.signingmanager.service.clients.ClientService;
import io.signingmanager.service.dashboard.Dashboard;
import io.signingmanager.service.http.Dialect;
import io.signingmanager.service.http.Router;
import io.signingmanager.service.license.LicenseService;
import io.signingmanager.service.reference.Diagnostics;
import io.signingmanager.service.storage.Database;
import io.signingmanager.service.users.UserService;
import java.nio.file.Path;
import java.time.Clock;

/** The web pages admins and users work in, on the same services as the JSON API. */
public final class WebPages {
    private final Templates templates = new Templates();
    private final Router router = new Router();

    /** The services the pages use. */
    public record Services(SignIn signIn, SessionStore sessions, UserService users, CertificateService certificates,
                           ApiKeyService apiKeys, Database database, ClientRepository clients, AuditLog audit,
                           LicenseService licenses, VersionInfo version, String tlsSha256, Path dataFolder,
                           Clock clock) {
    }

    public WebPages(Services services) {
        new StaticFiles().register(router);
        new SignInPages(templates, services.signIn(), services.sessions()).register(router);
        ClientService clients = new ClientService(services.database(), services.clients(), services.apiKeys(),
                services.audit());
        new HomePage(templates, new ClientDownloads(services.dataFolder()), new Dashboard(services.certificates(),
                services.apiKeys(), clients, services.users(), services.audit(), services.clock()),
                services.tlsSha256()).register(router);
        new ApiKeyPages(templates, services.apiKeys()).register(router);
        new ClientPages(templates, clients, services.apiKeys()).register(router);
        new CertificatePages(templates, services.certificates(), services.apiKeys()).register(router);
        new AuditPages(templates, services.audit(), services.apiKeys(), services.database(), services.clients(),
                services.licenses(), services.clock()).register(router);
        new ReferencePage(templates, new Diagnostics(services.version(), services.tlsSha256(), services.database(),
                services.clock())).register(router);
        new UserPages(templates, services.users()).register(router);
        new LicensePage(templates, services.licenses()).register(router);
    }

    public Router router() {
        return router;
    }

    public Dialect dialect() {
        return new PageDialect(templates);
    }
}
