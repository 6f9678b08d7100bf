package io.signingmanager.manager.agent;

import io.signingmanager.common.commands.Pkcs11Uri;
import io.signingmanager.manager.testing.UnsignedInputs;
import io.signingmanager.service.testing.ExternalTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * The tools of docs/works-with.md that sign through the module, each with the command that signs one
 * input with the identity of that SHA-1 and common name, as the table gives it ({@code p11tool --test-sign}
 * signs and verifies test data).
 */
enum SigningTool {
    PKCS11_TOOL("`pkcs11-tool`", true) {
        @Override
        List<String> command(Inputs in) throws Exception {
            return List.of("pkcs11-tool", "--module", ModuleTools.MODULE.toString(), "--sign", "--id", in.sha1(), "-m",
                    "SHA256-RSA-PKCS", "-i", in.data().toString(), "-o", in.output().toString());
        }
    },
    P11TOOL("`p11tool`", true) {
        @Override
        List<String> command(Inputs in) throws Exception {
            return List.of("p11tool", "--provider", ModuleTools.MODULE.toString(), "--test-sign", in.uri());
        }
    },
    JARSIGNER("`jarsigner` (SunPKCS11)", false) {
        @Override
        List<String> command(Inputs in) throws Exception {
            return List.of(ExternalTool.jdkTool("jarsigner"), "-keystore", "NONE", "-storetype", "PKCS11", "-providerClass",
                    "sun.security.pkcs11.SunPKCS11", "-providerArg", in.tools().sunPkcs11Config().toString(), "-storepass",
                    "none", in.jar().toString(), in.name());
        }
    },
    OPENSSL("`openssl` (libp11)", false) {
        @Override
        List<String> command(Inputs in) throws Exception {
            return List.of("openssl", "dgst", "-sha256", "-engine", "pkcs11", "-keyform", "engine", "-sign", in.uri(), "-out",
                    in.output().toString(), in.data().toString());
        }
    },
    OSSLSIGNCODE("`osslsigncode`", false) {
        @Override
        List<String> command(Inputs in) throws Exception {
            return List.of("osslsigncode", "sign", "-pkcs11module", ModuleTools.MODULE.toString(), "-pkcs11cert",
                    Pkcs11Uri.certificate(in.sha1(), in.name()), "-key", in.uri(), "-h", "sha256", "-in",
                    UnsignedInputs.powerShell(in.folder()).toString(), "-out", in.folder().resolve("signed.ps1").toString());
        }
    },
    JSIGN("jsign's command line", false) {
        @Override
        List<String> command(Inputs in) throws Exception {
            return List.of(ExternalTool.jdkTool("java"), "-jar", System.getProperty("jsign.cli"), "--keystore",
                    in.tools().sunPkcs11Config().toString(), "--storetype", "PKCS11", "--storepass", "none", "--alias",
                    in.name(), UnsignedInputs.exe(in.folder()).toString());
        }
    };

    /** What a command needs: the folder to work in, the tools, and the identity to sign with. */
    record Inputs(Path folder, ModuleTools tools, String sha1, String name) {
        Path data() throws Exception {
            return Files.writeString(folder.resolve("data"), "what a build signs");
        }

        Path output() {
            return folder.resolve("data.sig");
        }

        String uri() {
            return Pkcs11Uri.privateKey(sha1, name);
        }

        Path jar() throws Exception {
            Path jar = folder.resolve("app.jar");
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
                out.putNextEntry(new JarEntry("app.txt"));
                out.write(1);
            }
            return jar;
        }
    }

    private final String title;
    private final boolean findsById;

    SigningTool(String title, boolean findsById) {
        this.title = title;
        this.findsById = findsById;
    }

    /**
     * Whether it looks for the key by its {@code CKA_ID}, so that the module sees which one was asked for;
     * the others list every key and look for it themselves (SunPKCS11's aliases, libp11's URI match).
     */
    boolean findsById() {
        return findsById;
    }

    String title() {
        return title;
    }

    abstract List<String> command(Inputs in) throws Exception;
}
