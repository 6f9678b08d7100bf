package io.signingmanager.service.web;

import io.signingmanager.service.apikeys.ApiKey;
import io.signingmanager.service.apikeys.ApiKeyService;
import io.signingmanager.service.clients.Client;
import io.signingmanager.service.clients.ClientService;
import io.signingmanager.service.http.Access;
import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.http.ApiRequest;
import io.signingmanager.service.http.ApiResponse;
import io.signingmanager.service.http.Form;
import io.signingmanager.service.http.Router;
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
    public record ClientsView(Frame frame, ApiKey key, List<Client> clients, String back, String serviceUrl) {
    }

    public record DeleteClientView(Frame frame, Client client, String back) {
    }

    void register(Router router) {
        router.get(LIST, Access.USER, request -> templates.page("clients/list", new ClientsView(
                frame(request, "Clients"), null, clients.list(), LIST, request.baseUrl())));
        router.get("/api-keys/{id}/clients", Access.USER, this::listOfKey);
        router.post("/clients/{id}/active", Access.USER, this::toggle);
        router.get("/clients/{id}/delete", Access.ADMIN, request -> {
            Client client = clients.get(request.pathParameter("id"));
            return templates.page("clients/delete", new DeleteClientView(frame(request, "Delete client "
                    + client.hostname()), client, StatusToggle.back(request.query(StatusToggle.BACK_FIELD), LIST)));
        });
        router.post("/clients/{id}/delete", Access.ADMIN, request -> {
            clients.delete(request.pathParameter("id"), request.actor());
            return ApiResponse.redirect(StatusToggle.back(request.form().text(StatusToggle.BACK_FIELD), LIST));
        });
    }

    private ApiResponse listOfKey(ApiRequest request) throws Refusal {
        ApiKey key = keys.get(request.pathParameter("id"));
        return templates.page("clients/list", new ClientsView(frame(request, "Clients of " + key.name()), key,
                clients.listByKey(key.id()), "/api-keys/" + key.id() + "/clients", request.baseUrl()));
    }

    private ApiResponse toggle(ApiRequest request) throws Refusal {
        Form form = request.form();
        String id = request.pathParameter("id");
        clients.setActive(id, StatusToggle.requested(form), request.actor());
        return StatusToggle.backToRow(form, LIST, "client-" + id);
    }

    private static Frame frame(ApiRequest request, String title) {
        return new Frame(title, Frame.Section.CLIENTS, request.session());
    }
}
