package io.signingmanager.service.web;

import io.signingmanager.service.apikeys.ApiKey;
import io.signingmanager.service.apikeys.ApiKeyService;
import io.signingmanager.service.http.Access;
import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.http.ApiRequest;
import io.signingmanager.service.http.ApiResponse;
import io.signingmanager.service.http.Router;
import java.util.Comparator;
import java.util.List;

/**
 * The API Keys page: every user sees the keys, how many clients registered with each, and makes
 * them active or inactive; admins also create keys, show a key's value and delete keys.
 */
public final class ApiKeyPages {
    static final String LIST = "/api-keys";

    private final Templates templates;
    private final ApiKeyService keys;

    ApiKeyPages(Templates templates, ApiKeyService keys) {
        this.templates = templates;
        this.keys = keys;
    }

    /** The list; {@code created} is the key just made (highlighted), {@code name} and {@code error} the create form's. */
    public record ApiKeysView(Frame frame, ListQuery.Listing<ApiKey> list, ApiKey created, String name, String error) {
        public boolean isCreated(ApiKey key) {
            return created != null && created.id().equals(key.id());
        }
    }

    private static final ListQuery<ApiKey> QUERY = new ListQuery<>(LIST, List.of(
            new ListQuery.Column<>("name", Comparator.comparing(ApiKey::name, String.CASE_INSENSITIVE_ORDER)),
            new ListQuery.Column<>("clients", Comparator.comparingInt(ApiKey::clientCount)),
            new ListQuery.Column<>("created", Comparator.comparing(ApiKey::createdAt)),
            new ListQuery.Column<>("status", Comparator.comparing(ApiKey::active).reversed())),
            key -> List.of(key.name()));

    public record ValueView(Frame frame, ApiKeyService.WithValue key, String serviceUrl) {
    }

    public record DeleteKeyView(Frame frame, ApiKey key) {
    }

    void register(Router router) {
        router.get(LIST, Access.USER, this::list);
        router.post(LIST, Access.ADMIN, this::create);
        router.get("/api-keys/{id}/value", Access.ADMIN, this::value);
        StatusToggle.register(router, LIST, "key-", (id, active, actor) -> keys.update(id, active, null, actor));
        router.get("/api-keys/{id}/delete", Access.ADMIN, request -> {
            ApiKey key = keys.get(request.pathParameter("id"));
            return templates.page("apikeys/delete", new DeleteKeyView(frame(request, "Delete API key " + key.name())
                    .backTo(LIST, "API Keys"), key));
        });
        router.post("/api-keys/{id}/delete", Access.ADMIN, request -> {
            keys.delete(request.pathParameter("id"), request.actor());
            return ApiResponse.redirect(LIST);
        });
    }

    private ApiResponse list(ApiRequest request) throws Refusal {
        List<ApiKey> all = keys.list();
        String createdId = request.query("created");
        ApiKey created = all.stream().filter(key -> key.id().equals(createdId)).findFirst().orElse(null);
        return listPage(request, 200, all, created, "", null);
    }

    private ApiResponse create(ApiRequest request) throws Refusal {
        String typed = request.form().text("name");
        String name = typed == null ? "" : typed.trim();
        if (name.isEmpty()) {
            return listPage(request, 400, keys.list(), null, "",
                    "Give the API key a name, for example the machine or team that will use it.");
        }
        if (name.length() > ApiKeyService.MAX_NAME) {
            return listPage(request, 400, keys.list(), null, typed, "The name is " + name.length()
                    + " characters long; use at most " + ApiKeyService.MAX_NAME + ".");
        }
        return ApiResponse.redirect(LIST + "?created=" + keys.create(name, request.actor()).id());
    }

    private ApiResponse listPage(ApiRequest request, int status, List<ApiKey> all, ApiKey created, String name,
                                 String error) throws Refusal {
        return templates.page(status, "apikeys/list", new ApiKeysView(frame(request, "API Keys"),
                QUERY.apply(request, all), created, name, error));
    }

    private ApiResponse value(ApiRequest request) throws Refusal {
        ApiKeyService.WithValue key = keys.value(request.pathParameter("id"), request.actor());
        return templates.page("apikeys/value", new ValueView(frame(request, "API key " + key.name())
                .backTo(LIST, "API Keys"), key, request.baseUrl()));
    }

    private static Frame frame(ApiRequest request, String title) {
        return new Frame(title, Frame.Section.API_KEYS, request.session());
    }
}
