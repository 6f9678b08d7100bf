package io.signingmanager.manager.agent;

import io.signingmanager.service.testing.ExternalTool;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs tools nobody here wrote against the built PKCS#11 module and one agent's socket. Their
 * input is empty, so a tool that would prompt fails instead of waiting.
 */
final class ModuleTools {
    /** The module built by pkcs11/, from the system property {@code pkcs11.module} (set by the build). */
    static final Path MODULE = Path.of(System.getProperty("pkcs11.module", "pkcs11.module not set")).toAbsolutePath();

    private final Path folder;
    private final Path socket;

    ModuleTools(Path folder, Path socket) {
        this.folder = folder;
        this.socket = socket;
    }

    /** pkcs11-tool on the module. */
    ExternalTool.Run pkcs11Tool(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("pkcs11-tool", "--module", MODULE.toString()));
        command.addAll(List.of(arguments));
        return run(command);
    }

    /** A SunPKCS11 configuration naming the module, as PKCS11.md says. */
    Path sunPkcs11Config() throws Exception {
        return Files.writeString(folder.resolve("pkcs11.cfg"), "name=SigningManager\nlibrary=" + MODULE + "\nslotListIndex=0\n");
    }

    /** A command told the agent's socket and (for libp11's engine) the module. */
    ExternalTool.Run run(List<String> command) throws Exception {
        return ExternalTool.run(command, environment(), folder);
    }

    /** Starts a command with the same environment as {@link #run}, its output to those files. */
    Process start(List<String> command, Path stdout, Path stderr) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(new File("/dev/null"))
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        builder.environment().putAll(environment());
        return builder.start();
    }

    private Map<String, String> environment() {
        return Map.of("SIGNING_MANAGER_AGENT_SOCKET", socket.toString(), "PKCS11_MODULE_PATH", MODULE.toString());
    }
}
