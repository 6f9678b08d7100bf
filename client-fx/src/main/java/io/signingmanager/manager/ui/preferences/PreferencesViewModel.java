package io.signingmanager.manager.ui.preferences;

import io.signingmanager.manager.connection.Manager;
import io.signingmanager.manager.connection.Problem;
import io.signingmanager.manager.settings.Settings;
import io.signingmanager.manager.ui.Background;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.function.Consumer;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * Preferences without controls: the fields as properties, whether saving may start or runs, what
 * went wrong, and the Save command. Saving with "Trust Self Signed Certificates" asks the
 * {@link TrustQuestion} about a certificate not pinned yet.
 */
public final class PreferencesViewModel {
    /** Whether the user trusts the self-signed certificate the service shows; the window asks with a dialog. */
    @FunctionalInterface
    public interface TrustQuestion {
        boolean trust(URI service, String sha256);
    }

    /** What the dialog starts from, read off the FX thread because the secret store may run a tool. */
    public record Current(Settings settings, boolean apiKeySet, String secretStore) {
        public static Current load(Manager manager) throws Problem {
            return new Current(manager.settings(), manager.apiKeySet(), manager.secretStoreDescription());
        }
    }

    private final Manager manager;
    private final Background background;
    private final Current current;
    private final StringProperty url = new SimpleStringProperty("");
    private final StringProperty apiKey = new SimpleStringProperty("");
    private final BooleanProperty trustSelfSigned = new SimpleBooleanProperty();
    private final BooleanProperty debug = new SimpleBooleanProperty();
    private final ReadOnlyBooleanWrapper saving = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final BooleanBinding canSave;

    public PreferencesViewModel(Manager manager, Background background, Current current) {
        this.manager = manager;
        this.background = background;
        this.current = current;
        Settings settings = current.settings();
        url.set(settings.apiHost() == null ? "" : settings.apiHost().toString());
        trustSelfSigned.set(settings.trustSelfSigned());
        debug.set(settings.debug());
        canSave = saving.not().and(url.isNotEmpty()).and(apiKey.isNotEmpty().or(new SimpleBooleanProperty(current.apiKeySet())));
    }

    /**
     * Checks the URL, pins the certificate when asked to trust it, and registers (or keeps the
     * registration); {@code onSaved} gets the saved settings, a failure lands in {@link #error()}.
     */
    public void save(TrustQuestion question, Consumer<Settings> onSaved) {
        URI service;
        try {
            service = new URI(url.get().strip());
        } catch (URISyntaxException e) {
            error.set("\"" + url.get().strip() + "\" is not a URL. Use the URL from the Signing Service's main page.");
            return;
        }
        error.set("");
        saving.set(true);
        if (trustSelfSigned.get()) {
            background.run(() -> manager.certificateOf(service), sha256 -> {
                if (sha256.equals(current.settings().pinnedSha256()) || question.trust(service, sha256)) {
                    register(service, sha256, onSaved);
                } else {
                    saving.set(false);
                    error.set("Not saved: the service's certificate was not trusted.");
                }
            }, this::failed);
        } else {
            register(service, null, onSaved);
        }
    }

    private void register(URI service, String pinnedSha256, Consumer<Settings> onSaved) {
        String key = apiKey.get();
        boolean debugLogging = debug.get();
        background.run(() -> manager.save(service, key, pinnedSha256, debugLogging), settings -> {
            saving.set(false);
            onSaved.accept(settings);
        }, this::failed);
    }

    private void failed(Problem problem) {
        saving.set(false);
        error.set(problem.getMessage() + "\n" + problem.advice());
    }

    /** Where the key is kept, and what saving does with it. */
    public String keyHint() {
        return current.apiKeySet() ? "A key is saved in " + current.secretStore()
                + ". Saving keeps this machine's registration while the URL and the key stay the same."
                : "The key will be kept in " + current.secretStore() + ".";
    }

    public String apiKeyPrompt() {
        return current.apiKeySet() ? "Leave empty to keep the saved key" : "From the API Keys page (show value)";
    }

    public StringProperty url() {
        return url;
    }

    /** Empty keeps the saved key. */
    public StringProperty apiKey() {
        return apiKey;
    }

    public BooleanProperty trustSelfSigned() {
        return trustSelfSigned;
    }

    public BooleanProperty debug() {
        return debug;
    }

    /** True from Save until the service answered. */
    public ReadOnlyBooleanProperty saving() {
        return saving.getReadOnlyProperty();
    }

    /** Why the last Save failed, with what to do; empty when it did not. */
    public ReadOnlyStringProperty error() {
        return error.getReadOnlyProperty();
    }

    /** A URL, and a key typed or saved, and no save running. */
    public BooleanBinding canSave() {
        return canSave;
    }
}
