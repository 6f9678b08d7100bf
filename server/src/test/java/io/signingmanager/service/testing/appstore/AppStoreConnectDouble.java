package io.signingmanager.service.testing.appstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.signingmanager.service.appstore.PortalCertificateType;
import io.signingmanager.service.appstore.PortalProfileType;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * App Store Connect for tests: the signing subset of Apple's API on 127.0.0.1 and a random port,
 * speaking its JSON:API shapes, pages of 2, Apple's error shapes and rules (the certificate limit,
 * revoking invalidates profiles, the non-exact identifier filter). Every token is checked as Apple
 * checks it; every request body and every answer is validated against {@code asc/signing-subset.json},
 * and what does not validate is kept in {@link #schemaProblems()} (a request that does not validate is
 * answered 500). Tests arrange teams, keys and portal contents here and look at what clients did.
 *
 * <pre>
 * HttpServer 127.0.0.1:0
 *  └─ handle: record request ─ failNextWith401? ─ AscTokens (401) ─ AscRoutes.match (404)
 *             ─ role (403) ─ AscSchema: query, body (400, 500) ─ handler on AscPortal ─ AscSchema: answer
 * </pre>
 */
public final class AppStoreConnectDouble implements AutoCloseable {
    private final Clock clock;
    private final HttpServer server;
    private final ExecutorService executor;
    private final AscPortal portal;
    private final AscRoutes routes;
    private final AscSchema schema = AscSchema.load();
    private final AscTokens tokens = AscTokens.checker();
    private final AtomicReference<AscError> failNext = new AtomicReference<>();
    private final List<AscRequest> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<String> schemaProblems = Collections.synchronizedList(new ArrayList<>());

    private AppStoreConnectDouble(Clock clock) throws IOException {
        this.clock = clock;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.executor = Executors.newFixedThreadPool(4);
        this.portal = new AscPortal(clock);
        this.routes = new AscRoutes(portal, new AscJson(url()));
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** A double on 127.0.0.1 and a free port, telling time by {@code clock} (the service's, in tests). */
    public static AppStoreConnectDouble start(Clock clock) {
        try {
            return new AppStoreConnectDouble(clock);
        } catch (IOException e) {
            throw new IllegalStateException("The App Store Connect double did not start", e);
        }
    }

    /** The base URL, without a trailing slash: clients append {@code /v1/...}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The clock the double tells time by: {@code TestService.start(double)} runs the service on it too. */
    public Clock clock() {
        return clock;
    }

    /** A new Admin key of the team (made, with its name, on first use). */
    public AscTeamKey addKey(String teamId, String teamName) {
        return addKey(teamId, teamName, AscRole.ADMIN);
    }

    public AscTeamKey addKey(String teamId, String teamName, AscRole role) {
        return portal.addKey(teamId, teamName, role);
    }

    /** Revokes the key in App Store Connect: its tokens get 401 from then on. */
    public void revoke(AscTeamKey key) {
        portal.revoke(key);
    }

    /** Registers a bundle ID ({@code platform}: IOS, MAC_OS, UNIVERSAL); answers its resource id. */
    public String addBundleId(String teamId, String identifier, String name, String platform) {
        return portal.addBundleId(teamId, identifier, name, platform);
    }

    /** A certificate someone else made (its key is held by nobody); it counts toward the limit. */
    public AscCertificate addCertificate(String teamId, PortalCertificateType type, String name) {
        return portal.addCertificate(teamId, type, name);
    }

    /** Every certificate of the team, revoked ones included ({@link AscCertificate#revoked()}). */
    public List<AscCertificate> certificates(String teamId) {
        return portal.certificates(teamId);
    }

    /** Every profile of the team, zombies included. */
    public List<AscProfile> profiles(String teamId) {
        return portal.profiles(teamId);
    }

    /** Reissues the certificate (same key and serial) to expire at {@code notAfter}; its profiles keep their files. */
    public void expire(String certificateId, Instant notAfter) {
        portal.expire(certificateId, notAfter);
    }

    /** Marks the profile INVALID, as Apple does when a certificate or the app ID changed; its file stays. */
    public void invalidate(String profileId) {
        portal.invalidate(profileId);
    }

    /** Turns an existing profile into a zombie, as Apple's portal sometimes does: still listed, 404 when read. */
    public void zombify(String profileId) {
        portal.zombify(profileId);
    }

    /** A profile listed under the bundle ID and in /v1/profiles, but 404 when read; answers its id. */
    public String addZombieProfile(String teamId, String bundleResourceId, PortalProfileType type) {
        return portal.addZombieProfile(teamId, bundleResourceId, type);
    }

    /** The next request, whatever its token, is answered 401 once. */
    public void failNextWith401() {
        failNext.set(AscError.notAuthorized());
    }

    /**
     * The next request, whatever it is, is answered once with this error in Apple's shape (e.g. 500
     * {@code UNEXPECTED_ERROR}, 429 {@code RATE_LIMIT_EXCEEDED}), for a client's handling of Apple's failures.
     */
    public void failNextWith(int status, String code, String detail) {
        failNext.set(AscError.of(status, code, "Told to fail by the test", detail));
    }

    /** Every request so far, oldest first. */
    public List<AscRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** Every request or answer that did not validate against the spec, in words; tests assert it empty. */
    public List<String> schemaProblems() {
        synchronized (schemaProblems) {
            return List.copyOf(schemaProblems);
        }
    }

    /** Why the last refused token was refused (Apple never says; tests may ask). */
    public String lastTokenProblem() {
        return tokens.lastProblem();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            requests.add(new AscRequest(method, path, query, AscTokens.claims(authorization), body));
            String operation = method + " " + path;
            AscRoutes.Route route = null;
            AscRoutes.Answer answer;
            try {
                AscError told = failNext.getAndSet(null);
                if (told != null) {
                    throw told;
                }
                AscTeamKey key = tokens.check(authorization, portal.now(), portal::liveKey);
                Map.Entry<AscRoutes.Route, String> match = routes.match(method, path);
                route = match.getKey();
                if (!key.role().mayRead() || (route.change() && !key.role().mayChange())) {
                    throw AscError.forbidden();
                }
                JsonNode json = checkedRequest(route, operation, query, body);
                answer = route.handler().handle(new AscRoutes.Call(key.teamId(), match.getValue(), path, query, json));
            } catch (AscError e) {
                answer = new AscRoutes.Answer(e.status, AscJson.error(e));
            } catch (RuntimeException e) {
                answer = new AscRoutes.Answer(500, AscJson.error(AscError.schema("The double failed: " + e)));
                schemaProblems.add("answer to " + operation + ": the double failed: " + e);
            }
            write(exchange, operation, route, answer);
        }
    }

    /** The body as JSON once the query and the body match the operation; a 400 or 500 otherwise. */
    private JsonNode checkedRequest(AscRoutes.Route route, String operation, Map<String, String> query, String body)
            throws AscError {
        List<String> parameterProblems = schema.parameterProblems(route.method(), route.template(), query);
        if (!parameterProblems.isEmpty()) {
            parameterProblems.forEach(problem -> schemaProblems.add("request " + operation + ": " + problem));
            throw AscError.parameter(parameterProblems.get(0).replaceAll(" .*", ""), String.join("; ", parameterProblems));
        }
        if (route.requestSchema() == null) {
            return null;
        }
        JsonNode json;
        try {
            json = AscJson.JSON.readTree(body);
        } catch (IOException e) {
            json = null;
        }
        List<String> problems = json == null || json.isMissingNode() ? List.of(route.requestSchema() + ": the body is not JSON")
                : schema.problems(route.requestSchema(), json);
        if (!problems.isEmpty()) {
            problems.forEach(problem -> schemaProblems.add("request " + operation + ": " + problem));
            throw AscError.schema(String.join("; ", problems));
        }
        return json;
    }

    private void write(HttpExchange exchange, String operation, AscRoutes.Route route, AscRoutes.Answer answer) throws IOException {
        if (answer.body() == null) {
            exchange.sendResponseHeaders(answer.status(), -1);
            return;
        }
        String schemaName = answer.status() < 300 && route != null ? route.answerSchema() : "ErrorResponse";
        for (String problem : schema.problems(schemaName, answer.body())) {
            schemaProblems.add("answer to " + operation + ": " + problem);
        }
        byte[] bytes = AscJson.JSON.writeValueAsBytes(answer.body());
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            query.put(name, equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return query;
    }
}
