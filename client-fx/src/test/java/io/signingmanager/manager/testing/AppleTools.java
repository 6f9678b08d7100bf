package io.signingmanager.manager.testing;

import io.signingmanager.service.testing.ExternalTool;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Apple signature tools of {@code ../shared/apple-tools} (signapple's checkers, ldid, xar, mkbom),
 * built by its {@code setup.sh} into {@code client-fx/target/apple-tools} once per build, as
 * {@link SharedBuild} says (skipped saying why where they cannot be, failing in CI).
 */
public final class AppleTools {
    private static final SharedBuild BUILD = new SharedBuild("The Apple tools", "apple-tools", "setup.sh",
            List.of("APPLE_TOOLS_LDID", "APPLE_TOOLS_XAR", "APPLE_TOOLS_MKBOM"));
    private static final String PYTHON = "/usr/bin/python3";

    private final Map<String, String> variables;

    private AppleTools(Map<String, String> variables) {
        this.variables = variables;
    }

    /** The tools, built now if this build has not built them yet; skips (fails in CI) the test when they cannot be. */
    public static AppleTools get() {
        return new AppleTools(BUILD.variables());
    }

    public Path ldid() {
        return Path.of(variables.get("APPLE_TOOLS_LDID"));
    }

    public Path xar() {
        return Path.of(variables.get("APPLE_TOOLS_XAR"));
    }

    public Path mkbom() {
        return Path.of(variables.get("APPLE_TOOLS_MKBOM"));
    }

    /** The folder of the checkers {@code verify_macho.py}, {@code verify_pkg.py}, {@code check_coderesources.py}. */
    public Path bin() {
        return Path.of(variables.get("APPLE_TOOLS_BIN"));
    }

    /** signapple and the modules it needs, for {@code PYTHONPATH}. */
    public Path pythonPath() {
        return Path.of(variables.get("APPLE_TOOLS_PYTHONPATH"));
    }

    /** Runs one of the checkers of {@link #bin()} with Debian's Python and the tools' modules. */
    public ExternalTool.Run check(String script, List<String> arguments, Path folder) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PYTHON, bin().resolve(script).toString()));
        command.addAll(arguments);
        return ExternalTool.run(command, Map.of("PYTHONPATH", pythonPath().toString()), folder);
    }

    /** {@code verify_macho.py --root ROOT FILE}: signapple's verification, trusting that root (PEM). */
    public ExternalTool.Run verifyMacho(Path file, Path rootPem, Path folder) throws IOException, InterruptedException {
        return check("verify_macho.py", List.of("--root", rootPem.toString(), file.toString()), folder);
    }

    /** {@code verify_pkg.py --root ROOT PKG}: the package's TOC checksum, both signatures, the chain and the files. */
    public ExternalTool.Run verifyPkg(Path pkg, Path rootPem, Path folder) throws IOException, InterruptedException {
        return check("verify_pkg.py", List.of("--root", rootPem.toString(), pkg.toString()), folder);
    }

    /** Any tool by its path, like {@code ldid -h FILE} or {@code xar -t -f PKG}. */
    public ExternalTool.Run run(Path folder, String... command) throws IOException, InterruptedException {
        return ExternalTool.run(List.of(command), Map.of(), folder);
    }
}
