package io.signingmanager.service.web;

import io.signingmanager.service.appstore.ConnectKey;
import io.signingmanager.service.appstore.ConnectKeyInput;
import io.signingmanager.service.appstore.ConnectKeyService;
import io.signingmanager.service.appstore.ConnectionTest;
import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.http.Access;
import io.signingmanager.service.http.ApiRequest;
import io.signingmanager.service.http.ApiResponse;
import io.signingmanager.service.http.Form;
import io.signingmanager.service.http.Router;
import io.signingmanager.service.http.Session;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The App Store Connect API Keys pages under the Apple menu, admins only: the list, Add (the
 * {@code .p8} as a file upload; errors shown in the form), a key's page with Test connection, and
 * Delete with a confirmation.
 */
public final class ConnectKeyPages {
    static final String LIST = "/apple/connect-keys";
    static final String TITLE = "App Store Connect API Keys";

    private final Templates templates;
    private final ConnectKeyService keys;

    ConnectKeyPages(Templates templates, ConnectKeyService keys) {
        this.templates = templates;
        this.keys = keys;
    }

    /** A key as the pages show it: its team in words, when it was added and last used. */
    public record Row(ConnectKey key, String team, String added, String lastUsed) {
        static Row of(ConnectKey key) {
            String team = key.teamId() == null ? null
                    : key.teamName() == null ? key.teamId() : key.teamName() + " (" + key.teamId() + ")";
            return new Row(key, team, TimeText.minuteUtc(key.createdAt()),
                    key.lastUsedAt() == null ? null : TimeText.minuteUtc(key.lastUsedAt()));
        }
    }

    public record ListView(Frame frame, List<Row> rows) {
    }

    /** The add form as sent, and what was wrong with it. */
    public record AddView(Frame frame, String name, String issuerId, String keyId, String error) {
    }

    /** A key's page; {@code test} is the result of Test connection once clicked. */
    public record DetailView(Frame frame, Row row, ConnectionTest test) {
    }

    public record DeleteView(Frame frame, Row row, String error) {
    }

    void register(Router router) {
        router.get(LIST, Access.ADMIN, request -> templates.page("apple/connectkeys/list", new ListView(
                frame(TITLE, request.session()), keys.list().stream().map(Row::of).toList())));
        router.get(LIST + "/add", Access.ADMIN, request -> addPage(request.session(), null, null, 200));
        router.post(LIST + "/add", Access.ADMIN, this::add);
        router.get(LIST + "/{id}", Access.ADMIN, request -> detail(request, null));
        router.post(LIST + "/{id}/test", Access.ADMIN, request -> detail(request, keys.test(request.pathParameter("id"))));
        router.get(LIST + "/{id}/delete", Access.ADMIN, request -> deletePage(request, null, 200));
        router.post(LIST + "/{id}/delete", Access.ADMIN, this::delete);
    }

    private ApiResponse add(ApiRequest request) throws Refusal {
        Form form = request.form();
        try {
            ConnectKey added = keys.add(new ConnectKeyInput(form.text("name"), form.text("issuerId"), form.text("keyId"),
                    new String(UploadForm.file(form, ".p8"), StandardCharsets.UTF_8)), request.actor());
            return ApiResponse.redirect(LIST + "/" + added.id());
        } catch (Refusal e) {
            return addPage(request.session(), form, e.getMessage(), e.code().status());
        }
    }

    private ApiResponse addPage(Session session, Form sent, String error, int status) {
        Frame frame = frame("Add App Store Connect API Key", session).backTo(LIST, TITLE);
        return templates.page(status, "apple/connectkeys/add", sent == null ? new AddView(frame, "", "", "", null)
                : new AddView(frame, text(sent, "name"), text(sent, "issuerId"), text(sent, "keyId"), error));
    }

    private ApiResponse detail(ApiRequest request, ConnectionTest test) throws Refusal {
        Row row = Row.of(keys.get(request.pathParameter("id")));
        return templates.page("apple/connectkeys/detail", new DetailView(frame(row.key().name(), request.session())
                .backTo(LIST, TITLE), row, test));
    }

    private ApiResponse delete(ApiRequest request) throws Refusal {
        try {
            keys.delete(request.pathParameter("id"), request.actor());
            return ApiResponse.redirect(LIST);
        } catch (Refusal e) {
            if (e.code().status() != 409) {
                throw e;
            }
            return deletePage(request, e.getMessage(), e.code().status());
        }
    }

    private ApiResponse deletePage(ApiRequest request, String error, int status) throws Refusal {
        Row row = Row.of(keys.get(request.pathParameter("id")));
        return templates.page(status, "apple/connectkeys/delete", new DeleteView(frame("Delete " + row.key().name(),
                request.session()).backTo(LIST + "/" + row.key().id(), row.key().name()), row, error));
    }

    private static String text(Form form, String name) {
        String value = form.text(name);
        return value == null ? "" : value;
    }

    private static Frame frame(String title, Session session) {
        return new Frame(title, Frame.Section.CONNECT_KEYS, session);
    }
}
