package io.signingmanager.service.web;

import io.signingmanager.service.apple.IncludedCertificate;
import io.signingmanager.service.apple.ProfileReader;
import io.signingmanager.service.apple.ProfileService;
import io.signingmanager.service.appstore.PortalOrigins;
import io.signingmanager.service.apple.ProfileView;
import io.signingmanager.service.apple.StoredProfile;
import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.http.Access;
import io.signingmanager.service.http.ApiRequest;
import io.signingmanager.service.http.ApiResponse;
import io.signingmanager.service.http.Router;
import io.signingmanager.service.http.Session;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Provisioning Profiles pages under the Apple menu: the list with expiry warnings, upload, a
 * profile's page with what its file holds, Download, Replace with a newer one, and Delete.
 */
public final class ProfilePages {
    static final String LIST = "/apple/profiles";
    // The multipart form around a profile of ProfileReader.MAX_SIZE: the reader says "too large" in words.
    private static final int MAX_UPLOAD = ProfileReader.MAX_SIZE + 64 * 1024;

    private final Templates templates;
    private final ProfileService profiles;
    private final PortalOrigins origins;
    private final Clock clock;

    ProfilePages(Templates templates, ProfileService profiles, PortalOrigins origins, Clock clock) {
        this.templates = templates;
        this.profiles = profiles;
        this.origins = origins;
        this.clock = clock;
    }

    /**
     * One row of the list; {@code expiry} is "expired" or "expires in N days" when either holds; {@code
     * created} says the service created it through App Store Connect, else {@code null}.
     */
    public record Row(String id, String name, String applicationIdentifier, String type, String team, String expires,
                      Instant expiresAt, String expiry, boolean expired, String created) {
    }

    public record ListView(Frame frame, ListQuery.Listing<Row> list) {
    }

    private static final ListQuery<Row> QUERY = new ListQuery<>(LIST, List.of(
            new ListQuery.Column<>("name", Comparator.comparing(Row::name, String.CASE_INSENSITIVE_ORDER)),
            new ListQuery.Column<>("identifier", Comparator.comparing(Row::applicationIdentifier)),
            new ListQuery.Column<>("type", Comparator.comparing(Row::type)),
            new ListQuery.Column<>("team", Comparator.comparing(Row::team, String.CASE_INSENSITIVE_ORDER)),
            new ListQuery.Column<>("expires", Comparator.comparing(Row::expiresAt))),
            row -> List.of(row.name(), row.applicationIdentifier(), row.type(), row.team()));

    /** An entitlement as text: lists joined, everything else as written. */
    public record Entitlement(String key, String value) {
    }

    public record DetailView(Frame frame, ProfileView view, String platforms, String created, String expires,
                             String expiry, List<IncludedCertificate> certificates, List<Entitlement> entitlements,
                             String origin) {
        public StoredProfile profile() {
            return view.profile();
        }
    }

    /** Upload and Replace: {@code replacing} is the profile a new file replaces, {@code null} for an upload. */
    public record UploadView(Frame frame, StoredProfile replacing, String error) {
        public String action() {
            return replacing == null ? LIST + "/upload" : LIST + "/" + replacing.id() + "/replace";
        }

        public String cancel() {
            return replacing == null ? LIST : LIST + "/" + replacing.id();
        }
    }

    public record DeleteView(Frame frame, StoredProfile profile) {
    }

    void register(Router router) {
        router.get(LIST, Access.USER, this::list);
        router.get(LIST + "/upload", Access.ADMIN, request -> uploadPage(request.session(), null, null, 200));
        router.add("POST", LIST + "/upload", Access.ADMIN, MAX_UPLOAD, this::upload);
        router.get(LIST + "/{id}", Access.USER, this::detail);
        router.get(LIST + "/{id}/download", Access.USER, this::download);
        router.get(LIST + "/{id}/replace", Access.ADMIN, request -> uploadPage(request.session(),
                profiles.detail(request.pathParameter("id")).profile(), null, 200));
        router.add("POST", LIST + "/{id}/replace", Access.ADMIN, MAX_UPLOAD, this::replace);
        router.get(LIST + "/{id}/delete", Access.ADMIN, request -> {
            StoredProfile profile = profiles.detail(request.pathParameter("id")).profile();
            return templates.page("apple/profiles/delete", new DeleteView(frame("Delete " + profile.name(),
                    request.session()).backTo(LIST + "/" + profile.id(), profile.name()), profile));
        });
        router.post(LIST + "/{id}/delete", Access.ADMIN, request -> {
            profiles.delete(request.pathParameter("id"), request.actor());
            return ApiResponse.redirect(LIST);
        });
    }

    private ApiResponse list(ApiRequest request) throws Refusal {
        Instant now = clock.instant();
        Set<String> created = origins.profileIds();
        List<Row> rows = profiles.list().stream().map(view -> {
            StoredProfile p = view.profile();
            return new Row(p.id(), p.name(), p.applicationIdentifier(), p.type().title(), team(p),
                    TimeText.date(p.expiresAt()), p.expiresAt(), expiry(view, now), view.expired(),
                    created.contains(p.id()) ? PortalOrigins.createdFor(p.teamId(), p.teamName()) : null);
        }).toList();
        return templates.page("apple/profiles/list", new ListView(frame("Provisioning Profiles", request.session()),
                QUERY.apply(request, rows)));
    }

    private ApiResponse detail(ApiRequest request) throws Refusal {
        ProfileView view = profiles.detail(request.pathParameter("id"));
        StoredProfile p = view.profile();
        List<Entitlement> entitlements = view.details().entitlements().entrySet().stream()
                .sorted(Map.Entry.comparingByKey()).map(e -> new Entitlement(e.getKey(), text(e.getValue()))).toList();
        return templates.page("apple/profiles/detail", new DetailView(frame(p.name(), request.session())
                .backTo(LIST, "Provisioning Profiles"), view, platforms(p.platforms()),
                TimeText.minuteUtc(p.createdAt()), TimeText.minuteUtc(p.expiresAt()), expiry(view, clock.instant()),
                view.details().certificates(), entitlements, origins.profileIds().contains(p.id())
                        ? PortalOrigins.createdFor(p.teamId(), p.teamName()) : null));
    }

    private ApiResponse download(ApiRequest request) throws Refusal {
        String id = request.pathParameter("id");
        StoredProfile profile = profiles.detail(id).profile();
        return ApiResponse.bytes(200, "application/octet-stream", profiles.file(id)).attachment(profile.fileName());
    }

    private ApiResponse upload(ApiRequest request) throws Refusal {
        try {
            ProfileView uploaded = profiles.upload(UploadForm.file(request.form(), ".provisionprofile"), request.actor());
            return ApiResponse.redirect(LIST + "/" + uploaded.profile().id());
        } catch (Refusal e) {
            return uploadPage(request.session(), null, e.getMessage(), e.code().status());
        }
    }

    private ApiResponse replace(ApiRequest request) throws Refusal {
        String id = request.pathParameter("id");
        try {
            profiles.replace(id, UploadForm.file(request.form(), ".provisionprofile"), request.actor());
            return ApiResponse.redirect(LIST + "/" + id);
        } catch (Refusal e) {
            return uploadPage(request.session(), profiles.detail(id).profile(), e.getMessage(), e.code().status());
        }
    }

    private ApiResponse uploadPage(Session session, StoredProfile replacing, String error, int status) {
        Frame frame = replacing == null
                ? frame("Upload Provisioning Profile", session).backTo(LIST, "Provisioning Profiles")
                : frame("Replace " + replacing.name(), session).backTo(LIST + "/" + replacing.id(), replacing.name());
        return templates.page(status, "apple/profiles/upload", new UploadView(frame, replacing, error));
    }

    /** "expired" or "expires in N days" (within the warning), otherwise {@code null}. */
    static String expiry(ProfileView view, Instant now) {
        if (view.expired()) {
            return "Expired";
        }
        if (!view.expiresSoon()) {
            return null;
        }
        long days = Duration.between(now, view.profile().expiresAt()).toDays();
        return days == 0 ? "Expires today" : days == 1 ? "Expires in 1 day" : "Expires in " + days + " days";
    }

    private static String team(StoredProfile profile) {
        return profile.teamName() == null ? profile.teamId() : profile.teamId() + " " + profile.teamName();
    }

    /** Apple writes macOS as {@code OSX}. */
    private static String platforms(List<String> platforms) {
        return String.join(", ", platforms.stream().map(p -> "OSX".equals(p) ? "macOS" : p).toList());
    }

    private static String text(Object value) {
        if (value instanceof Collection<?> values) {
            return String.join(", ", values.stream().map(ProfilePages::text).toList());
        }
        return String.valueOf(value);
    }

    private static Frame frame(String title, Session session) {
        return new Frame(title, Frame.Section.PROFILES, session);
    }
}
