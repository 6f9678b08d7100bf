package io.signingmanager.manager.cli;

import io.signingmanager.common.text.Printable;
import io.signingmanager.manager.connection.Manager;
import io.signingmanager.manager.connection.Problem;
import io.signingmanager.manager.filesign.CodeSignOptions;
import io.signingmanager.manager.filesign.FileSignRequest;
import io.signingmanager.manager.filesign.FileSignResult;
import io.signingmanager.manager.filesign.FileSigner;
import io.signingmanager.manager.filesign.ManyFiles;
import io.signingmanager.manager.filesign.TimestampUrl;
import io.signingmanager.manager.receipts.ReceiptBook;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code signing-manager sign}: signs files with a remote identity, each written as the request
 * says. Every input and output is checked before the first is signed, so a wrong name or format,
 * or an output that exists without {@code --force}, signs and writes none. Many files are signed
 * side by side ({@link ManyFiles}), their results said in the order given; a file that fails to
 * sign fails alone (a problem all share is said once), and the command's exit code is that of the
 * first failure.
 */
@Command(name = "sign", sortOptions = false, synopsisHeading = "", optionListHeading = "%n",
        customSynopsis = {"Usage: signing-manager sign --cert <SHA1> [--timestamp-url URL] [--output FILE|FOLDER] [--force] "
                + "[--receipt] [--json] FILE|BUNDLE...",
            "       signing-manager sign --cert <SHA1> [--identifier ID] [--entitlements FILE] [--options runtime] "
                + "[...] MACH-O|BUNDLE..."},
        description = {"",
            "Signs each FILE with the certificate of that SHA-1 fingerprint (signing-manager -r lists them);",
            "the key stays on the Signing Service, only digests are sent. JARs (.jar .war .ear) are signed as",
            "jarsigner does; Windows executables and libraries (.exe .dll .sys ...), MSI, CAB, catalogs (.cat),",
            "APPX/MSIX, NuGet (.nupkg) and PowerShell, VBScript, JScript and .wsf scripts with Authenticode;",
            "Mach-O executables and libraries as codesign does, flat installer packages (.pkg) as productsign does.",
            "A BUNDLE is a macOS bundle, a folder (Hello.app, .framework .xpc .appex .bundle .plugin): signed as",
            "codesign does, its nested code inside out, each Mach-O file inside its own signature."},
        footerHeading = "%n", footer = "Prints one line per signed file or bundle: where it went, its format and the signer.")
final class SignCommand implements Callable<Integer> {
    private static final Pattern SHA1 = Pattern.compile("[0-9A-F]{40}");

    @Option(names = "--cert", paramLabel = "<SHA1>", description = "the certificate's SHA-1 fingerprint (40 hex digits).")
    String certSha1;

    @Option(names = "--timestamp-url", paramLabel = "URL", converter = TimestampConverter.class,
            description = "time-stamp each signature at this RFC 3161 time-stamping authority.")
    URI timestampUrl;

    @Option(names = "--identifier", paramLabel = "ID",
            description = {"Mach-O files and bundles: the signature's identifier, like com.example.tool",
                "(default: the file's name; for a bundle, its CFBundleIdentifier)."})
    String identifier;

    @Option(names = "--entitlements", paramLabel = "FILE",
            description = {"Mach-O files and bundles: the entitlements, an XML property list, signed into",
                "the file (for a bundle, into its main executable)."})
    Path entitlements;

    @Option(names = "--options", paramLabel = "runtime",
            description = {"Mach-O files and bundles: \"runtime\" signs for the hardened runtime (Developer ID,",
                "notarization); in a bundle, every piece of code."})
    String options;

    @Option(names = "--output", paramLabel = "FILE|FOLDER", description = {
        "where the signed file goes: a file (one input only; it may be the input",
        "itself, which is then replaced) or an existing folder, where it keeps",
        "its name. Default: next to the input, \"-signed\" before the extension",
        "(app.jar gives app-signed.jar, setup.exe gives setup-signed.exe,",
        "Hello.app gives Hello-signed.app). A bundle goes in an existing folder",
        "as Hello.app, or to a new name like Signed.app."})
    Path output;

    @Option(names = "--force", description = "replace signed files that exist already (without it, nothing is replaced).")
    boolean force;

    @Option(names = "--receipt", description = {"write each signed file's receipts in the service's signing log beside",
        "it, as FILE.receipt.json (check them with verify-receipt; every receipt",
        "is kept in the state folder too)."})
    boolean receipt;

    @Option(names = "--json", description = "print the results as JSON, for scripts.")
    boolean json;

    @Option(names = "-d", description = "debug logging.")
    boolean debug;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this message.")
    boolean help;

    @Parameters(paramLabel = "FILE|BUNDLE", arity = "0..*")
    List<Path> files = new ArrayList<>();

    @Spec
    CommandSpec spec;

    private final Manager manager;
    private final PrintStream out;
    private final PrintStream err;

    SignCommand(Manager manager, PrintStream out, PrintStream err) {
        this.manager = manager;
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        check();
        List<Map<String, Object>> signed = new ArrayList<>();
        try {
            List<FileSignRequest> requests = new ArrayList<>();
            CodeSignOptions codeSign = new CodeSignOptions(identifier, entitlements, options != null);
            for (Path file : files) {
                Path input = Files.isDirectory(file) ? Bundles.input(file) : file;
                FileSignRequest request = new FileSignRequest(input, Files.isDirectory(input) ? Bundles.output(input, output)
                        : output, certSha1.toUpperCase(Locale.ROOT), timestampUrl, codeSign);
                FileSigner.refuseCodeSignOptions(request, FileSigner.formatOf(input));
                requests.add(request);
            }
            refuseOverwriting(requests);
            manager.requireConfigured();
            FileSigner signer = FileSigner.through(manager);
            List<Problem> failures = new ArrayList<>();
            ManyFiles.sign(signer, requests, outcome -> {
                if (!outcome.signed()) {
                    report(outcome.problem(), failures);
                    return;
                }
                Path receiptFile = receipt ? writeReceipt(outcome.result(), failures) : null;
                if (json) {
                    Map<String, Object> summary = summary(outcome.request().input(), outcome.result());
                    summary.put("receipt", receiptFile == null ? null : receiptFile.toString());
                    signed.add(summary);
                } else {
                    FileSignResult result = outcome.result();
                    out.println(result.output() + ": " + result.format().description() + ", signed by "
                            + Printable.of(result.signer()) + (receiptFile == null ? "" : "; receipt " + receiptFile));
                }
            });
            return failures.isEmpty() ? CommandLine.OK : failures.get(0).kind().exitCode();
        } catch (Problem problem) {
            return CommandLine.report(problem, err);
        } finally {
            if (json) {
                out.println(CommandLine.json(signed));
            }
        }
    }

    private void check() {
        if (certSha1 == null || !SHA1.matcher(certSha1.toUpperCase(Locale.ROOT)).matches()) {
            throw new ParameterException(spec.commandLine(),
                    "sign needs --cert with the certificate's SHA-1 (40 hex digits, as -r lists it)");
        }
        if (files.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "sign needs at least one file to sign");
        }
        if (options != null && !options.equals("runtime")) {
            throw new ParameterException(spec.commandLine(), "--options takes \"runtime\" (the hardened runtime), not " + options);
        }
        if (identifier != null && identifier.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--identifier needs a value, like com.example.tool");
        }
        if (entitlements != null && !Files.isRegularFile(entitlements)) {
            throw new ParameterException(spec.commandLine(), "--entitlements " + entitlements + " is not a file");
        }
        if (files.size() > 1 && output != null && !Files.isDirectory(output)) {
            throw new ParameterException(spec.commandLine(), "--output must be an existing folder when signing several files");
        }
    }

    /**
     * Says a file's problem, unless an earlier file's said the same: a refusal of the service (an inactive
     * client, say) fails every file alike, and is said once.
     */
    private void report(Problem problem, List<Problem> failures) {
        if (failures.stream().noneMatch(said -> said.getMessage().equals(problem.getMessage()))) {
            CommandLine.report(problem, err);
        }
        failures.add(problem);
    }

    /**
     * Writes the file's receipts beside it: the receipt itself for one signature, a list for a bundle's; none
     * came (the service has no signing log) is said as a problem of that file.
     */
    private Path writeReceipt(FileSignResult result, List<Problem> failures) {
        Path file = result.output().resolveSibling(result.output().getFileName() + ".receipt.json");
        try {
            if (result.receipts().isEmpty()) {
                throw new Problem(Problem.Kind.SERVICE, result.output() + " was signed, but the Signing Service sent no"
                        + " receipt for it.", "Update the Signing Service: receipts came with its signing log.", null);
            }
            Object content = result.receipts().size() == 1 ? result.receipts().get(0) : result.receipts();
            Files.writeString(file, ReceiptBook.json(content));
            return file;
        } catch (Problem problem) {
            report(problem, failures);
        } catch (IOException e) {
            report(new Problem(Problem.Kind.LOCAL, "Cannot write the receipt " + file + ": " + e.getMessage(),
                    "Check the folder.", e), failures);
        }
        return null;
    }

    /** A signed file never silently replaces one that exists: the caller says so with --force. */
    private void refuseOverwriting(List<FileSignRequest> requests) throws Problem {
        if (force) {
            return;
        }
        for (FileSignRequest request : requests) {
            Path target = request.outputFile();
            if (Files.exists(target)) {
                throw new Problem(Problem.Kind.LOCAL, target + " exists already. Nothing was signed.",
                        "Choose another --output, or add --force to replace it.", null);
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

    /** {@code --timestamp-url} as an RFC 3161 authority's http(s) URL. */
    static final class TimestampConverter implements ITypeConverter<URI> {
        @Override
        public URI convert(String value) {
            try {
                return TimestampUrl.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("--timestamp-url " + e.getMessage());
            }
        }
    }
}
