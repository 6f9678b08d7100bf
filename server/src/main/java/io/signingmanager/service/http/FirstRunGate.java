package io.signingmanager.service.http;

import io.signingmanager.common.protocol.ErrorCode;
import io.signingmanager.service.failure.Refusal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Until the first run is over (the default {@code admin} / {@code change_password} still signs in),
 * serves only callers on the service's own machine, whatever address it listens on, and tells anyone
 * else why and how to go on. The connection's own address decides, never a header a caller wrote;
 * through a trusted proxy the caller it forwards must be local too, or a proxy on this machine would
 * let the whole network in. Paths anyone may fetch (the refusal page's stylesheet) stay served.
 */
public final class FirstRunGate extends Handler.Wrapper {
    private final BooleanSupplier firstRun;
    private final Dialect dialect;
    private final TrustedProxies proxies;
    private final Predicate<String> alwaysServed;

    /**
     * {@code firstRun} answers whether the first run still lasts; it is asked first, so that once the
     * first run is over (a remembered answer) no request pays for the address checks.
     */
    public FirstRunGate(BooleanSupplier firstRun, Dialect dialect, TrustedProxies proxies,
                        Predicate<String> alwaysServed, Handler next) {
        super(next);
        this.firstRun = firstRun;
        this.dialect = dialect;
        this.proxies = proxies;
        this.alwaysServed = alwaysServed;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = request.getHttpURI().getDecodedPath();
        if (!firstRun.getAsBoolean() || alwaysServed.test(path) || fromThisMachine(request)) {
            return super.handle(request, response, callback);
        }
        int port = Request.getLocalPort(request);
        String scheme = request.getConnectionMetaData().isSecure() ? "https" : "http";
        Refusal refusal = new Refusal(ErrorCode.FIRST_RUN_LOCAL_ONLY, "Until the initial admin password "
                + "is changed, this Signing Service answers only on the machine it runs on. There, open "
                + scheme + "://localhost:" + port + ", sign in as admin and choose a new password; or from here "
                + "through an SSH tunnel: ssh -L " + port + ":localhost:" + port + " THE-SERVICE-HOST, then "
                + scheme + "://localhost:" + port + ". After that it answers everyone it listens for.");
        // The body stays unread: closing the connection spares reading what a refused caller sends.
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        RouteHandler.write(dialect.failure(refusal, request.getMethod(), path, null), request, response, callback);
        return true;
    }

    private boolean fromThisMachine(Request request) {
        return request.getConnectionMetaData().getRemoteSocketAddress() instanceof InetSocketAddress peer
                && peer.getAddress() != null && peer.getAddress().isLoopbackAddress()
                && loopback(proxies.clientAddress(request));
    }

    /** {@link TrustedProxies#clientAddress} answers address literals only, so no name is looked up here. */
    private static boolean loopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
