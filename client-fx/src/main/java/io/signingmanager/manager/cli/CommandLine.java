package io.signingmanager.manager.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.signingmanager.common.json.Json;
import io.signingmanager.common.protocol.Identity;
import io.signingmanager.common.text.Printable;
import io.signingmanager.manager.connection.Manager;
import io.signingmanager.manager.connection.Problem;
import io.signingmanager.manager.settings.Settings;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Signing Manager as a command line, with the seed's flags. Output goes to stdout (JSON with
 * {@code --json}), every failure to stderr with a non-zero exit code: 2 for a wrong command line,
 * {@link Problem.Kind#exitCode()} for the rest.
 */
public final class CommandLine {
    public static final int OK = 0;
    public static final int USAGE = 2;

    static final String HELP = """
            Usage: signing-manager [options]     (no options: open the window)
                   signing-manager agent [-d]  (serve the certificates to local tools until stopped)
                   signing-manager sign --cert <SHA1> [--timestamp-url URL] [--output FILE|FOLDER] [--json] FILE...
                                               (sign files; signing-manager sign -h says more)

            -s                  Save settings.  Requires -i and -a. Optionally use -u and -d.
            -i <api host url>   Specify host for API signing operations.
            -a <api_key>        Specify api key for accessing signing manager service.
            -u                  trust self-signed certificates.
            -d                  debug logging
            -r                  refresh and display available certificates.
            -p                  print configuation.
            -h                  this message.
            --json              print -p, -r and -s results as JSON, for scripts.

            Example:
              signing-manager -s -i https://signingserver.local:3000 -a XYZ123 -u
            """;

    private final Manager manager;
    private final PrintStream out;
    private final PrintStream err;

    public CommandLine(Manager manager, PrintStream out, PrintStream err) {
        this.manager = manager;
        this.out = out;
        this.err = err;
    }

    public int run(List<String> args) {
        if (!args.isEmpty() && args.get(0).equals("sign")) {
            return new SignCommand(manager, out, err).run(args.subList(1, args.size()));
        }
        Flags flags;
        try {
            flags = Flags.parse(args);
        } catch (Flags.UsageException e) {
            err.println("signing-manager: " + e.getMessage());
            err.println("Run with -h to see the options.");
            return USAGE;
        }
        if (flags.help()) {
            out.print(HELP);
            return OK;
        }
        try {
            if (flags.save()) {
                save(flags);
            }
            if (flags.print()) {
                print(flags.json());
            }
            if (flags.refresh()) {
                refresh(flags.json());
            }
            return OK;
        } catch (Problem problem) {
            return report(problem, err);
        } catch (Flags.UsageException e) {
            err.println("signing-manager: " + e.getMessage());
            return USAGE;
        }
    }

    private void save(Flags flags) throws Problem, Flags.UsageException {
        URI apiHost;
        try {
            apiHost = new URI(flags.apiHost().strip());
        } catch (URISyntaxException e) {
            throw new Flags.UsageException("-i " + flags.apiHost() + " is not a URL");
        }
        String pinned = null;
        if (flags.trustSelfSigned()) {
            pinned = manager.certificateOf(apiHost);
            if (!flags.json()) {
                out.println("Trusting the Signing Service's TLS certificate, SHA-256 " + pinned);
            }
        }
        Settings saved = manager.save(apiHost, flags.apiKey(), pinned, flags.debug());
        if (flags.json()) {
            out.println(json(Map.of("saved", true, "apiHost", saved.apiHost().toString(), "clientId", saved.clientId())));
        } else {
            out.println("Saved. This machine is registered with " + saved.apiHost() + " as client " + saved.clientId()
                    + ".");
        }
    }

    private void print(boolean asJson) throws Problem {
        Settings settings = manager.settings();
        boolean keySet = manager.apiKeySet();
        if (asJson) {
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("apiHost", settings.apiHost() == null ? null : settings.apiHost().toString());
            config.put("trustSelfSigned", settings.trustSelfSigned());
            config.put("pinnedSha256", settings.pinnedSha256());
            config.put("debug", settings.debug());
            config.put("apiKey", keySet ? "set" : "not set");
            config.put("secretStore", manager.secretStoreDescription());
            out.println(json(config));
            return;
        }
        out.println("api_host: " + (settings.apiHost() == null ? "" : settings.apiHost()));
        out.println("trust self signed: " + settings.trustSelfSigned());
        out.println("debug: " + settings.debug());
        out.println("API key: " + (keySet ? "Set" : "Not set"));
        out.println("API key stored in: " + manager.secretStoreDescription());
    }

    private void refresh(boolean asJson) throws Problem {
        List<Identity> identities = manager.identities();
        if (asJson) {
            out.println(json(identities.stream().map(CommandLine::summary).toList()));
            return;
        }
        if (identities.isEmpty()) {
            out.println("No certificates are available to this machine.");
        }
        for (Identity identity : identities) {
            out.println(identity.sha1() + "  " + Printable.of(identity.commonName()));
        }
    }

    private static Map<String, Object> summary(Identity identity) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("sha1", identity.sha1());
        summary.put("commonName", identity.commonName());
        summary.put("sha256", identity.sha256());
        summary.put("notBefore", identity.notBefore().toString());
        summary.put("notAfter", identity.notAfter().toString());
        summary.put("keyType", identity.keyType());
        summary.put("keySize", identity.keySize());
        return summary;
    }

    /** Says the problem on stderr and answers its exit code. */
    static int report(Problem problem, PrintStream err) {
        err.println("signing-manager: " + problem.getMessage());
        err.println(problem.advice());
        return problem.kind().exitCode();
    }

    static String json(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write JSON", e);
        }
    }
}
