package io.signingmanager.service.clientapi;

import io.signingmanager.common.protocol.RegisterRequest;
import io.signingmanager.common.protocol.SignBatchRequest;
import io.signingmanager.common.protocol.SignRequest;
import io.signingmanager.common.protocol.WhoAmI;
import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.http.Access;
import io.signingmanager.service.http.ApiRequest;
import io.signingmanager.service.http.ApiResponse;
import io.signingmanager.service.http.Router;
import java.util.Optional;

/** {@code /api/v1/client}: the client protocol's calls over HTTP; the bearer token names the caller. */
public final class ClientProtocolRoutes {
    private final ClientProtocol protocol;

    public ClientProtocolRoutes(ClientProtocol protocol) {
        this.protocol = protocol;
    }

    public void register(Router router) {
        router.post("/api/v1/client/register", Access.PUBLIC, request -> ApiResponse.created(protocol.register(
                request.bearerToken(), request.remoteAddress(), () -> request.json(RegisterRequest.class))));
        router.get("/api/v1/client/identities", Access.PUBLIC, request -> ApiResponse.ok(
                protocol.identities(request.bearerToken(), request.remoteAddress())));
        router.post("/api/v1/client/sign", Access.PUBLIC, request -> ApiResponse.ok(protocol.sign(
                request.bearerToken(), request.remoteAddress(), () -> request.json(SignRequest.class))));
        router.add("POST", "/api/v1/client/sign-batch", BatchSigning.MAX_BODY, this::knownClient,
                request -> ApiResponse.ok(protocol.signBatch(request.bearerToken(), request.remoteAddress(),
                        () -> request.json(SignBatchRequest.class))));
        router.get("/api/v1/client/workflows", Access.PUBLIC, request -> ApiResponse.ok(
                protocol.workflows(request.bearerToken(), request.remoteAddress())));
        router.get("/api/v1/client/workflows/{name}/signing-files", Access.PUBLIC, request -> ApiResponse.ok(
                protocol.signingFiles(request.bearerToken(), request.remoteAddress(), request.pathParameter("name"))));
        router.get("/api/v1/client/whoami", Access.PUBLIC, request -> ApiResponse.ok(
                protocol.whoami(request.bearerToken(), request.remoteAddress())));
    }

    /** The id of the registered client the bearer token names, if it and its API key are active. */
    public Optional<String> activeClient(ApiRequest request) {
        try {
            WhoAmI caller = protocol.whoami(request.bearerToken(), request.remoteAddress());
            return caller.client().active() && caller.apiKey().active() ? Optional.of(caller.client().id())
                    : Optional.empty();
        } catch (Refusal unknown) {
            return Optional.empty();
        }
    }

    /** Whether the bearer token names a registered client, active or not (the call then says which). */
    private boolean knownClient(ApiRequest request) {
        try {
            protocol.whoami(request.bearerToken(), request.remoteAddress());
            return true;
        } catch (Refusal unknown) {
            return false;
        }
    }
}
