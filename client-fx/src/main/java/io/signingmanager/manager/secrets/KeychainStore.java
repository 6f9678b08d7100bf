package io.signingmanager.manager.secrets;

import io.signingmanager.manager.tools.ToolRunner;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The macOS login keychain through {@code security}, as generic passwords of the service
 * {@code io.signingmanager.signing-manager} (the seed: "found in the macOS keychain"). Not testable on
 * the Linux machines this project is built on.
 * The value goes in on standard input: {@code -w} as the last option makes security read it.
 */
final class KeychainStore implements SecretStore {
    static final String SERVICE = "io.signingmanager.signing-manager";

    @Override
    public String description() {
        return "the macOS Keychain (" + SERVICE + ")";
    }

    @Override
    public void put(String name, String value) throws IOException {
        ToolRunner.Result result = ToolRunner.run(List.of("security", "add-generic-password", "-U", "-s", SERVICE,
                "-a", name, "-w"), value + "\n" + value + "\n");
        if (!result.succeeded()) {
            throw new IOException("The Keychain did not store the " + name + ": " + result.output().trim());
        }
    }

    @Override
    public Optional<String> get(String name) throws IOException {
        ToolRunner.Result result = ToolRunner.run(List.of("security", "find-generic-password", "-s", SERVICE,
                "-a", name, "-w"), null);
        return result.succeeded() ? Optional.of(result.output().strip()) : Optional.empty();
    }

    @Override
    public void remove(String name) throws IOException {
        ToolRunner.run(List.of("security", "delete-generic-password", "-s", SERVICE, "-a", name), null);
    }
}
