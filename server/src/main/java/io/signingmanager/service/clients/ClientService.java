package io.signingmanager.service.clients;

import io.signingmanager.service.apikeys.ApiKeyService;
import io.signingmanager.service.http.ApiException;
import io.signingmanager.service.storage.Database;
import java.util.List;

/** Registered clients as users see and manage them: listing, toggling, removing. The JSON API and the pages share it. */
public final class ClientService {
    private final Database database;
    private final ClientRepository clients;
    private final ApiKeyService apiKeys;

    public ClientService(Database database, ClientRepository clients, ApiKeyService apiKeys) {
        this.database = database;
        this.clients = clients;
        this.apiKeys = apiKeys;
    }

    public List<Client> list() {
        return database.read(clients::list);
    }

    /** The clients registered with one API key; an unknown key is a 404. */
    public List<Client> listByKey(String apiKeyId) throws ApiException {
        apiKeys.get(apiKeyId);
        return database.read(c -> clients.listByKey(c, apiKeyId));
    }

    public Client get(String id) throws ApiException {
        return database.read(c -> clients.find(c, id)).orElseThrow(() -> unknown(id));
    }

    public Client setActive(String id, boolean active) throws ApiException {
        if (!database.transaction(c -> clients.setActive(c, id, active))) {
            throw unknown(id);
        }
        return get(id);
    }

    public void delete(String id) throws ApiException {
        if (!database.transaction(c -> clients.delete(c, id))) {
            throw unknown(id);
        }
    }

    private static ApiException unknown(String id) {
        return ApiException.notFound("No client with id " + id);
    }
}
