package io.signingmanager.service.http;

import io.signingmanager.common.protocol.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
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
 * Serves a route table: finds the route, reads the body within its limit, checks who may call it,
 * runs it, and writes every answer and every error the same way (in its {@link Dialect}, with the
 * security headers, no stack trace ever).
 */
public final class RouteHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(RouteHandler.class);
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD");
    private static final long MAX_DRAIN = 8L * 1024 * 1024;

    private final Router router;
    private final SessionResolver sessions;
    private final Dialect dialect;

    public RouteHandler(Router router, SessionResolver sessions, Dialect dialect) {
        this.router = router;
        this.sessions = sessions;
        this.dialect = dialect;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        ApiResponse answer;
        String method = request.getMethod();
        String path = request.getHttpURI().getDecodedPath();
        try {
            answer = serve(request, method, path);
        } catch (ApiException e) {
            answer = dialect.failure(e, method, path, null);
        } catch (RuntimeException e) {
            answer = internalError(request, e, null);
        }
        drainUnreadBody(request);
        write(answer, request, response, callback);
        return true;
    }

    /**
     * Discards what the caller is still sending of a body the route never read (refused callers,
     * oversize bodies): a client without "Expect: 100-continue" would otherwise have the connection
     * reset under it and never see the answer. Bounded, so nobody can keep a thread busy for long.
     */
    private static void drainUnreadBody(Request request) {
        try (InputStream in = Content.Source.asInputStream(request)) {
            long left = MAX_DRAIN;
            while (left > 0) {
                long skipped = in.skip(left);
                if (skipped <= 0) {
                    break;
                }
                left -= skipped;
            }
        } catch (IOException | RuntimeException e) {
            // The connection is closed after the answer anyway.
        }
    }

    private ApiResponse serve(Request request, String method, String path) throws ApiException {
        EdgeText.check("The path", path);
        Router.Match match = router.match(method, path);
        if (match == null) {
            if (router.pathExists(path)) {
                throw new ApiException(ErrorCode.METHOD_NOT_ALLOWED, method + " is not allowed on " + path);
            }
            throw ApiException.notFound("There is nothing at " + path);
        }
        Router.Entry entry = match.entry();
        ApiRequest apiRequest = new ApiRequest(method, path, match.pathParameters(), queryParameters(request),
                name -> request.getHeaders().get(name), cookies(request), () -> readBody(request, entry.maxBody()),
                Request.getRemoteAddr(request), baseUrl(request.getHttpURI()));
        try {
            checkAccess(entry.access(), apiRequest);
            return entry.route().handle(apiRequest);
        } catch (ApiException e) {
            return dialect.failure(e, method, path, apiRequest.session());
        } catch (RuntimeException e) {
            return internalError(request, e, apiRequest.session());
        }
    }

    private ApiResponse internalError(Request request, RuntimeException e, Session session) {
        LOG.error("Request {} {} failed", request.getMethod(), request.getHttpURI().getPath(), e);
        return dialect.failure(new ApiException(ErrorCode.INTERNAL,
                "The service could not complete the request; the error is in its log"), request.getMethod(),
                request.getHttpURI().getDecodedPath(), session);
    }

    private void checkAccess(Access access, ApiRequest request) throws ApiException {
        if (access == Access.PUBLIC) {
            return;
        }
        Session session = sessions.resolve(request);
        if (session == null) {
            throw new ApiException(ErrorCode.UNAUTHENTICATED, "Sign in first");
        }
        if (session.viaCookie() && !SAFE_METHODS.contains(request.method())
                && !session.csrfToken().equals(dialect.submittedCsrfToken(request))) {
            throw new ApiException(ErrorCode.CSRF_MISMATCH, "The form is stale; reload the page and try again");
        }
        request.session(session);
        if (access == Access.SIGNED_IN) {
            return;
        }
        if (session.mustChangePassword()) {
            throw new ApiException(ErrorCode.PASSWORD_CHANGE_REQUIRED, "Choose a new password first");
        }
        if (!session.agreementAccepted()) {
            throw new ApiException(ErrorCode.AGREEMENT_REQUIRED, "Accept the user agreement first");
        }
        if (access == Access.ADMIN && !session.admin()) {
            throw new ApiException(ErrorCode.FORBIDDEN, "Only application admins may do this");
        }
    }

    private static byte[] readBody(Request request, int maxBody) throws ApiException {
        long declared = request.getLength();
        if (declared > maxBody) {
            throw tooLarge(maxBody);
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] body = in.readNBytes(maxBody + 1);
            if (body.length > maxBody) {
                throw tooLarge(maxBody);
            }
            return body;
        } catch (IOException e) {
            throw ApiException.badRequest("The request body could not be read");
        }
    }

    private static ApiException tooLarge(int maxBody) {
        return new ApiException(ErrorCode.TOO_LARGE, "The request body is larger than " + maxBody + " bytes");
    }

    private static Map<String, String> queryParameters(Request request) throws ApiException {
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
            throw ApiException.badRequest("The query string cannot be decoded");
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
}
