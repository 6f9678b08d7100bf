package io.signingmanager.manager.cli;

import io.signingmanager.common.crypto.Fingerprints;
import io.signingmanager.common.protocol.Identity;
import io.signingmanager.common.text.Printable;
import io.signingmanager.manager.connection.CertificatePin;
import io.signingmanager.manager.connection.Manager;
import io.signingmanager.manager.connection.Problem;
import io.signingmanager.manager.settings.Settings;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The seed's flags: {@code -s -i URL -a KEY [-u [--pin SHA256]] [-d]}, {@code -r}, {@code -p}, {@code -h}, plus {@code --json}. */
@Command(name = "signing-manager", sortOptions = false, synopsisHeading = "", optionListHeading = "%n",
        customSynopsis = {
            "Usage: signing-manager [options]     (no options: open the window)",
            "       signing-manager agent [-d]  (serve the certificates to local tools until stopped)",
            "       signing-manager sign --cert <SHA1> [--timestamp-url URL] [--output FILE|FOLDER] [--force] [--json] FILE|BUNDLE...",
            "                                   (sign files and .app bundles; signing-manager sign -h says more)",
            "       signing-manager workflows [--json]  (list the Apple signing workflows this machine may fetch)",
            "       signing-manager fetch-signing-files --workflow NAME [--out DIR] [--json]",
            "                                   (write an Apple workflow's profiles, print its codesign/productsign commands)",
            "       signing-manager git-setup [--cert <SHA1>] [--global|--repo DIR] [--undo]",
            "                                   (git signs commits and tags through gpgsm; git-setup -h says more)",
            "       signing-manager completion  (print a bash completion script)"},
        footerHeading = "%n", footer = {"Example:", "  signing-manager -s -i https://signingserver.local:3000 -a XYZ123 -u"})
final class SeedFlags implements Callable<Integer> {
    @Option(names = "-s", description = "Save settings.  Requires -i and -a. Optionally use -u and -d.")
    boolean save;

    @Option(names = "-i", paramLabel = "<api host url>", description = "Specify host for API signing operations.")
    String apiHost;

    @Option(names = "-a", paramLabel = "<api_key>", description = "Specify api key for accessing signing manager service.")
    String apiKey;

    @Option(names = "-u", description = "trust self-signed certificates.")
    boolean trustSelfSigned;

    @Option(names = "--pin", paramLabel = "<sha256>", converter = PinConverter.class,
            description = "with -u: the SHA-256 of the service's TLS certificate, as -u shows it (for scripts).")
    CertificatePin pin;

    @Option(names = "-d", description = "debug logging")
    boolean debug;

    @Option(names = "-r", description = "refresh and display available certificates.")
    boolean refresh;

    @Option(names = "-p", description = "print configuation.")
    boolean print;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this message.")
    boolean help;

    @Option(names = "--json", description = "print -p, -r and -s results as JSON, for scripts.")
    boolean json;

    @Spec
    CommandSpec spec;

    private final Manager manager;
    private final PrintStream out;
    private final PrintStream err;
    private final Terminal terminal;

    SeedFlags(Manager manager, PrintStream out, PrintStream err, Terminal terminal) {
        this.manager = manager;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        check();
        try {
            if (save) {
                save();
            }
            if (print) {
                print();
            }
            if (refresh) {
                refresh();
            }
            return CommandLine.OK;
        } catch (Problem problem) {
            return CommandLine.report(problem, err);
        }
    }

    private void check() {
        if (save && (apiHost == null || apiKey == null)) {
            throw usage("-s needs both -i <api host url> and -a <api_key>");
        }
        if (!save && (apiHost != null || apiKey != null || trustSelfSigned || debug || pin != null)) {
            throw usage("-i, -a, -u, --pin and -d are settings: use them with -s");
        }
        if (pin != null && !trustSelfSigned) {
            throw usage("--pin goes with -u: it says which self-signed certificate to trust");
        }
        if (!save && !refresh && !print) {
            throw usage("Nothing to do: use -s, -r or -p");
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private void save() throws Problem {
        URI service;
        try {
            service = new URI(apiHost.strip());
        } catch (URISyntaxException e) {
            throw usage("-i " + apiHost + " is not a URL");
        }
        String pinned = trustSelfSigned ? trustedCertificate(service) : null;
        Settings saved = manager.save(service, apiKey, pinned, debug);
        if (json) {
            out.println(CommandLine.json(Map.of("saved", true, "apiHost", saved.apiHost().toString(),
                    "clientId", saved.clientId())));
        } else {
            out.println("Saved. This machine is registered with " + saved.apiHost() + " as client "
                    + Printable.of(saved.clientId()) + ".");
        }
    }

    /**
     * The SHA-256 of the service's certificate once the user vouched for it, as the window asks: by
     * {@code --pin}, by having trusted it before, or by a yes at the console. Nothing is saved otherwise.
     */
    private String trustedCertificate(URI service) throws Problem {
        String presented = manager.certificateOf(service);
        String shown = Fingerprints.colons(presented);
        if (!json) {
            out.println("The Signing Service's TLS certificate has SHA-256 " + shown);
        }
        if (pin != null) {
            if (!pin.matches(presented)) {
                throw new Problem(Problem.Kind.UNTRUSTED_TLS, "The Signing Service at " + service
                        + " shows a TLS certificate with SHA-256 " + shown + ", not the one given with --pin ("
                        + Fingerprints.colons(pin.sha256()) + "). Nothing was saved.", "Compare it with the SHA-256 on the Signing "
                        + "Service's main page: if they differ, something stands between you and the service.", null);
            }
        } else if (!presented.equals(manager.settings().pinnedSha256())) {
            boolean yes = terminal.confirm("Trust this certificate? Compare it with the SHA-256 on the Signing "
                    + "Service's main page first.").orElseThrow(() -> new Problem(Problem.Kind.UNTRUSTED_TLS,
                    "The TLS certificate of " + service + " (SHA-256 " + shown + ") is not trusted yet. Nothing "
                    + "was saved.", "Compare it with the SHA-256 on the Signing Service's main page, then run again "
                    + "with --pin " + shown + ".", null));
            if (!yes) {
                throw new Problem(Problem.Kind.UNTRUSTED_TLS, "The TLS certificate of " + service
                        + " was not trusted. Nothing was saved.", "Run again when you have compared it.", null);
            }
        }
        if (!json) {
            out.println("Trusting the Signing Service's TLS certificate, SHA-256 " + shown);
        }
        return presented;
    }

    private void print() throws Problem {
        Settings settings = manager.settings();
        boolean keySet = manager.apiKeySet();
        if (json) {
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("apiHost", settings.apiHost() == null ? null : settings.apiHost().toString());
            config.put("trustSelfSigned", settings.trustSelfSigned());
            config.put("pinnedSha256", settings.pinnedSha256());
            config.put("debug", settings.debug());
            config.put("apiKey", keySet ? "set" : "not set");
            config.put("secretStore", manager.secretStoreDescription());
            out.println(CommandLine.json(config));
            return;
        }
        out.println("api_host: " + (settings.apiHost() == null ? "" : settings.apiHost()));
        out.println("trust self signed: " + settings.trustSelfSigned());
        out.println("debug: " + settings.debug());
        out.println("API key: " + (keySet ? "Set" : "Not set"));
        out.println("API key stored in: " + manager.secretStoreDescription());
    }

    private void refresh() throws Problem {
        List<Identity> identities = manager.identities();
        if (json) {
            out.println(CommandLine.json(identities.stream().map(SeedFlags::summary).toList()));
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

    /** {@code --pin} as typed, checked before anything runs. */
    static final class PinConverter implements picocli.CommandLine.ITypeConverter<CertificatePin> {
        @Override
        public CertificatePin convert(String value) {
            try {
                return CertificatePin.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("--pin " + value + " " + e.getMessage());
            }
        }
    }
}
