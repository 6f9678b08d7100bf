package io.signingmanager.manager.agent;

import io.signingmanager.common.commands.Pkcs11Uri;
import io.signingmanager.manager.testing.UnsignedInputs;
import io.signingmanager.service.testing.ExternalTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which functions real tools call: each run once through OpenSC's pkcs11-spy (a module that logs each
 * call and passes it on to ours), signing with the RSA identity or listing the token. The spy speaks
 * PKCS#11 3.0, so a tool may ask it for 3.0 functions our v2.40 module does not have: only the
 * functions of our function list are kept, and C_GetInterface counts as C_GetFunctionList (what a
 * tool falls back to on a module without it).
 */
final class ToolCalls {
    static final Path SPY = Path.of("/usr/lib/x86_64-linux-gnu/pkcs11-spy.so");
    private static final Pattern CALL = Pattern.compile("^\\d+: (C_\\w+)$", Pattern.MULTILINE);

    /** A tool's run: its title in the table and its arguments, given the module to load (the spy) and the RSA identity. */
    enum Tool {
        PKCS11_TOOL_LIST("OpenSC `pkcs11-tool --list-objects`",
                context -> List.of("pkcs11-tool", "--module", SPY.toString(), "--list-objects")),
        PKCS11_TOOL_SIGN("OpenSC `pkcs11-tool --sign -m SHA256-RSA-PKCS`",
                context -> List.of("pkcs11-tool", "--module", SPY.toString(), "--sign", "--id", context.sha1(), "-m", "SHA256-RSA-PKCS",
                        "-i", context.input().toString(), "-o", context.output().toString())),
        P11TOOL_LIST("GnuTLS `p11tool --list-all-certs`",
                context -> List.of("p11tool", "--provider", SPY.toString(), "--list-all-certs")),
        OPENSSL_SIGN("`openssl dgst -sign` with libp11's engine",
                context -> List.of("env", "PKCS11_MODULE_PATH=" + SPY, "openssl", "dgst", "-sha256", "-engine", "pkcs11", "-keyform", "engine",
                        "-sign", Pkcs11Uri.privateKey(context.sha1(), context.name()), "-out", context.output().toString(),
                        context.input().toString())),
        OSSLSIGNCODE_SIGN("`osslsigncode sign` (a PowerShell script)",
                context -> List.of("osslsigncode", "sign", "-pkcs11module", SPY.toString(), "-pkcs11cert",
                        Pkcs11Uri.certificate(context.sha1(), context.name()), "-key", Pkcs11Uri.privateKey(context.sha1(), context.name()),
                        "-h", "sha256", "-in", context.script().toString(), "-out", context.output().toString() + ".ps1")),
        KEYTOOL_LIST("`keytool -list` through SunPKCS11 (JDK 17)",
                context -> List.of(ExternalTool.jdkTool("keytool"), "-list", "-keystore", "NONE", "-storetype", "PKCS11",
                        "-providerClass", "sun.security.pkcs11.SunPKCS11", "-providerArg", context.sunPkcs11Config().toString(),
                        "-storepass", "none")),
        JARSIGNER_SIGN("`jarsigner -sigalg SHA256withRSA` through SunPKCS11 (JDK 17)",
                context -> List.of(ExternalTool.jdkTool("jarsigner"), "-keystore", "NONE", "-storetype", "PKCS11",
                        "-providerClass", "sun.security.pkcs11.SunPKCS11", "-providerArg", context.sunPkcs11Config().toString(),
                        "-storepass", "none", "-sigalg", "SHA256withRSA", context.jar().toString(), context.name()));

        final String title;
        private final Function<Context, List<String>> command;

        Tool(String title, Function<Context, List<String>> command) {
            this.title = title;
            this.command = command;
        }
    }

    /** What the tools are given: the identity, the files they sign, and a SunPKCS11 configuration naming the spy. */
    record Context(String sha1, String name, Path input, Path output, Path script, Path jar, Path sunPkcs11Config) {
        static Context create(Path folder, String sha1, String name) throws Exception {
            Path config = Files.writeString(folder.resolve("spy.cfg"), "name=Spy\nlibrary=" + SPY + "\nslotListIndex=0\n");
            return new Context(sha1, name, Files.writeString(folder.resolve("tool-input"), "signed by a traced tool"),
                    folder.resolve("tool-output"), UnsignedInputs.powerShell(folder), UnsignedInputs.jar(folder), config);
        }
    }

    private ToolCalls() {
    }

    /** The functions of {@code functions} (the module's list, in its order) that the tool called. */
    static List<String> calls(ModuleTools tools, Path folder, Tool tool, Context context, List<String> functions) throws Exception {
        Path log = folder.resolve("spy-" + tool.name() + ".log");
        List<String> command = new ArrayList<>(List.of("env", "PKCS11SPY=" + ModuleTools.MODULE, "PKCS11SPY_OUTPUT=" + log));
        command.addAll(tool.command.apply(context));
        ExternalTool.Run run = tools.run(command);
        if (run.exit() != 0) {
            throw new AssertionError(tool.title + " failed through pkcs11-spy:\n" + run);
        }
        List<String> called = new ArrayList<>();
        Matcher matcher = CALL.matcher(Files.readString(log));
        while (matcher.find()) {
            called.add(matcher.group(1).equals("C_GetInterface") ? "C_GetFunctionList" : matcher.group(1));
        }
        return functions.stream().filter(called::contains).toList();
    }
}
