package io.signingmanager.manager.secrets;

import java.io.IOException;
import java.util.Optional;

/** Where the API key and the client token are kept: the OS secret store, or an owner-only file. */
public interface SecretStore {
    String API_KEY = "api-key";
    String CLIENT_TOKEN = "client-token";

    /** Says where, in words, for {@code -p} and Preferences. */
    String description();

    void put(String name, String value) throws IOException;

    Optional<String> get(String name) throws IOException;

    void remove(String name) throws IOException;
}
