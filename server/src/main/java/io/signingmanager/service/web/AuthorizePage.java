package io.signingmanager.service.web;

import io.signingmanager.service.apikeys.ApiKey;
import io.signingmanager.service.apikeys.ApiKeyService;
import io.signingmanager.service.certificates.Authorization;
import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.http.ApiRequest;
import io.signingmanager.service.http.ApiResponse;
import io.signingmanager.service.http.Form;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one Authorize page (template {@code authorize.jte}) of certificates and workflows: all API
 * keys, or the ticked ones, may use the thing; a form that says neither is refused on the page.
 */
public final class AuthorizePage {
    private final Templates templates;
    private final ApiKeyService apiKeys;

    AuthorizePage(Templates templates, ApiKeyService apiKeys) {
        this.templates = templates;
        this.apiKeys = apiKeys;
    }

    /** An API key to tick. */
    public record KeyChoice(String id, String name, boolean active, boolean checked) {
    }

    /**
     * What the page is about: its frame (title and way back), the intro sentence, the question
     * ("Which API keys may sign with it"), the verb for the hint ("sign"), and where the form goes.
     */
    record Subject(Frame frame, String intro, String question, String verb, String action) {
    }

    public record View(Frame frame, String intro, String question, String verb, String action, String cancel,
                       boolean all, List<KeyChoice> keys, String error) {
    }

    /** Saves the choice, as the actor of the request. */
    @FunctionalInterface
    interface Save {
        void save(boolean all, List<String> apiKeyIds) throws Refusal;
    }

    ApiResponse form(Subject subject, String cancel, Authorization authorization) {
        boolean all = Boolean.TRUE.equals(authorization.all());
        return page(subject, cancel, all, all ? null : new HashSet<>(authorization.apiKeyIds()), null, 200);
    }

    /** Saves the form's choice and goes to {@code done}; a refusal shows on the page with the ticks kept. */
    ApiResponse submit(ApiRequest request, Subject subject, String done, Save save) throws Refusal {
        Form form = request.form();
        String scope = form.text("scope");
        List<String> chosen = form.texts("apiKey");
        try {
            if (!"all".equals(scope) && !"chosen".equals(scope)) {
                throw Refusal.badRequest("Choose either all API keys or only the API keys ticked below");
            }
            save.save("all".equals(scope), "all".equals(scope) ? List.of() : chosen);
            return ApiResponse.redirect(done);
        } catch (Refusal e) {
            return page(subject, done, !"chosen".equals(scope), new HashSet<>(chosen), e.getMessage(),
                    e.code().status());
        }
    }

    /** Every API key's name by its id, for {@link #described}. */
    Map<String, String> keyNames() {
        return apiKeys.list().stream().collect(Collectors.toMap(ApiKey::id, ApiKey::name, (a, b) -> a));
    }

    /** "All API keys", the names of the chosen ones, or "No API key". */
    static String described(Authorization authorization, Map<String, String> names) {
        if (Boolean.TRUE.equals(authorization.all())) {
            return "All API keys";
        }
        List<String> chosen = authorization.apiKeyIds().stream().map(names::get).filter(name -> name != null)
                .sorted(String.CASE_INSENSITIVE_ORDER).toList();
        return chosen.isEmpty() ? "No API key" : String.join(", ", chosen);
    }

    /** {@code checked} null ticks every key (the page's default while all keys may use it). */
    private ApiResponse page(Subject subject, String cancel, boolean all, Set<String> checked, String error,
                             int status) {
        List<KeyChoice> keys = apiKeys.list().stream().map(key -> new KeyChoice(key.id(), key.name(), key.active(),
                checked == null || checked.contains(key.id()))).toList();
        return templates.page(status, "authorize", new View(subject.frame(), subject.intro(), subject.question(),
                subject.verb(), subject.action(), cancel, all, keys, error));
    }
}
