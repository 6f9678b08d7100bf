package io.signingmanager.service.web;

import io.signingmanager.service.apikeys.ApiKey;
import io.signingmanager.service.apikeys.ApiKeyService;
import io.signingmanager.service.clients.Client;
import io.signingmanager.service.clients.ClientService;
import io.signingmanager.service.http.Access;
import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.http.ApiRequest;
import io.signingmanager.service.http.ApiResponse;
import io.signingmanager.service.http.Router;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;

/**
 * The clients registered with API keys, all of them or one key's: every user sees them and makes
 * them active or inactive; admins also delete them.
 */
public final class ClientPages {
    static final String LIST = "/clients";

    private final Templates templates;
    private final ClientService clients;
    private final ApiKeyService keys;

    ClientPages(Templates templates, ClientService clients, ApiKeyService keys) {
        this.templates = templates;
        this.clients = clients;
        this.keys = keys;
    }

    /** {@code key} is null for the list of all clients; {@code back} is this list's own path. */
    public record ClientsView(Frame frame, ApiKey key, ListQuery.Listing<Client> list, String serviceUrl) {
        /** Where the client was last seen from, written as every page writes addresses. */
        public String address(Client client) {
            return Addresses.display(client.lastAddress());
        }

        /** The Delete page, which comes back to this page of the list. */
        public String deleteLink(Client client) {
            return "/clients/" + client.id() + "/delete?back=" + URLEncoder.encode(list.here(), StandardCharsets.UTF_8);
        }
    }

    public record DeleteClientView(Frame frame, Client client, String back) {
    }

    /** The clients' list, all of them ({@code path} {@code /clients}) or one key's. */
    private static ListQuery<Client> query(String path) {
        return new ListQuery<>(path, List.of(
                new ListQuery.Column<>("hostname", Comparator.comparing(Client::hostname, String.CASE_INSENSITIVE_ORDER)),
                new ListQuery.Column<>("key", Comparator.comparing(Client::apiKeyName, String.CASE_INSENSITIVE_ORDER)),
                new ListQuery.Column<>("registered", Comparator.comparing(Client::registeredAt)),
                new ListQuery.Column<>("seen", Comparator.comparing(Client::lastSeenAt,
                        Comparator.nullsFirst(Comparator.naturalOrder()))),
                new ListQuery.Column<>("status", Comparator.comparing(Client::active).reversed())),
                client -> List.of(client.hostname(), client.platform(), client.apiKeyName(),
                        Addresses.display(client.lastAddress())));
    }

    void register(Router router) {
        router.get(LIST, Access.USER, request -> templates.page("clients/list", new ClientsView(
                frame(request, "Clients"), null, query(LIST).apply(request, clients.list()), request.baseUrl())));
        router.get("/api-keys/{id}/clients", Access.USER, this::listOfKey);
        StatusToggle.register(router, LIST, "client-", clients::setActive);
        router.get("/clients/{id}/delete", Access.ADMIN, request -> {
            Client client = clients.get(request.pathParameter("id"));
            String back = StatusToggle.back(request.query(StatusToggle.BACK_FIELD), LIST);
            return templates.page("clients/delete", new DeleteClientView(frame(request, "Delete client "
                    + client.hostname()).backTo(back, "Clients"), client, back));
        });
        router.post("/clients/{id}/delete", Access.ADMIN, request -> {
            clients.delete(request.pathParameter("id"), request.actor());
            return ApiResponse.redirect(StatusToggle.back(request.form().text(StatusToggle.BACK_FIELD), LIST));
        });
    }

    private ApiResponse listOfKey(ApiRequest request) throws Refusal {
        ApiKey key = keys.get(request.pathParameter("id"));
        return templates.page("clients/list", new ClientsView(frame(request, "Clients of " + key.name())
                .backTo(ApiKeyPages.LIST, "API Keys"), key,
                query("/api-keys/" + key.id() + "/clients").apply(request, clients.listByKey(key.id())),
                request.baseUrl()));
    }

    private static Frame frame(ApiRequest request, String title) {
        return new Frame(title, Frame.Section.CLIENTS, request.session());
    }
}
