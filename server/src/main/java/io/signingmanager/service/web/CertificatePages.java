package io.signingmanager.service.web;

import io.signingmanager.common.apple.AppleCertificate;
import io.signingmanager.common.crypto.Certificates;
import io.signingmanager.common.crypto.KeyType;
import io.signingmanager.common.crypto.SignatureAlgorithm;
import io.signingmanager.common.protocol.ErrorCode;
import io.signingmanager.service.apikeys.ApiKeyService;
import io.signingmanager.service.certificates.CertificateRoutes;
import io.signingmanager.service.appstore.PortalOrigins;
import io.signingmanager.service.certificates.CertificateService;
import io.signingmanager.service.certificates.CertificateView;
import io.signingmanager.service.certificates.StoredCertificate;
import io.signingmanager.service.certificates.TestSignature;
import io.signingmanager.service.http.Access;
import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.http.ApiRequest;
import io.signingmanager.service.http.ApiResponse;
import io.signingmanager.service.http.Form;
import io.signingmanager.service.http.Router;
import io.signingmanager.service.http.Session;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Signing Certificates pages: the list, import, a certificate's page with its Sign, Authorize,
 * Edit and Delete buttons, and the Active/Inactive toggle every user may use.
 */
public final class CertificatePages {
    static final String LIST = "/certificates";

    private final Templates templates;
    private final CertificateService certificates;
    private final PortalOrigins origins;
    private final AuthorizePage authorize;

    CertificatePages(Templates templates, CertificateService certificates, ApiKeyService apiKeys, PortalOrigins origins) {
        this.templates = templates;
        this.certificates = certificates;
        this.origins = origins;
        this.authorize = new AuthorizePage(templates, apiKeys);
    }

    /**
     * One row of the list; {@code notAfter}, {@code keyType} and {@code keyBits} to sort by; {@code created}
     * says the service created it through App Store Connect, else {@code null}.
     */
    public record Row(String id, String commonName, String sha1, String expires, boolean expired, String key,
                      boolean active, String authorized, Instant notAfter, KeyType keyType, int keyBits, String apple,
                      String created) {
    }

    /** The list: search, sorting and paging as asked for. */
    public record ListView(Frame frame, ListQuery.Listing<Row> list) {
    }

    private static final ListQuery<Row> QUERY = new ListQuery<>(LIST, List.of(
            new ListQuery.Column<>("name", Comparator.comparing(Row::commonName, String.CASE_INSENSITIVE_ORDER)),
            new ListQuery.Column<>("expires", Comparator.comparing(Row::notAfter)),
            new ListQuery.Column<>("key", Comparator.comparing(Row::keyType).thenComparingInt(Row::keyBits)),
            new ListQuery.Column<>("status", Comparator.comparing(Row::active).reversed()),
            new ListQuery.Column<>("authorized", Comparator.comparing(Row::authorized, String.CASE_INSENSITIVE_ORDER))),
            row -> Arrays.asList(row.commonName(), row.sha1(), row.authorized(), row.apple()));

    /** The import form, and the Edit form that uploads a different .p12 for a certificate. */
    public record UploadView(Frame frame, String heading, String action, String button, String hint, String cancel,
                             String error) {
    }

    /** A certificate of the chain, described. */
    public record ChainEntry(String commonName, String issuer, String validUntil, String pem) {
    }

    public record DetailView(Frame frame, CertificateView view, String key, String validFrom, String validUntil,
                             String authorized, List<ChainEntry> chain, AppleCertificate apple, String created) {
        public StoredCertificate certificate() {
            return view.certificate();
        }
    }

    /** A signature algorithm to choose, with words for it. */
    public record Algorithm(String name, String label, boolean selected) {
    }

    public record SignView(Frame frame, StoredCertificate certificate, List<Algorithm> algorithms, TestSignature result,
                           String signedAt, String error) {
    }

    public record DeleteView(Frame frame, StoredCertificate certificate) {
    }

    void register(Router router) {
        router.get(LIST, Access.USER, this::list);
        router.get(LIST + "/import", Access.ADMIN, request -> upload(importForm(request.session(), null), 200));
        router.add("POST", LIST + "/import", Access.ADMIN, CertificateRoutes.MAX_UPLOAD, this::importP12);
        router.get(LIST + "/{id}", Access.USER, this::detail);
        StatusToggle.register(router, LIST, "certificate-", certificates::setActive);
        router.get(LIST + "/{id}/sign", Access.ADMIN, request -> signPage(request, null, null, null, 200));
        router.post(LIST + "/{id}/sign", Access.ADMIN, this::sign);
        router.get(LIST + "/{id}/authorize", Access.ADMIN, request -> {
            CertificateView view = certificates.detail(request.pathParameter("id"), false);
            return authorize.form(authorizing(request, view.certificate()), LIST + "/" + view.certificate().id(),
                    view.authorization());
        });
        router.post(LIST + "/{id}/authorize", Access.ADMIN, request -> {
            StoredCertificate certificate = certificates.detail(request.pathParameter("id"), false).certificate();
            return authorize.submit(request, authorizing(request, certificate), LIST + "/" + certificate.id(),
                    (all, keys) -> certificates.authorize(certificate.id(), all, keys, request.actor()));
        });
        router.get(LIST + "/{id}/edit", Access.ADMIN, request -> upload(editForm(request, null), 200));
        router.add("POST", LIST + "/{id}/edit", Access.ADMIN, CertificateRoutes.MAX_UPLOAD, this::replace);
        router.get(LIST + "/{id}/delete", Access.ADMIN, request -> {
            StoredCertificate certificate = certificates.detail(request.pathParameter("id"), false).certificate();
            return templates.page("certificates/delete", new DeleteView(frame("Delete " + certificate.commonName(),
                    request.session()).backTo(LIST + "/" + certificate.id(), certificate.commonName()), certificate));
        });
        router.post(LIST + "/{id}/delete", Access.ADMIN, request -> {
            certificates.delete(request.pathParameter("id"), request.actor());
            return ApiResponse.redirect(LIST);
        });
    }

    private ApiResponse list(ApiRequest request) throws Refusal {
        Map<String, String> names = authorize.keyNames();
        Set<String> created = origins.certificateIds();
        List<Row> rows = certificates.list().stream().map(view -> {
            StoredCertificate c = view.certificate();
            return new Row(c.id(), c.commonName(), c.sha1(), TimeText.date(c.notAfter()), view.expired(),
                    c.keyType() + " " + c.keySize(), c.active(), AuthorizePage.described(view.authorization(), names), c.notAfter(),
                    c.keyType(), c.keySize(), view.apple() == null ? null : appleLine(view.apple()),
                    created.contains(c.id()) ? createdFor(view.apple()) : null);
        }).toList();
        return templates.page("certificates/list", new ListView(frame("Signing Certificates", request.session()),
                QUERY.apply(request, rows)));
    }

    private ApiResponse detail(ApiRequest request) throws Refusal {
        CertificateView view = certificates.detail(request.pathParameter("id"), true);
        StoredCertificate c = view.certificate();
        List<ChainEntry> chain = new ArrayList<>();
        for (String pem : view.chainPem()) {
            X509Certificate certificate = Certificates.parseAll(pem.getBytes(StandardCharsets.US_ASCII)).get(0);
            chain.add(new ChainEntry(Certificates.commonName(certificate), certificate.getIssuerX500Principal().getName(),
                    TimeText.minuteUtc(certificate.getNotAfter().toInstant()), pem));
        }
        return templates.page("certificates/detail", new DetailView(frame(c.commonName(), request.session())
                .backTo(LIST, "Signing Certificates"), view,
                keyWithSize(c), TimeText.minuteUtc(c.notBefore()), TimeText.minuteUtc(c.notAfter()),
                AuthorizePage.described(view.authorization(), authorize.keyNames()), chain, view.apple(),
                origins.certificateIds().contains(c.id()) ? createdFor(view.apple()) : null));
    }

    private static String createdFor(AppleCertificate apple) {
        return apple == null ? PortalOrigins.createdFor(null, null) : PortalOrigins.createdFor(apple.teamId(), apple.teamName());
    }

    /** The line under the name on the list: "Mac App Distribution · team ABCDE12345". */
    private static String appleLine(AppleCertificate apple) {
        return apple.teamId() == null ? apple.type().title() : apple.type().title() + " · team " + apple.teamId();
    }

    // Import and Edit

    private UploadView importForm(Session session, String error) {
        return new UploadView(frame("Import Signing Certificate", session).backTo(LIST, "Signing Certificates"), "Import Signing Certificate", LIST + "/import",
                "Import", "Only one certificate can be imported at a time: a .p12 file holding one private key and its"
                + " certificate.", LIST, error);
    }

    private UploadView editForm(ApiRequest request, String error) throws Refusal {
        StoredCertificate certificate = certificates.detail(request.pathParameter("id"), false).certificate();
        String page = LIST + "/" + certificate.id();
        return new UploadView(frame("Edit " + certificate.commonName(), request.session())
                .backTo(page, certificate.commonName()),
                "Edit " + certificate.commonName(), page + "/edit", "Save",
                "Upload a different .p12 file to replace this certificate and its key. The status and the authorized"
                + " API keys stay as they are.", page, error);
    }

    private ApiResponse upload(UploadView view, int status) {
        return templates.page(status, "certificates/upload", view);
    }

    private ApiResponse importP12(ApiRequest request) throws Refusal {
        Form form = request.form();
        try {
            CertificateView imported = certificates.importP12(UploadForm.file(form, ".p12"), UploadForm.password(form), request.actor());
            return ApiResponse.redirect(LIST + "/" + imported.certificate().id());
        } catch (Refusal e) {
            return upload(importForm(request.session(), e.getMessage()), e.code().status());
        }
    }

    private ApiResponse replace(ApiRequest request) throws Refusal {
        Form form = request.form();
        String id = request.pathParameter("id");
        try {
            certificates.replace(id, UploadForm.file(form, ".p12"), UploadForm.password(form), request.actor());
            return ApiResponse.redirect(LIST + "/" + id);
        } catch (Refusal e) {
            return upload(editForm(request, e.getMessage()), e.code().status());
        }
    }

    // Sign

    private ApiResponse sign(ApiRequest request) throws Refusal {
        String algorithm = request.form().text("algorithm");
        try {
            TestSignature result = certificates.testSign(request.pathParameter("id"), algorithm,
                    request.session().username(), request.remoteAddress());
            return signPage(request, algorithm, result, null, 200);
        } catch (Refusal e) {
            if (e.code() == ErrorCode.INTERNAL) {
                throw e; // the error page, and the cause logged where internal failures are
            }
            return signPage(request, algorithm, null, e.getMessage(), e.code().status());
        }
    }

    private ApiResponse signPage(ApiRequest request, String chosen, TestSignature result, String error, int status)
            throws Refusal {
        StoredCertificate certificate = certificates.detail(request.pathParameter("id"), false).certificate();
        KeyType keyType = certificate.keyType();
        String selected = chosen == null ? CertificateService.defaultTestAlgorithm(keyType).name() : chosen;
        List<Algorithm> algorithms = CertificateService.testAlgorithms(keyType).stream()
                .map(a -> new Algorithm(a.name(), label(a), a.name().equals(selected))).toList();
        return templates.page(status, "certificates/sign", new SignView(frame("Sign with " + certificate.commonName(),
                request.session()).backTo(LIST + "/" + certificate.id(), certificate.commonName()), certificate, algorithms, result,
                result == null ? null : TimeText.minuteUtc(result.signedAt()), error));
    }

    private static String label(SignatureAlgorithm algorithm) {
        String scheme = switch (algorithm.scheme()) {
            case PKCS1, PKCS1_RAW -> "RSA PKCS #1 v1.5";
            case PSS -> "RSA-PSS";
            case ECDSA -> "ECDSA";
        };
        return scheme + " with " + algorithm.hash().jcaName() + " (" + algorithm.name() + ")";
    }

    // Authorize

    private AuthorizePage.Subject authorizing(ApiRequest request, StoredCertificate certificate) {
        String page = LIST + "/" + certificate.id();
        return new AuthorizePage.Subject(frame("Authorize API keys for " + certificate.commonName(), request.session())
                .backTo(page, certificate.commonName()),
                "Clients sign with this certificate through their API key. Choose which API keys may see and use it.",
                "Which API keys may sign with it", "sign", page + "/authorize");
    }

    // Shared

    private static Frame frame(String title, Session session) {
        return new Frame(title, Frame.Section.CERTIFICATES, session);
    }

    private static String keyWithSize(StoredCertificate certificate) {
        return certificate.keyType() + " " + certificate.keySize() + " bits";
    }
}
