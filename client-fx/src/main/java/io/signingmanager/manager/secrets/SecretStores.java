package io.signingmanager.manager.secrets;

import io.signingmanager.manager.home.ManagerHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/** Picks the secret store: the OS's own when one runs, else the owner-only file. */
public final class SecretStores {
    private SecretStores() {
    }

    public static SecretStore detect(ManagerHome home, Map<String, String> env, String osName) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.contains("mac") && onPath(env, "security")) {
            return new KeychainStore();
        }
        if (env.get("DBUS_SESSION_BUS_ADDRESS") != null && onPath(env, "secret-tool") && SecretServiceStore.available()) {
            return new SecretServiceStore();
        }
        return new FileSecretStore(home.secretsFile());
    }

    private static boolean onPath(Map<String, String> env, String tool) {
        String path = env.getOrDefault("PATH", "");
        return Stream.of(path.split(java.io.File.pathSeparator)).filter(folder -> !folder.isBlank())
                .map(folder -> Path.of(folder, tool)).anyMatch(Files::isExecutable);
    }
}
