package io.signingmanager.service.web;

import io.signingmanager.service.apikeys.ApiKeyService;
import io.signingmanager.service.apple.ProfileService;
import io.signingmanager.service.apple.WorkflowService;
import io.signingmanager.service.apple.WorkflowSlots;
import io.signingmanager.service.appstore.ConnectKeyService;
import io.signingmanager.service.appstore.PortalOrigins;
import io.signingmanager.service.appstore.automatic.AutomaticSigning;
import io.signingmanager.service.audit.AuditLog;
import io.signingmanager.service.audit.SigningLog;
import io.signingmanager.service.auth.SessionStore;
import io.signingmanager.service.backup.BackupService;
import io.signingmanager.service.auth.SignIn;
import io.signingmanager.service.certificates.CertificateService;
import io.signingmanager.service.clients.ClientService;
import io.signingmanager.service.dashboard.Dashboard;
import io.signingmanager.service.http.Access;
import io.signingmanager.service.http.ApiResponse;
import io.signingmanager.service.http.Dialect;
import io.signingmanager.service.http.Router;
import io.signingmanager.service.license.LicenseService;
import io.signingmanager.service.reference.Diagnostics;
import io.signingmanager.service.users.UserService;
import java.nio.file.Path;
import java.time.Clock;

/** The web pages admins and users work in, on the same services as the JSON API. */
public final class WebPages {
    private final Templates templates = new Templates();
    private final Router router = new Router();

    /** The services the pages use. */
    public record Services(SignIn signIn, SessionStore sessions, UserService users, CertificateService certificates,
                           ProfileService profiles, WorkflowService workflows, WorkflowSlots workflowSlots,
                           ApiKeyService apiKeys, ConnectKeyService connectKeys, ClientService clients, AuditLog audit,
                           SigningLog signingLog, LicenseService licenses, BackupService backups, Diagnostics diagnostics, Dashboard dashboard, PortalOrigins origins,
                           AutomaticSigning automatic, String tlsSha256, Path dataFolder, Clock clock) {
    }

    public WebPages(Services services) {
        new StaticFiles().register(router);
        new SignInPages(templates, services.signIn(), services.sessions()).register(router);
        new HomePage(templates, new ClientDownloads(services.dataFolder()), services.dashboard(),
                services.tlsSha256()).register(router);
        new ApiKeyPages(templates, services.apiKeys()).register(router);
        new ClientPages(templates, services.clients(), services.apiKeys()).register(router);
        new CertificatePages(templates, services.certificates(), services.apiKeys(), services.origins())
                .register(router);
        router.get("/apple", Access.USER, request -> ApiResponse.redirect(WorkflowPages.LIST));
        new WorkflowPages(templates, services.workflows(), services.apiKeys()).register(router);
        WorkflowSlotPages workflowPage = new WorkflowSlotPages(templates, services.workflows(), services.workflowSlots(),
                services.certificates(), services.profiles(), new AuthorizePage(templates, services.apiKeys()),
                new AutomaticCard(services.workflows(), services.automatic()));
        workflowPage.register(router);
        new AutomaticPages(templates, services.workflows(), services.automatic(), workflowPage).register(router);
        new ProfilePages(templates, services.profiles(), services.origins(), services.clock()).register(router);
        new ConnectKeyPages(templates, services.connectKeys()).register(router);
        new AuditPages(templates, services.audit(), services.apiKeys(), services.clients(), services.licenses(),
                services.clock()).register(router);
        new ReferencePage(templates, services.diagnostics(), services.signingLog()).register(router);
        new UserPages(templates, services.users()).register(router);
        new LicensePage(templates, services.licenses()).register(router);
        new BackupPage(templates, services.backups()).register(router);
    }

    public Router router() {
        return router;
    }

    public Dialect dialect() {
        return new PageDialect(templates);
    }
}
