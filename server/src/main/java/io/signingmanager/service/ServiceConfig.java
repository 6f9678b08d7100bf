package io.signingmanager.service;

import io.signingmanager.service.http.TrustedProxies;
import io.signingmanager.service.storage.ExternalDatabase;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * How the service runs: where it listens, where its data lives, the operator's own TLS, license
 * issuer and database server when given, the proxies whose forwarded addresses it believes, and how
 * many connections one address may hold (0: no cap). Flags win over environment variables, which win
 * over defaults.
 */
public record ServiceConfig(
        String host,
        int port,
        Path dataFolder,
        boolean plainHttp,
        Path tlsCertificate,
        Path tlsKey,
        Path tlsPkcs12,
        String tlsPkcs12Password,
        Path licenseIssuer,
        String masterKey,
        ExternalDatabase database,
        TrustedProxies trustedProxies,
        int connectionsPerAddress,
        URI appStoreConnectUrl) {

    public static final int DEFAULT_PORT = 3000;
    /** Far above what one machine's clients open; behind a proxy every connection shares its address. */
    public static final int DEFAULT_CONNECTIONS_PER_ADDRESS = 100;
    /** Apple's App Store Connect API; the client appends {@code /v1/...}. */
    public static final URI DEFAULT_APPSTORE_CONNECT_URL = URI.create("https://api.appstoreconnect.apple.com");

    public static ServiceConfig defaults(Path dataFolder) {
        return new ServiceConfig("0.0.0.0", DEFAULT_PORT, dataFolder, false, null, null, null, null, null, null, null,
                TrustedProxies.NONE, DEFAULT_CONNECTIONS_PER_ADDRESS,
                DEFAULT_APPSTORE_CONNECT_URL);
    }

    public ServiceConfig withPort(int newPort) {
        return new ServiceConfig(host, newPort, dataFolder, plainHttp, tlsCertificate, tlsKey, tlsPkcs12,
                tlsPkcs12Password, licenseIssuer, masterKey, database, trustedProxies, connectionsPerAddress,
                appStoreConnectUrl);
    }

    public ServiceConfig withDataFolder(Path folder) {
        return new ServiceConfig(host, port, folder, plainHttp, tlsCertificate, tlsKey, tlsPkcs12,
                tlsPkcs12Password, licenseIssuer, masterKey, database, trustedProxies, connectionsPerAddress,
                appStoreConnectUrl);
    }

    public ServiceConfig withLicenseIssuer(Path issuer) {
        return new ServiceConfig(host, port, dataFolder, plainHttp, tlsCertificate, tlsKey, tlsPkcs12,
                tlsPkcs12Password, issuer, masterKey, database, trustedProxies, connectionsPerAddress,
                appStoreConnectUrl);
    }

    /** Replicas share the database and the master key that seals what it holds. */
    public ServiceConfig withSharedDatabase(ExternalDatabase shared, String sharedMasterKey) {
        return new ServiceConfig(host, port, dataFolder, plainHttp, tlsCertificate, tlsKey, tlsPkcs12,
                tlsPkcs12Password, licenseIssuer, sharedMasterKey, shared, trustedProxies, connectionsPerAddress,
                appStoreConnectUrl);
    }

    /** Believes {@code X-Forwarded-For} from these proxies ({@code --trusted-proxy}). */
    public ServiceConfig withTrustedProxies(TrustedProxies proxies) {
        return new ServiceConfig(host, port, dataFolder, plainHttp, tlsCertificate, tlsKey, tlsPkcs12,
                tlsPkcs12Password, licenseIssuer, masterKey, database, proxies, connectionsPerAddress,
                appStoreConnectUrl);
    }

    public ServiceConfig withConnectionsPerAddress(int cap) {
        return new ServiceConfig(host, port, dataFolder, plainHttp, tlsCertificate, tlsKey, tlsPkcs12,
                tlsPkcs12Password, licenseIssuer, masterKey, database, trustedProxies, cap, appStoreConnectUrl);
    }

    /** Where the App Store Connect API is ({@code SIGNING_SERVICE_APPSTORE_CONNECT_URL}): a proxy, or a test double. */
    public ServiceConfig withAppStoreConnectUrl(URI url) {
        return new ServiceConfig(host, port, dataFolder, plainHttp, tlsCertificate, tlsKey, tlsPkcs12,
                tlsPkcs12Password, licenseIssuer, masterKey, database, trustedProxies, connectionsPerAddress,
                appStoreConnectUrl(url.toString()));
    }

    /** Reads flags and the {@code SIGNING_SERVICE_*} environment variables; a flag wins over its variable. */
    public static ServiceConfig parse(String[] args, Map<String, String> env) {
        ServiceFlags flags = ServiceFlags.parse(args);
        String host = given(flags.host, env.get("SIGNING_SERVICE_HOST"), "0.0.0.0");
        String port = given(flags.port, env.get("SIGNING_SERVICE_PORT"), String.valueOf(DEFAULT_PORT));
        String data = given(flags.data, env.get("SIGNING_SERVICE_DATA"), "signing-service-data");
        boolean plainHttp = flags.plainHttp;
        String tlsCertificate = given(flags.tlsCertificate, env.get("SIGNING_SERVICE_TLS_CERTIFICATE"), null);
        String tlsKey = given(flags.tlsKey, env.get("SIGNING_SERVICE_TLS_KEY"), null);
        String tlsPkcs12 = given(flags.tlsPkcs12, env.get("SIGNING_SERVICE_TLS_PKCS12"), null);
        String licenseIssuer = given(flags.licenseIssuer, env.get("SIGNING_SERVICE_LICENSE_ISSUER"), null);
        String databaseUrl = given(flags.databaseUrl, env.get("SIGNING_SERVICE_DATABASE_URL"), null);
        String trustedProxies = given(flags.trustedProxies, env.get("SIGNING_SERVICE_TRUSTED_PROXIES"), null);
        String perAddress = given(flags.connectionsPerAddress, env.get("SIGNING_SERVICE_CONNECTIONS_PER_ADDRESS"), null);
        int portNumber;
        try {
            portNumber = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("The port must be a number, got " + port);
        }
        if (portNumber < 0 || portNumber > 65535) {
            throw new IllegalArgumentException("The port must be 0 to 65535, got " + port);
        }
        if ((tlsCertificate == null) != (tlsKey == null)) {
            throw new IllegalArgumentException("--tls-cert and --tls-key go together");
        }
        ExternalDatabase database = databaseUrl == null || databaseUrl.isBlank() ? null
                : new ExternalDatabase(databaseUrl, env.get("SIGNING_SERVICE_DATABASE_USER"),
                        env.get("SIGNING_SERVICE_DATABASE_PASSWORD"));
        return new ServiceConfig(host, portNumber, Path.of(data), plainHttp, path(tlsCertificate), path(tlsKey),
                path(tlsPkcs12), env.get("SIGNING_SERVICE_TLS_PKCS12_PASSWORD"), path(licenseIssuer),
                env.get("SIGNING_SERVICE_MASTER_KEY"), database, TrustedProxies.parse(trustedProxies),
                connectionsPerAddress(perAddress, plainHttp),
                appStoreConnectUrl(env.get("SIGNING_SERVICE_APPSTORE_CONNECT_URL")));
    }

    /** Unset: Apple's. HTTPS only, unless the host is this machine (a test double, a local proxy). */
    static URI appStoreConnectUrl(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_APPSTORE_CONNECT_URL;
        }
        URI url;
        try {
            url = new URI(value.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("The App Store Connect URL is not a URL: " + value);
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (url.getHost() == null || !(scheme.equals("https") || scheme.equals("http") && loopback(url.getHost()))
                || url.getQuery() != null || url.getFragment() != null || url.getUserInfo() != null) {
            throw new IllegalArgumentException("The App Store Connect URL must be https://HOST[:PORT][/PATH] "
                    + "(http only on this machine, like http://127.0.0.1:8080), got " + value);
        }
        String text = url.toString();
        return URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    }

    private static boolean loopback(String host) {
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        return bare.equalsIgnoreCase("localhost") || bare.equals("::1") || bare.startsWith("127.");
    }

    /** Unset: the default over TLS, none in plain HTTP, where every connection comes from the proxy. */
    private static int connectionsPerAddress(String value, boolean plainHttp) {
        if (value == null || value.isBlank()) {
            return plainHttp ? 0 : DEFAULT_CONNECTIONS_PER_ADDRESS;
        }
        try {
            int cap = Integer.parseInt(value.trim());
            if (cap >= 0) {
                return cap;
            }
        } catch (NumberFormatException e) {
            // Said below.
        }
        throw new IllegalArgumentException("The connections per address must be a whole number, 0 for no cap, got "
                + value);
    }

    private static String given(String flag, String variable, String fallback) {
        return flag != null ? flag : variable != null ? variable : fallback;
    }

    private static Path path(String value) {
        return value == null || value.isBlank() ? null : Path.of(value);
    }
}
