package io.signingmanager.manager.home;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where the Signing Manager keeps its state: settings and the fallback secret file in the config
 * folder, {@code SigningManager.log} in the log folder, the agent's socket in the runtime folder.
 * All three are {@code $SIGNING_MANAGER_HOME} when set, else the platform's usual places.
 */
public record ManagerHome(Path configFolder, Path logFolder, Path runtimeFolder) {
    public static final String HOME_VARIABLE = "SIGNING_MANAGER_HOME";
    private static final String FOLDER = "signing-manager";
    private static final String MAC_FOLDER = "Signing Manager";

    public static ManagerHome detect(Map<String, String> env, String osName, Path userHome) {
        String home = env.get(HOME_VARIABLE);
        if (home != null && !home.isBlank()) {
            Path folder = Path.of(home);
            return new ManagerHome(folder, folder, folder);
        }
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.contains("mac")) {
            Path config = userHome.resolve("Library/Application Support").resolve(MAC_FOLDER);
            return new ManagerHome(config, userHome.resolve("Library/Logs").resolve(MAC_FOLDER), config);
        }
        if (os.contains("win")) {
            Path config = folder(env, "APPDATA", userHome.resolve("AppData/Roaming")).resolve(MAC_FOLDER);
            Path local = folder(env, "LOCALAPPDATA", userHome.resolve("AppData/Local")).resolve(MAC_FOLDER);
            return new ManagerHome(config, local.resolve("Logs"), local);
        }
        Path config = folder(env, "XDG_CONFIG_HOME", userHome.resolve(".config")).resolve(FOLDER);
        Path state = folder(env, "XDG_STATE_HOME", userHome.resolve(".local/state")).resolve(FOLDER);
        String runtime = env.get("XDG_RUNTIME_DIR");
        return new ManagerHome(config, state, runtime == null || runtime.isBlank() ? config : Path.of(runtime, FOLDER));
    }

    /** The home of this process: its environment, OS and user. */
    public static ManagerHome current() {
        return detect(System.getenv(), System.getProperty("os.name"), Path.of(System.getProperty("user.home")));
    }

    public Path settingsFile() {
        return configFolder.resolve("settings.json");
    }

    public Path secretsFile() {
        return configFolder.resolve("secrets.json");
    }

    /** What the Signing Manager keeps of its own (receipts, the log monitor's checkpoint): the log's folder. */
    public Path stateFolder() {
        return logFolder;
    }

    public Path logFile() {
        return logFolder.resolve("SigningManager.log");
    }

    public Path agentSocket() {
        return runtimeFolder.resolve("agent.sock");
    }

    private static Path folder(Map<String, String> env, String variable, Path fallback) {
        String value = env.get(variable);
        return value == null || value.isBlank() ? fallback : Path.of(value);
    }
}
