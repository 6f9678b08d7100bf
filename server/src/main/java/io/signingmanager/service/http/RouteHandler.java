package io.signingmanager.service.http;

import io.signingmanager.common.protocol.ErrorCode;
import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.storage.StorageUnavailableException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a route table: finds the route, reads the body within its limit and deadline (without
 * holding a thread while it trickles in), checks who may call it, runs it, and writes every answer
 * and every error the same way (in its {@link Dialect}, with the security headers, no stack trace ever).
 */
public final class RouteHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(RouteHandler.class);
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD");
    private static final long MAX_DRAIN = 8L * 1024 * 1024;
    // What a streamed body gathers before it goes out: few large writes instead of one per record.
    private static final int STREAM_BUFFER = 64 * 1024;
    /** The whole body must be in by then, however steadily it trickles (each byte resets the idle timeout). */
    static final Duration BODY_DEADLINE = Duration.ofSeconds(20);

    private final Router router;
    private final SessionResolver sessions;
    private final Dialect dialect;
    private final TrustedProxies proxies;
    private final RefusalLog refusals;

    public RouteHandler(Router router, SessionResolver sessions, Dialect dialect, TrustedProxies proxies,
                        RefusalLog refusals) {
        this.router = router;
        this.sessions = sessions;
        this.dialect = dialect;
        this.proxies = proxies;
        this.refusals = refusals;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long deadline = System.nanoTime() + BODY_DEADLINE.toNanos();
        String method = request.getMethod();
        String path = request.getHttpURI().getDecodedPath();
        Router.Entry entry;
        PendingBody body;
        ApiRequest apiRequest;
        try {
            EdgeText.check("The path", path);
            Router.Match match = match(method, path);
            entry = match.entry();
            body = new PendingBody(entry.maxBody());
            apiRequest = new ApiRequest(method, path, match.pathParameters(), queryParameters(request),
                    name -> request.getHeaders().get(name), cookies(request), body, proxies.clientAddress(request),
                    baseUrl(request.getHttpURI()));
        } catch (Refusal e) {
            finish(failure(e, method, path, null), BodyReader.End.UNREAD, request, response, callback, deadline);
            return true;
        } catch (RuntimeException e) {
            finish(internalError(request, e, null), BodyReader.End.UNREAD, request, response, callback, deadline);
            return true;
        }
        if (!buffersBody(entry, apiRequest)) {
            finish(serve(request, entry, apiRequest), BodyReader.End.UNREAD, request, response, callback, deadline);
            return true;
        }
        BodyReader.collect(request, entry.maxBody(), deadline, read -> {
            try {
                body.outcome = read;
                finish(serve(request, entry, apiRequest), read.end(), request, response, callback, deadline);
            } catch (Throwable e) {
                callback.failed(e);
            }
        });
        return true;
    }

    /**
     * Any caller's body is read up to the default limit; a larger one (an upload, a sign-batch) only from
     * a caller with a session or, on a public route, one its caller check knows, so that nobody unknown
     * makes the service hold megabytes per connection. The route then refuses the others itself.
     */
    private boolean buffersBody(Router.Entry entry, ApiRequest request) {
        if (entry.maxBody() <= Router.DEFAULT_MAX_BODY) {
            return true;
        }
        try {
            if (entry.access() == Access.PUBLIC) {
                return entry.callerCheck() == null || entry.callerCheck().known(request);
            }
            return sessions.resolve(request) != null;
        } catch (RuntimeException e) {
            return false; // The access check meets the same failure and answers it.
        }
    }

    /**
     * Writes the answer once what the caller is still sending is dealt with: a late or broken body
     * ends the connection; an unread or oversize one is read and dropped (bounded, and without a
     * thread), since a client without "Expect: 100-continue" would otherwise have the connection
     * reset under it and never see the answer.
     */
    private static void finish(ApiResponse answer, BodyReader.End body, Request request, Response response,
                               Callback callback, long deadline) {
        switch (body) {
            case COMPLETE -> write(answer, request, response, callback);
            case LATE, BROKEN -> {
                response.getHeaders().put(HttpHeader.CONNECTION, "close");
                write(answer, request, response, callback);
            }
            case TOO_LARGE, UNREAD -> BodyReader.discard(request, MAX_DRAIN, deadline, drained -> {
                try {
                    if (drained.end() != BodyReader.End.COMPLETE) {
                        response.getHeaders().put(HttpHeader.CONNECTION, "close");
                    }
                    write(answer, request, response, callback);
                } catch (Throwable e) {
                    callback.failed(e);
                }
            });
        }
    }

    private Router.Match match(String method, String path) throws Refusal {
        Router.Match match = router.match(method, path);
        if (match == null) {
            if (router.pathExists(path)) {
                throw new Refusal(ErrorCode.METHOD_NOT_ALLOWED, method + " is not allowed on " + path);
            }
            throw Refusal.notFound("There is nothing at " + path);
        }
        return match;
    }

    private ApiResponse serve(Request request, Router.Entry entry, ApiRequest apiRequest) {
        try {
            checkAccess(entry, apiRequest);
            return entry.route().handle(apiRequest);
        } catch (Refusal e) {
            // A signed-in caller refused for their role (by the access check or a route's own check).
            if (e.code() == ErrorCode.FORBIDDEN && apiRequest.session() != null) {
                refusals.refused(apiRequest, e);
            }
            if (e.code() == ErrorCode.INTERNAL) {
                // The caller reads the message; the operator needs the cause, logged here and nowhere else.
                LOG.error("Request {} {} failed: {}", request.getMethod(), request.getHttpURI().getPath(), e.getMessage(),
                        e.getCause());
            }
            return failure(e, apiRequest.method(), apiRequest.path(), apiRequest.session());
        } catch (RuntimeException e) {
            return internalError(request, e, apiRequest.session());
        }
    }

    private ApiResponse failure(Refusal e, String method, String path, Session session) {
        return dialect.failure(e, method, path, session).retryAfter(e);
    }

    /** The body as the reader left it; the route sees a body that was too large, late or broken as its error. */
    private static final class PendingBody implements ApiRequest.BodySource {
        private final int maxBody;
        private BodyReader.Outcome outcome;

        PendingBody(int maxBody) {
            this.maxBody = maxBody;
        }

        @Override
        public byte[] read() throws Refusal {
            if (outcome == null) {
                // Left unread for a caller without a session, who is refused before any route asks.
                throw new Refusal(ErrorCode.UNAUTHENTICATED, "Sign in first");
            }
            return switch (outcome.end()) {
                case COMPLETE -> outcome.bytes();
                case TOO_LARGE -> throw tooLarge(maxBody);
                case LATE -> throw new Refusal(ErrorCode.REQUEST_TIMEOUT,
                        "The request body did not arrive within " + BODY_DEADLINE.toSeconds() + " seconds");
                case BROKEN, UNREAD -> throw Refusal.badRequest("The request body could not be read");
            };
        }
    }

    private ApiResponse internalError(Request request, RuntimeException e, Session session) {
        if (e instanceof StorageUnavailableException unavailable) {
            // Already logged once when the database went; the caller may try again later.
            return dialect.failure(new Refusal(ErrorCode.STORAGE_UNAVAILABLE, unavailable.getMessage()),
                    request.getMethod(), request.getHttpURI().getDecodedPath(), session);
        }
        LOG.error("Request {} {} failed", request.getMethod(), request.getHttpURI().getPath(), e);
        return dialect.failure(new Refusal(ErrorCode.INTERNAL,
                "The service could not complete the request; the error is in its log"), request.getMethod(),
                request.getHttpURI().getDecodedPath(), session);
    }

    private void checkAccess(Router.Entry entry, ApiRequest request) throws Refusal {
        Access access = entry.access();
        if (access == Access.PUBLIC || access == Access.CLIENT_OR_ADMIN && entry.callerCheck().known(request)) {
            return;
        }
        Session session = sessions.resolve(request);
        if (session == null) {
            throw new Refusal(ErrorCode.UNAUTHENTICATED, "Sign in first");
        }
        if (session.viaCookie() && !SAFE_METHODS.contains(request.method())
                && !session.csrfToken().equals(dialect.submittedCsrfToken(request))) {
            throw new Refusal(ErrorCode.CSRF_MISMATCH, "The form is stale; reload the page and try again");
        }
        request.session(session);
        if (access == Access.SIGNED_IN) {
            return;
        }
        if (session.mustChangePassword()) {
            throw new Refusal(ErrorCode.PASSWORD_CHANGE_REQUIRED, "Choose a new password first");
        }
        if (!session.agreementAccepted()) {
            throw new Refusal(ErrorCode.AGREEMENT_REQUIRED, "Accept the user agreement first");
        }
        if ((access == Access.ADMIN || access == Access.CLIENT_OR_ADMIN) && !session.admin()) {
            throw new Refusal(ErrorCode.FORBIDDEN, "Only application admins may do this");
        }
    }

    private static Refusal tooLarge(int maxBody) {
        return new Refusal(ErrorCode.TOO_LARGE, "The request body is larger than " + maxBody + " bytes");
    }

    private static Map<String, String> queryParameters(Request request) throws Refusal {
        try {
            Fields fields = Request.extractQueryParameters(request);
            Map<String, String> parameters = new HashMap<>();
            for (Fields.Field field : fields) {
                EdgeText.check("A query parameter name", field.getName());
                for (String value : field.getValues()) {
                    EdgeText.check("Query parameter '" + field.getName() + "'", value);
                }
                parameters.put(field.getName(), field.getValue());
            }
            return parameters;
        } catch (RuntimeException e) {
            throw Refusal.badRequest("The query string cannot be decoded");
        }
    }

    private static Map<String, String> cookies(Request request) {
        Map<String, String> cookies = new HashMap<>();
        for (HttpCookie cookie : Request.getCookies(request)) {
            cookies.putIfAbsent(cookie.getName(), cookie.getValue());
        }
        return cookies;
    }

    private static String baseUrl(HttpURI uri) {
        return uri.getScheme() + "://" + uri.getAuthority();
    }

    static void write(ApiResponse answer, Request request, Response response, Callback callback) {
        response.setStatus(answer.status());
        var headers = response.getHeaders();
        // Errors Jetty raises before a request is customised (bad URI, huge headers) say "http" though they came over TLS.
        SecurityHeaders.apply(headers, request.isSecure() || request.getConnectionMetaData().isSecure());
        if (answer.contentType() != null) {
            headers.put("Content-Type", answer.contentType());
        }
        answer.headers().forEach(headers::add);
        if (answer.stream() != null) {
            writeStream(answer, request, response, callback);
            return;
        }
        if (answer.file() == null) {
            response.write(true, ByteBuffer.wrap(answer.body()), callback);
            return;
        }
        try {
            headers.put(HttpHeader.CONTENT_LENGTH, Files.size(answer.file()));
        } catch (IOException e) {
            // Gone since the route found it: Jetty aborts the answer when the copy cannot open it.
        }
        Content.copy(Content.Source.from(answer.file()), response, callback);
    }

    /**
     * Sends a streamed body as the route's writer produces it (chunked, no length known before); this
     * thread waits on a slow reader meanwhile. On a failure the stream is not closed but the answer
     * aborted, so the transfer ends incomplete instead of looking like a whole, shorter file.
     */
    private static void writeStream(ApiResponse answer, Request request, Response response, Callback callback) {
        OutputStream out = new BufferedOutputStream(Content.Sink.asOutputStream(response), STREAM_BUFFER);
        try {
            answer.stream().writeTo(out);
            out.close();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Streaming the answer to {} {} failed; it was aborted", request.getMethod(),
                    request.getHttpURI().getPath(), e);
            callback.failed(e);
            return;
        }
        callback.succeeded();
    }
}
