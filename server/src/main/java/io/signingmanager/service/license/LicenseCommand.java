package io.signingmanager.service.license;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * {@code signing-service license keygen|issue}: the issuer's side of licensing, for whoever sells
 * subscriptions. The operator configures the public key; the private key stays with the issuer.
 */
public final class LicenseCommand {
    static final String USAGE = """
            Usage:
              license keygen --out DIR
                  Creates license-issuer.key (private, owner-only) and license-issuer.pub in DIR.
              license issue --key FILE --licensee NAME --expires YYYY-MM-DD [--retention-days N] [--out FILE]
                  Writes a license signed with the issuer's private key (retention default 365 days).
            """;

    private LicenseCommand() {
    }

    /** Runs the subcommand; answers the process exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.print(USAGE);
            return 2;
        }
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                err.println("Unexpected argument: " + args[i]);
                err.print(USAGE);
                return 2;
            }
            options.put(args[i].substring(2), args[++i]);
        }
        try {
            return switch (args[0]) {
                case "keygen" -> keygen(options, out);
                case "issue" -> issue(options, out);
                default -> {
                    err.print(USAGE);
                    yield 2;
                }
            };
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println("License command failed: " + e.getMessage());
            return 1;
        }
    }

    private static int keygen(Map<String, String> options, PrintStream out) throws Exception {
        Path dir = Path.of(required(options, "out"));
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

    private static int issue(Map<String, String> options, PrintStream out) throws Exception {
        LocalDate expires;
        int retention;
        try {
            expires = LocalDate.parse(required(options, "expires"));
            retention = Integer.parseInt(options.getOrDefault("retention-days", "365"));
        } catch (java.time.format.DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException("--expires takes YYYY-MM-DD and --retention-days a whole number");
        }
        if (retention < 1) {
            throw new IllegalArgumentException("--retention-days must be at least 1");
        }
        License license = new License(UUID.randomUUID().toString(), required(options, "licensee"), Instant.now(),
                expires.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(), retention);
        byte[] file = LicenseCodec.issue(license, IssuerKeys.readPrivate(Path.of(required(options, "key"))));
        String target = options.get("out");
        if (target == null) {
            out.write(file);
            out.println();
        } else {
            Files.write(Path.of(target), file);
            out.println("License for " + license.licensee() + " until " + expires + " written to " + target);
        }
        return 0;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required\n" + USAGE);
        }
        return value;
    }
}
