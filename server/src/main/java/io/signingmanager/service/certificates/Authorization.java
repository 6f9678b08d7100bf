package io.signingmanager.service.certificates;

import io.signingmanager.service.apikeys.ApiKeyService;
import io.signingmanager.service.failure.Refusal;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Which API keys may use a certificate (or fetch a workflow): all of them, or the listed ones. */
public record Authorization(Boolean all, List<String> apiKeyIds) {

    /** The listed ids, each once, after checking that each names an API key (an unknown one is the caller's error). */
    public static List<String> knownKeys(ApiKeyService apiKeys, List<String> apiKeyIds) throws Refusal {
        List<String> distinct = List.copyOf(new LinkedHashSet<>(apiKeyIds));
        for (String apiKeyId : distinct) {
            try {
                apiKeys.get(apiKeyId);
            } catch (Refusal e) {
                throw Refusal.badRequest("No API key with id " + apiKeyId);
            }
        }
        return distinct;
    }

    /** Every API key's name by its id, to describe an authorization in the audit. */
    public static Map<String, String> keyNames(ApiKeyService apiKeys) {
        Map<String, String> names = new HashMap<>();
        apiKeys.list().forEach(key -> names.put(key.id(), key.name()));
        return names;
    }

    /** Which keys may use it, by id and by name (names as they were, ids to tell same-named keys apart). */
    public Map<String, String> described(Map<String, String> names) {
        if (Boolean.TRUE.equals(all)) {
            return Map.of("allKeys", "true");
        }
        List<String> ids = apiKeyIds.stream().sorted().toList();
        return Map.of("allKeys", "false", "apiKeyIds", String.join(", ", ids),
                "apiKeys", ids.stream().map(key -> names.getOrDefault(key, key)).collect(Collectors.joining(", ")));
    }
}
