package io.signingmanager.manager.gitsign;

import io.signingmanager.manager.agent.AgentSocket;
import io.signingmanager.manager.agent.ModuleLocation;
import io.signingmanager.manager.home.ManagerHome;
import java.nio.file.Path;
import java.util.Map;

/**
 * What git signing is set up with: the Signing Manager's own GnuPG home (the user's {@code ~/.gnupg},
 * its keys and its smart cards stay as they are), the agent's socket the module is pointed at, the
 * PKCS#11 module, and the environment git, gpgsm and gpgconf run with (this process's, plus these).
 */
public record GitSigningPlaces(Path gnupgHome, Path agentSocket, String module, Map<String, String> variables) {
    /** The GnuPG home's folder name in the Signing Manager's config folder. */
    static final String GNUPG_FOLDER = "gnupg";

    public static GitSigningPlaces of(Map<String, String> env, ManagerHome home) {
        return new GitSigningPlaces(home.configFolder().resolve(GNUPG_FOLDER), AgentSocket.Location.of(env, home).socket(),
                ModuleLocation.of(env), env);
    }
}
