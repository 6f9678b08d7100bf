package io.signingmanager.manager.agent;

import io.signingmanager.manager.testing.SharedBuild;
import io.signingmanager.service.testing.ExternalTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The two peer PKCS#11 conformance suites of {@code ../shared/pkcs11-suites} (Google's pkcs11test,
 * OpenSC's p11test), built by its {@code build.sh} into {@code client-fx/target/pkcs11-suites} once
 * per build (see {@link SharedBuild}), run on the module with the PIN 1234 (the module takes any), and
 * pkcs11/'s conformance probe ({@code make conformance}).
 */
final class PeerSuites {
    private static final SharedBuild BUILD = new SharedBuild("The peer PKCS#11 suites", "pkcs11-suites", "build.sh",
            List.of("PKCS11TEST", "P11TEST"));
    /** pkcs11/, beside client-fx. */
    static final Path PKCS11 = Path.of("").toAbsolutePath().getParent().resolve("pkcs11");
    static final Path HELPERS = PKCS11.resolve("target/conformance");
    private static final String PIN = "1234";
    /** Far above a run's second; a run that hangs fails the test instead of the build. */
    private static final long TIMEOUT_SECONDS = 120;

    /** The suites' runs, each with its title in the table and its build script's variable. */
    enum Suite {
        PKCS11TEST("pkcs11test", "PKCS11TEST"),
        P11TEST("p11test", "P11TEST");

        final String title;
        final String variable;

        Suite(String title, String variable) {
            this.title = title;
            this.variable = variable;
        }
    }

    /** How one suite's run ended and where it wrote its result (XML), its output and its log (p11test's JSON). */
    record Run(Suite suite, int exit, Path xml, Path stdout, Path stderr, Path log) {
    }

    private final ModuleTools tools;
    private final Path folder;

    PeerSuites(ModuleTools tools, Path folder) {
        this.tools = tools;
        this.folder = folder;
    }

    /** The built suites and helpers, building them now if this build has not; skips (fails in CI) the test when it cannot. */
    void build() throws Exception {
        BUILD.variables();
        ExternalTool.Run make = ExternalTool.run(List.of("make", "-C", PKCS11.toString(), "conformance"), Map.of(), folder);
        if (make.exit() != 0) {
            throw new AssertionError("make conformance failed:\n" + make);
        }
    }

    /**
     * pkcs11test without the SO-login tests ({@code -X}; the token has no SO) and without {@code -I} (which
     * would initialize the token), its result as GoogleTest's XML. The filter leaves out the login fixtures,
     * as pkcs11test itself does on a token without {@code CKF_LOGIN_REQUIRED} (its own filter is lost once
     * one is given).
     */
    Run pkcs11test() throws Exception {
        Path xml = folder.resolve("pkcs11test.xml");
        Path module = ModuleTools.MODULE;
        return run(Suite.PKCS11TEST, xml, List.of(), List.of("-m", module.getFileName().toString(), "-l", module.getParent().toString(),
                "-s", "0", "-u", PIN, "-o", PIN, "-X", "--gtest_output=xml:" + xml, "--gtest_filter=-*UserSessionTest.*:*SOSessionTest.*"));
    }

    /**
     * p11test on the module (it opens its sessions read/write); its result as cmocka's JUnit XML, its
     * findings (each mechanism signed and verified) as its JSON log. It skips {@code wait_test} itself
     * unless interactive ({@code -i}), and {@code interface_test} on a module without PKCS#11 3.0's
     * {@code C_GetInterfaceList}.
     */
    Run p11test() throws Exception {
        Suite suite = Suite.P11TEST;
        Path xml = folder.resolve(suite.name() + ".xml");
        return run(suite, xml, List.of("CMOCKA_MESSAGE_OUTPUT=xml", "CMOCKA_XML_FILE=" + xml),
                List.of("-m", ModuleTools.MODULE.toString(), "-s", "0", "-p", PIN, "-o", folder.resolve(suite.name() + ".json").toString()));
    }

    private Run run(Suite suite, Path xml, List<String> environment, List<String> arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("env"));
        command.addAll(environment);
        command.add(BUILD.variables().get(suite.variable));
        command.addAll(arguments);
        Path stdout = folder.resolve(suite.name() + ".out");
        Path stderr = folder.resolve(suite.name() + ".err");
        Files.deleteIfExists(xml);
        Process process = tools.start(command, stdout, stderr);
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError(suite.title + " did not end in " + TIMEOUT_SECONDS + " s; its output: " + stdout + ", " + stderr);
        }
        return new Run(suite, process.exitValue(), xml, stdout, stderr, folder.resolve(suite.name() + ".json"));
    }
}
