package io.signingmanager.service.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The route table: method plus a path pattern whose {@code {name}} segments match one segment. */
public final class Router {
    /** Bodies larger than this are refused unless a route allows more. */
    public static final int DEFAULT_MAX_BODY = 64 * 1024;

    /**
     * Whether a public route's caller is one it serves (a known client token, say), asked before a body
     * larger than {@link #DEFAULT_MAX_BODY} is read: nobody unknown makes the service hold megabytes.
     */
    @FunctionalInterface
    public interface CallerCheck {
        boolean known(ApiRequest request);
    }

    /**
     * One registered route; {@code callerCheck} is {@code null} but for a public route with a large body and a
     * route for clients or admins.
     */
    public record Entry(String method, String pattern, Access access, int maxBody, CallerCheck callerCheck, Route route) {
    }

    /** An entry with its pattern split once, not on every request. */
    private record Compiled(Entry entry, String[] segments) {
    }

    /** The route a request reached, with its path parameters. */
    public record Match(Entry entry, Map<String, String> pathParameters) {
    }

    private final List<Compiled> entries = new ArrayList<>();

    public Router get(String pattern, Access access, Route route) {
        return add("GET", pattern, access, DEFAULT_MAX_BODY, route);
    }

    public Router post(String pattern, Access access, Route route) {
        return add("POST", pattern, access, DEFAULT_MAX_BODY, route);
    }

    public Router put(String pattern, Access access, Route route) {
        return add("PUT", pattern, access, DEFAULT_MAX_BODY, route);
    }

    public Router patch(String pattern, Access access, Route route) {
        return add("PATCH", pattern, access, DEFAULT_MAX_BODY, route);
    }

    public Router delete(String pattern, Access access, Route route) {
        return add("DELETE", pattern, access, DEFAULT_MAX_BODY, route);
    }

    public Router add(String method, String pattern, Access access, int maxBody, Route route) {
        return add(method, pattern, access, maxBody, null, route);
    }

    /** A route for the callers {@code clients} knows, or else admins ({@link Access#CLIENT_OR_ADMIN}). */
    public Router get(String pattern, CallerCheck clients, Route route) {
        return add("GET", pattern, Access.CLIENT_OR_ADMIN, DEFAULT_MAX_BODY, clients, route);
    }

    /** A public route whose body may be large: it is read only from a caller {@code callerCheck} knows. */
    public Router add(String method, String pattern, int maxBody, CallerCheck callerCheck, Route route) {
        return add(method, pattern, Access.PUBLIC, maxBody, callerCheck, route);
    }

    private Router add(String method, String pattern, Access access, int maxBody, CallerCheck callerCheck, Route route) {
        for (Compiled existing : entries) {
            if (existing.entry().method().equals(method) && existing.entry().pattern().equals(pattern)) {
                throw new IllegalArgumentException("Route registered twice: " + method + " " + pattern);
            }
        }
        entries.add(new Compiled(new Entry(method, pattern, access, maxBody, callerCheck, route), split(pattern)));
        return this;
    }

    public List<Entry> entries() {
        return entries.stream().map(Compiled::entry).toList();
    }

    /** The route for this method and path, or {@code null}; {@link #pathExists} tells 404 from 405. */
    public Match match(String method, String path) {
        String[] requested = split(path);
        for (Compiled compiled : entries) {
            if (compiled.entry().method().equals(method)) {
                Map<String, String> parameters = bind(compiled.segments(), requested);
                if (parameters != null) {
                    return new Match(compiled.entry(), parameters);
                }
            }
        }
        return null;
    }

    public boolean pathExists(String path) {
        String[] requested = split(path);
        return entries.stream().anyMatch(compiled -> bind(compiled.segments(), requested) != null);
    }

    private static String[] split(String path) {
        return path.length() > 1 ? path.substring(1).split("/", -1) : new String[] {""};
    }

    private static Map<String, String> bind(String[] pattern, String[] requested) {
        if (pattern.length != requested.length) {
            return null;
        }
        Map<String, String> parameters = new HashMap<>();
        for (int i = 0; i < pattern.length; i++) {
            String segment = pattern[i];
            if (segment.startsWith("{") && segment.endsWith("}")) {
                if (requested[i].isEmpty()) {
                    return null;
                }
                parameters.put(segment.substring(1, segment.length() - 1), requested[i]);
            } else if (!segment.equals(requested[i])) {
                return null;
            }
        }
        return parameters;
    }
}
