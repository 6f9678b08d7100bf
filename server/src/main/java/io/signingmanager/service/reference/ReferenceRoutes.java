package io.signingmanager.service.reference;

import io.signingmanager.common.protocol.VersionInfo;
import io.signingmanager.service.http.Access;
import io.signingmanager.service.http.ApiResponse;
import io.signingmanager.service.http.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The API Reference: version info, the OpenAPI document, and what a client's connectivity check needs. */
public final class ReferenceRoutes {
    private final VersionInfo version;
    private final Diagnostics diagnostics;
    private final byte[] openApi;

    public ReferenceRoutes(VersionInfo version, Diagnostics diagnostics) {
        this.version = version;
        this.diagnostics = diagnostics;
        this.openApi = resource("openapi.json");
    }

    public void register(Router router) {
        router.get("/api/v1/version", Access.PUBLIC, request -> ApiResponse.ok(version));
        router.get("/api/openapi.json", Access.PUBLIC, request -> ApiResponse.bytes(200, "application/json", openApi));
        router.get("/api/v1/health", Access.PUBLIC, request -> ApiResponse.ok(diagnostics.health()));
        router.get("/api/v1/diagnostics", Access.USER,
                request -> ApiResponse.ok(diagnostics.report(request.baseUrl(), request.remoteAddress())));
    }

    private static byte[] resource(String name) {
        try (InputStream in = ReferenceRoutes.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
