package io.signingmanager.service;

import io.signingmanager.common.cli.CommandLines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The service's flags as given, each {@code null} when not: {@link ServiceConfig#parse} falls back to
 * the {@code SIGNING_SERVICE_*} environment variables, then to the defaults, and checks the values
 * the same way whichever said them.
 */
@Command(name = "signing-service", sortOptions = false, synopsisHeading = "", optionListHeading = "%n",
        customSynopsis = {
            "Usage: java -jar signing-service.jar [--port N] [--data DIR] [--host ADDRESS]",
            "           [--tls-cert PEM --tls-key PEM | --tls-p12 FILE] [--license-issuer PEM] [--plain-http]",
            "           [--database-url jdbc:postgresql://HOST:PORT/DATABASE] [--trusted-proxy ADDRESS[,ADDRESS...]]",
            "           [--connections-per-address N]",
            "       java -jar signing-service.jar license keygen|issue ...   (license -h says more)",
            "       java -jar signing-service.jar migrate --from DATA --to jdbc:postgresql://...   (migrate -h says more)",
            "       java -jar signing-service.jar backup --to FILE --data DIR [--include-master-key]   (backup -h says more)",
            "       java -jar signing-service.jar restore --from FILE --data DIR   (into a new, empty data folder)",
            "       java -jar signing-service.jar health [the flags above]   (exit 0 when the service here answers)"},
        footerHeading = "%n", footer = {
            "Environment: SIGNING_SERVICE_PORT, SIGNING_SERVICE_DATA, SIGNING_SERVICE_HOST,",
            "  SIGNING_SERVICE_MASTER_KEY (base64 of 32 bytes; else DATA/master.key is made),",
            "  SIGNING_SERVICE_TLS_CERTIFICATE, SIGNING_SERVICE_TLS_KEY, SIGNING_SERVICE_TLS_PKCS12,",
            "  SIGNING_SERVICE_TLS_PKCS12_PASSWORD, SIGNING_SERVICE_LICENSE_ISSUER,",
            "  SIGNING_SERVICE_DATABASE_URL, SIGNING_SERVICE_DATABASE_USER, SIGNING_SERVICE_DATABASE_PASSWORD,",
            "  SIGNING_SERVICE_TRUSTED_PROXIES, SIGNING_SERVICE_CONNECTIONS_PER_ADDRESS,",
            "  SIGNING_SERVICE_APPSTORE_CONNECT_URL (default https://api.appstoreconnect.apple.com).",
            "  A flag wins over its variable."})
final class ServiceFlags {
    /** Where the help starts each option's text. */
    static final int HELP_COLUMN = 32;

    @Option(names = "--port", paramLabel = "N", description = "the HTTPS (or plain HTTP) port, 0 to 65535 (default 3000).")
    String port;

    @Option(names = "--data", paramLabel = "DIR", description = "the data folder (default ./signing-service-data).")
    String data;

    @Option(names = "--host", paramLabel = "ADDRESS", description = "the address to listen on (default 0.0.0.0, every address).")
    String host;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = {"the operator's TLS certificate chain, with --tls-key",
        "(default: a self-signed certificate made at first start)."})
    String tlsCertificate;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "the private key of --tls-cert.")
    String tlsKey;

    @Option(names = "--tls-p12", paramLabel = "FILE", description = {"the operator's TLS key and chain as PKCS#12",
        "(password in SIGNING_SERVICE_TLS_PKCS12_PASSWORD)."})
    String tlsPkcs12;

    @Option(names = "--license-issuer", paramLabel = "PEM", description = "the license issuer's public key.")
    String licenseIssuer;

    @Option(names = "--plain-http", description = "plain HTTP, for a proxy that terminates TLS.")
    boolean plainHttp;

    @Option(names = "--database-url", paramLabel = "URL", description = {"a PostgreSQL database, jdbc:postgresql://HOST:PORT/DATABASE",
        "(default: the embedded H2 database in the data folder)."})
    String databaseUrl;

    @Option(names = "--trusted-proxy", paramLabel = "ADDRESS[,...]", description = {
        "the proxies (addresses or ranges like 10.0.0.0/8) whose X-Forwarded-For",
        "names the caller; from anyone else the header is ignored."})
    String trustedProxies;

    @Option(names = "--connections-per-address", paramLabel = "N", description = {
        "at most N open connections per remote address (default 100; 0: no cap;",
        "no cap with --plain-http, where every connection comes from the proxy)."})
    String connectionsPerAddress;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this message.")
    boolean help;

    /** The flags in {@code args}; a wrong command line is an {@link IllegalArgumentException} saying what is wrong. */
    static ServiceFlags parse(String[] args) {
        return CommandLines.parse(new ServiceFlags(), args);
    }

    /** The generated help. */
    static String usage() {
        return CommandLines.usage(new ServiceFlags(), HELP_COLUMN);
    }
}
