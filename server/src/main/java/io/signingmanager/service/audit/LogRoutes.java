package io.signingmanager.service.audit;

import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.http.Access;
import io.signingmanager.service.http.ApiRequest;
import io.signingmanager.service.http.ApiResponse;
import io.signingmanager.service.http.Router;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code /api/v1/log}: the signing log's public key (anyone: it is on the API Reference page too), its
 * latest checkpoint and proofs (active clients and admins), its entries and the search for who signed a file
 * (active clients their own records, admins all).
 */
public final class LogRoutes {
    private static final String TEXT = "text/plain; charset=utf-8";

    private final SigningLog log;
    private final Function<ApiRequest, Optional<String>> activeClient;
    private final Router.CallerCheck clients;

    /** {@code activeClient} tells the id of the active client a request's bearer token names, if it names one. */
    public LogRoutes(SigningLog log, Function<ApiRequest, Optional<String>> activeClient) {
        this.log = log;
        this.activeClient = activeClient;
        this.clients = request -> activeClient.apply(request).isPresent();
    }

    public void register(Router router) {
        router.get("/api/v1/log/key", Access.PUBLIC, request -> ApiResponse.text(200, TEXT, log.key() + "\n"));
        router.get("/api/v1/log/checkpoint", clients, request -> ApiResponse.text(200, TEXT, log.checkpoint()));
        router.get("/api/v1/log/proof/inclusion", clients, this::inclusion);
        router.get("/api/v1/log/proof/consistency", clients, this::consistency);
        router.get("/api/v1/log/entries", clients, request -> ApiResponse.ok(Map.of("entries", log.entries(
                request.requireQueryLong("start", 0, Long.MAX_VALUE), request.requireQueryLong("end", 1, Long.MAX_VALUE),
                ownOnly(request)))));
        router.get("/api/v1/log/search", clients, request -> ApiResponse.ok(Map.of("entries", log.search(
                request.query("fileSha256"), request.query("signatureSha256"), ownOnly(request)))));
    }

    /** A client's own records only; {@code null} (all) for an admin, whom the route's access let in otherwise. */
    private String ownOnly(ApiRequest request) {
        return activeClient.apply(request).orElse(null);
    }

    private ApiResponse inclusion(ApiRequest request) throws Refusal {
        return proof(log.inclusionProof(request.requireQueryLong("index", 0, Long.MAX_VALUE),
                request.requireQueryLong("size", 1, Long.MAX_VALUE)));
    }

    private ApiResponse consistency(ApiRequest request) throws Refusal {
        return proof(log.consistencyProof(request.requireQueryLong("from", 1, Long.MAX_VALUE),
                request.requireQueryLong("to", 1, Long.MAX_VALUE)));
    }

    private static ApiResponse proof(List<byte[]> hashes) {
        Base64.Encoder base64 = Base64.getEncoder();
        return ApiResponse.ok(Map.of("proof", hashes.stream().map(base64::encodeToString).toList()));
    }
}
