package io.signingmanager.service.http;

import io.signingmanager.service.audit.Actor;
import io.signingmanager.service.failure.Refusal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.function.Function;

/**
 * One HTTP request as routes see it: no Jetty types. The body has been read before the route runs
 * (see {@link BodyReader}); a body over the route's limit or past its deadline fails when the route
 * first asks for it, so callers are identified first and the failure happens inside the route
 * (where the client protocol audits it).
 */
public final class ApiRequest {
    private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private final String method;
    private final String path;
    private final Map<String, String> pathParameters;
    private final Map<String, String> queryParameters;
    private final Function<String, String> headers;
    private final Map<String, String> cookies;
    private final BodySource bodySource;
    private byte[] body;
    private Refusal bodyFailure;
    private final String remoteAddress;
    private final String baseUrl;
    private Session session;
    private Form form;

    ApiRequest(String method, String path, Map<String, String> pathParameters, Map<String, String> queryParameters,
               Function<String, String> headers, Map<String, String> cookies, BodySource bodySource, String remoteAddress,
               String baseUrl) {
        this.method = method;
        this.path = path;
        this.pathParameters = pathParameters;
        this.queryParameters = queryParameters;
        this.headers = headers;
        this.cookies = cookies;
        this.bodySource = bodySource;
        this.remoteAddress = remoteAddress;
        this.baseUrl = baseUrl;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    public String pathParameter(String name) {
        return pathParameters.get(name);
    }

    /** The query parameter, or {@code null}. */
    public String query(String name) {
        String value = queryParameters.get(name);
        return value == null || value.isBlank() ? null : value;
    }

    public Instant queryInstant(String name) throws Refusal {
        String value = query(name);
        if (value == null) {
            return null;
        }
        try {
            Instant instant = Instant.parse(value);
            // Instant reaches the year 1,000,000,000; dates (and the database) stop earlier.
            if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
                throw Refusal.badRequest("Query parameter '" + name + "' must be between " + EARLIEST + " and " + LATEST);
            }
            return instant;
        } catch (DateTimeParseException e) {
            throw Refusal.badRequest("Query parameter '" + name + "' must be an ISO-8601 instant such as "
                    + "2026-01-31T00:00:00Z, got '" + abbreviate(value) + "'");
        }
    }

    public int queryInt(String name, int defaultValue, int min, int max) throws Refusal {
        String value = query(name);
        return value == null ? defaultValue : (int) whole(name, value, min, max);
    }

    /** A required whole-number query parameter from {@code min} to {@code max}. */
    public long requireQueryLong(String name, long min, long max) throws Refusal {
        String value = query(name);
        if (value == null) {
            throw Refusal.badRequest("Query parameter '" + name + "' is required");
        }
        return whole(name, value, min, max);
    }

    private static long whole(String name, String value, long min, long max) throws Refusal {
        try {
            long parsed = Long.parseLong(value);
            if (parsed < min || parsed > max) {
                throw Refusal.badRequest("Query parameter '" + name + "' must be between " + min + " and " + max);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw Refusal.badRequest("Query parameter '" + name + "' must be a whole number");
        }
    }

    public String header(String name) {
        return headers.apply(name);
    }

    public String cookie(String name) {
        return cookies.get(name);
    }

    /** The credential of an {@code Authorization: Bearer} header, or {@code null}. */
    public String bearerToken() {
        String authorization = header("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    /** The request body as read within its limit and deadline. */
    @FunctionalInterface
    interface BodySource {
        byte[] read() throws Refusal;
    }

    public byte[] body() throws Refusal {
        if (bodyFailure != null) {
            throw bodyFailure;
        }
        if (body == null) {
            try {
                body = bodySource.read();
            } catch (Refusal e) {
                bodyFailure = e;
                throw e;
            }
        }
        return body;
    }

    public String remoteAddress() {
        return remoteAddress;
    }

    /** The service's own address as this caller reached it, e.g. {@code https://host:3000}. */
    public String baseUrl() {
        return baseUrl;
    }

    public Session session() {
        return session;
    }

    /** The signed-in caller of a request that passed the access check, as the audit names who acted. */
    public Actor actor() {
        return new Actor(session.userId(), session.username(), remoteAddress);
    }

    void session(Session session) {
        this.session = session;
    }

    /** The JSON body as that type; a missing, malformed or mistyped body is the caller's error. */
    public <T> T json(Class<T> type) throws Refusal {
        return JsonBody.read(body(), type);
    }

    /** The body as a form, multipart or URL-encoded; parsed once. */
    public Form form() throws Refusal {
        if (form == null) {
            form = Form.parse(header("Content-Type"), body());
        }
        return form;
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }
}
