package io.signingmanager.manager.secrets;

import io.signingmanager.manager.tools.ToolRunner;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The freedesktop Secret Service (GNOME Keyring, KWallet) over D-Bus, through libsecret's
 * {@code secret-tool}. Items carry the attributes {@code service=io.signingmanager.signing-manager}
 * and {@code account=<name>}.
 */
final class SecretServiceStore implements SecretStore {
    static final String SERVICE = "io.signingmanager.signing-manager";

    @Override
    public String description() {
        return "the Secret Service (" + SERVICE + ")";
    }

    /** Whether a Secret Service answers: a probe item can be stored, read back and removed. */
    static boolean available() {
        SecretServiceStore store = new SecretServiceStore();
        try {
            store.put("probe", "probe");
            boolean readBack = store.get("probe").filter("probe"::equals).isPresent();
            store.remove("probe");
            return readBack;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void put(String name, String value) throws IOException {
        ToolRunner.Result result = ToolRunner.run(List.of("secret-tool", "store", "--label=Signing Manager " + name,
                "service", SERVICE, "account", name), value);
        if (!result.succeeded()) {
            throw new IOException("The Secret Service did not store the " + name + ": " + result.output().trim());
        }
    }

    @Override
    public Optional<String> get(String name) throws IOException {
        ToolRunner.Result result = ToolRunner.run(List.of("secret-tool", "lookup", "service", SERVICE, "account", name),
                null);
        if (!result.succeeded()) {
            if (result.output().isBlank()) {
                return Optional.empty();
            }
            throw new IOException("The Secret Service did not answer: " + result.output().trim());
        }
        return Optional.of(result.output());
    }

    @Override
    public void remove(String name) throws IOException {
        ToolRunner.run(List.of("secret-tool", "clear", "service", SERVICE, "account", name), null);
    }
}
