package io.signingmanager.manager.cli;

import io.signingmanager.common.text.Printable;
import io.signingmanager.manager.connection.Manager;
import io.signingmanager.manager.connection.Problem;
import io.signingmanager.manager.filesign.FileSignRequest;
import io.signingmanager.manager.filesign.FileSignResult;
import io.signingmanager.manager.filesign.FileSigner;
import io.signingmanager.manager.filesign.HashProgress;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code signing-manager sign}: signs files with a remote identity, each written as the request
 * says. Every input is checked before the first is signed, so a wrong name or format signs none.
 */
final class SignCommand {
    static final String HELP = """
            Usage: signing-manager sign --cert <SHA1> [--timestamp-url URL] [--output FILE|FOLDER] [--json] FILE...

            Signs each FILE with the certificate of that SHA-1 fingerprint (signing-manager -r lists them);
            the key stays on the Signing Service, only digests are sent. JARs (.jar .war .ear) are signed as
            jarsigner does; Windows executables and libraries (.exe .dll .sys ...), MSI, CAB, catalogs (.cat),
            APPX/MSIX, NuGet (.nupkg) and PowerShell, VBScript, JScript and .wsf scripts with Authenticode.

            --cert <SHA1>          the certificate's SHA-1 fingerprint (40 hex digits).
            --timestamp-url URL    time-stamp each signature at this RFC 3161 time-stamping authority.
            --output FILE|FOLDER   where the signed file goes: a file (one input only; it may be the input
                                   itself, which is then replaced) or an existing folder, where it keeps
                                   its name. Default: next to the input, "-signed" before the extension
                                   (app.jar gives app-signed.jar, setup.exe gives setup-signed.exe).
            --json                 print the results as JSON, for scripts.
            -d                     debug logging.

            Prints one line per signed file: the signed file, its format and the signer.
            """;

    private final Manager manager;
    private final PrintStream out;
    private final PrintStream err;

    SignCommand(Manager manager, PrintStream out, PrintStream err) {
        this.manager = manager;
        this.out = out;
        this.err = err;
    }

    int run(List<String> args) {
        SignFlags flags;
        try {
            flags = SignFlags.parse(args);
        } catch (Flags.UsageException e) {
            err.println("signing-manager: " + e.getMessage());
            err.println("Run signing-manager sign -h to see the options.");
            return CommandLine.USAGE;
        }
        if (flags.help()) {
            out.print(HELP);
            return CommandLine.OK;
        }
        List<Map<String, Object>> signed = new ArrayList<>();
        try {
            for (Path file : flags.files()) {
                FileSigner.formatOf(file);
            }
            manager.requireConfigured();
            FileSigner signer = FileSigner.through(manager);
            for (Path file : flags.files()) {
                FileSignResult result = signer.sign(new FileSignRequest(file, flags.output(), flags.certSha1(),
                        flags.timestampUrl()), HashProgress.NONE);
                if (flags.json()) {
                    signed.add(summary(file, result));
                } else {
                    out.println(result.output() + ": " + result.format().description() + ", signed by " + Printable.of(result.signer()));
                }
            }
            return CommandLine.OK;
        } catch (Problem problem) {
            return CommandLine.report(problem, err);
        } finally {
            if (flags.json()) {
                out.println(CommandLine.json(signed));
            }
        }
    }

    private static Map<String, Object> summary(Path input, FileSignResult result) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("input", input.toString());
        summary.put("output", result.output().toString());
        summary.put("format", result.format().code());
        summary.put("signer", result.signer());
        summary.put("inputSha256", result.inputSha256());
        return summary;
    }
}
