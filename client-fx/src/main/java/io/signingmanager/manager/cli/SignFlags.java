package io.signingmanager.manager.cli;

import io.signingmanager.manager.filesign.TimestampUrl;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * {@code sign --cert SHA1 [--timestamp-url URL] [--output FILE|FOLDER] [--json] FILE...}, parsed.
 * {@code output} and {@code timestampUrl} are {@code null} when not given.
 */
record SignFlags(String certSha1, URI timestampUrl, Path output, boolean json, boolean help, List<Path> files) {
    private static final Pattern SHA1 = Pattern.compile("[0-9A-F]{40}");

    static SignFlags parse(List<String> args) throws Flags.UsageException {
        String cert = null;
        URI timestampUrl = null;
        Path output = null;
        boolean json = false;
        boolean help = false;
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--cert" -> cert = Flags.value(args, ++i, arg).toUpperCase(Locale.ROOT);
                case "--timestamp-url" -> timestampUrl = url(Flags.value(args, ++i, arg));
                case "--output" -> output = Path.of(Flags.value(args, ++i, arg));
                case "--json" -> json = true;
                case "-h", "--help" -> help = true;
                // Main reads -d (debug logging) before the subcommand runs.
                case "-d" -> {
                }
                default -> {
                    if (arg.startsWith("-")) {
                        throw new Flags.UsageException("Unknown option " + arg);
                    }
                    files.add(Path.of(arg));
                }
            }
        }
        SignFlags flags = new SignFlags(cert, timestampUrl, output, json, help, List.copyOf(files));
        flags.check();
        return flags;
    }

    private void check() throws Flags.UsageException {
        if (help) {
            return;
        }
        if (certSha1 == null || !SHA1.matcher(certSha1).matches()) {
            throw new Flags.UsageException("sign needs --cert with the certificate's SHA-1 (40 hex digits, as -r lists it)");
        }
        if (files.isEmpty()) {
            throw new Flags.UsageException("sign needs at least one file to sign");
        }
        if (files.size() > 1 && output != null && !Files.isDirectory(output)) {
            throw new Flags.UsageException("--output must be an existing folder when signing several files");
        }
    }

    private static URI url(String value) throws Flags.UsageException {
        try {
            return TimestampUrl.parse(value);
        } catch (IllegalArgumentException e) {
            throw new Flags.UsageException("--timestamp-url " + e.getMessage());
        }
    }
}
