package io.signingmanager.service.license;

import io.signingmanager.common.cli.CommandLines;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code signing-service license keygen|issue}: the issuer's side of licensing, for whoever sells
 * subscriptions. The operator configures the public key; the private key stays with the issuer.
 */
@Command(name = "license", synopsisHeading = "", customSynopsis = LicenseCommand.USAGE)
public final class LicenseCommand implements Callable<Integer> {
    static final String USAGE = """
            Usage:
              license keygen --out DIR
                  Creates license-issuer.key (private, owner-only) and license-issuer.pub in DIR.
              license issue --key FILE --licensee NAME --expires YYYY-MM-DD [--retention-days N] [--out FILE]
                  Writes a license signed with the issuer's private key (retention default 365 days).""";
    private static final int HELP_COLUMN = 22;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this message.")
    boolean help;

    private final PrintWriter err;

    private LicenseCommand(PrintWriter err) {
        this.err = err;
    }

    /** Runs the subcommand; answers the process exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        PrintWriter errors = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        PrintWriter help = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        CommandLine commandLine = CommandLines.of(new LicenseCommand(errors), HELP_COLUMN, help, errors, "",
                spec -> USAGE, new Keygen(out), new Issue(out));
        commandLine.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof IllegalArgumentException) {
                errors.println(e.getMessage());
                return CommandLines.USAGE;
            }
            errors.println("License command failed: " + e.getMessage());
            return 1;
        });
        int exit = commandLine.execute(args);
        errors.flush();
        help.flush();
        return exit;
    }

    /** {@code license} alone: which subcommand? */
    @Override
    public Integer call() {
        err.println(USAGE);
        return CommandLines.USAGE;
    }

    @Command(name = "keygen", sortOptions = false, synopsisHeading = "", optionListHeading = "%n",
            customSynopsis = "Usage: license keygen --out DIR")
    static final class Keygen implements Callable<Integer> {
        @Option(names = "--out", paramLabel = "DIR", required = true, description = "the folder for the key pair.")
        Path dir;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "this message.")
        boolean help;

        private final PrintStream out;

        Keygen(PrintStream out) {
            this.out = out;
        }

        @Override
        public Integer call() throws Exception {
            Path privateKey = dir.resolve("license-issuer.key");
            Path publicKey = dir.resolve("license-issuer.pub");
            if (Files.exists(privateKey) || Files.exists(publicKey)) {
                throw new IllegalArgumentException("An issuer key already exists in " + dir + "; not overwriting it");
            }
            IssuerKeys.write(IssuerKeys.generate(), privateKey, publicKey);
            out.println("Private key (keep it secret): " + privateKey.toAbsolutePath());
            out.println("Public key (give it to the service with --license-issuer): " + publicKey.toAbsolutePath());
            return 0;
        }
    }

    @Command(name = "issue", sortOptions = false, synopsisHeading = "", optionListHeading = "%n",
            customSynopsis = "Usage: license issue --key FILE --licensee NAME --expires YYYY-MM-DD [--retention-days N] [--out FILE]")
    static final class Issue implements Callable<Integer> {
        @Option(names = "--key", paramLabel = "FILE", required = true, description = "the issuer's private key.")
        Path key;

        @Option(names = "--licensee", paramLabel = "NAME", required = true, description = "who the license is for.")
        String licensee;

        @Option(names = "--expires", paramLabel = "YYYY-MM-DD", required = true, converter = DateConverter.class,
                description = "the last day the license is valid (UTC).")
        LocalDate expires;

        @Option(names = "--retention-days", paramLabel = "N", defaultValue = "365",
                description = "how long the audit is kept (default 365 days).")
        int retention;

        @Option(names = "--out", paramLabel = "FILE", description = "where the license goes (default: standard output).")
        Path target;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "this message.")
        boolean help;

        private final PrintStream out;

        Issue(PrintStream out) {
            this.out = out;
        }

        @Override
        public Integer call() throws Exception {
            if (licensee.isBlank()) {
                throw new IllegalArgumentException("--licensee is required");
            }
            if (retention < 1) {
                throw new IllegalArgumentException("--retention-days must be at least 1");
            }
            License license = new License(UUID.randomUUID().toString(), licensee, Instant.now(),
                    expires.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(), retention);
            byte[] file = LicenseCodec.issue(license, IssuerKeys.readPrivate(key));
            if (target == null) {
                out.write(file);
                out.println();
            } else {
                Files.write(target, file);
                out.println("License for " + license.licensee() + " until " + expires + " written to " + target);
            }
            return 0;
        }
    }

    /** {@code --expires} as a calendar day. */
    static final class DateConverter implements ITypeConverter<LocalDate> {
        @Override
        public LocalDate convert(String value) {
            try {
                return LocalDate.parse(value);
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("--expires takes YYYY-MM-DD, got " + value);
            }
        }
    }
}
