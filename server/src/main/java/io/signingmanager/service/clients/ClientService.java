package io.signingmanager.service.clients;

import io.signingmanager.service.apikeys.ApiKeyService;
import io.signingmanager.service.audit.Actor;
import io.signingmanager.service.audit.AdminAction;
import io.signingmanager.service.audit.AuditEntry;
import io.signingmanager.service.audit.AuditLog;
import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.storage.Database;
import java.util.List;
import java.util.Map;

/** Registered clients as users see and manage them: listing, toggling, removing. The JSON API and the pages share it. */
public final class ClientService {
    private final Database database;
    private final ClientRepository clients;
    private final ApiKeyService apiKeys;
    private final AuditLog audit;

    public ClientService(Database database, ClientRepository clients, ApiKeyService apiKeys, AuditLog audit) {
        this.database = database;
        this.clients = clients;
        this.apiKeys = apiKeys;
        this.audit = audit;
    }

    public List<Client> list() {
        return database.read(clients::list);
    }

    /** The clients registered with one API key; an unknown key is a 404. */
    public List<Client> listByKey(String apiKeyId) throws Refusal {
        apiKeys.get(apiKeyId);
        return database.read(c -> clients.listByKey(c, apiKeyId));
    }

    public Client get(String id) throws Refusal {
        return database.read(c -> clients.find(c, id)).orElseThrow(() -> unknown(id));
    }

    public Client setActive(String id, boolean active, Actor actor) throws Refusal {
        database.transaction(c -> {
            Client client = clients.find(c, id).orElseThrow(() -> unknown(id));
            clients.setActive(c, id, active);
            audit.recordIn(c, entry(actor, AdminAction.toggle(AdminAction.CLIENT_ACTIVATE, AdminAction.CLIENT_DEACTIVATE,
                    active), client).change(Map.of("active", String.valueOf(client.active())),
                    Map.of("active", String.valueOf(active))));
            return null;
        });
        return get(id);
    }

    public void delete(String id, Actor actor) throws Refusal {
        database.transaction(c -> {
            Client client = clients.find(c, id).orElseThrow(() -> unknown(id));
            clients.delete(c, id);
            audit.recordIn(c, entry(actor, AdminAction.CLIENT_DELETE, client).change(Map.of("hostname", client.hostname(),
                    "platform", client.platform(), "active", String.valueOf(client.active())), null));
            return null;
        });
    }

    private static AuditEntry entry(Actor actor, AdminAction action, Client client) {
        return AuditEntry.admin(actor, action, client.id(), client.hostname()).client(client.id(), client.hostname())
                .apiKey(client.apiKeyId(), client.apiKeyName());
    }

    private static Refusal unknown(String id) {
        return Refusal.notFound("No client with id " + id);
    }
}
