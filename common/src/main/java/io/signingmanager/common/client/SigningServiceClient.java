package io.signingmanager.common.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signingmanager.common.client.SigningServiceException.Failure;
import io.signingmanager.common.json.Json;
import io.signingmanager.common.protocol.ErrorBody;
import io.signingmanager.common.protocol.Identity;
import io.signingmanager.common.protocol.RegisterRequest;
import io.signingmanager.common.protocol.RegisterResponse;
import io.signingmanager.common.protocol.SignBatchRequest;
import io.signingmanager.common.protocol.SignBatchResponse;
import io.signingmanager.common.protocol.SignRequest;
import io.signingmanager.common.protocol.SignResponse;
import io.signingmanager.common.protocol.SigningFiles;
import io.signingmanager.common.protocol.VersionInfo;
import io.signingmanager.common.protocol.WhoAmI;
import io.signingmanager.common.protocol.WorkflowSummary;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;

/**
 * The client protocol v1 over HTTPS, as every Signing Manager client speaks it: every call over
 * {@link KeepAliveHttps}, blocking on the caller's thread, the connections kept for the next calls.
 */
public final class SigningServiceClient {
    // A batch waits longer: each item is signed and verified in turn (an RSA-4096 item takes about 10 ms on a
    // busy service), so 1,000 items may take more than one call's 30 s.
    private static final Duration BATCH_ITEM_TIME = Duration.ofMillis(50);
    private static final ObjectMapper JSON = Json.mapper();

    private final URI baseUrl;
    private final KeepAliveHttps http;

    public SigningServiceClient(URI baseUrl, TlsTrust trust) {
        this.baseUrl = URI.create(baseUrl.toString().replaceAll("/+$", "") + "/");
        this.http = new KeepAliveHttps(this.baseUrl, trust);
    }

    public URI baseUrl() {
        return baseUrl;
    }

    public VersionInfo version() throws SigningServiceException {
        return get("api/v1/version", null, JSON.constructType(VersionInfo.class));
    }

    public RegisterResponse register(String apiKey, RegisterRequest request) throws SigningServiceException {
        return post("api/v1/client/register", apiKey, request, KeepAliveHttps.TIMEOUT,
                JSON.constructType(RegisterResponse.class));
    }

    public List<Identity> identities(String clientToken) throws SigningServiceException {
        return get("api/v1/client/identities", clientToken,
                JSON.getTypeFactory().constructType(new TypeReference<List<Identity>>() { }));
    }

    public SignResponse sign(String clientToken, SignRequest request) throws SigningServiceException {
        return post("api/v1/client/sign", clientToken, request, KeepAliveHttps.TIMEOUT,
                JSON.constructType(SignResponse.class));
    }

    /**
     * Signs up to {@link SignBatchRequest#MAX_ITEMS} items in one round trip. A refused caller fails the whole
     * call; a refused item fails alone, in its {@link io.signingmanager.common.protocol.SignBatchResult}.
     */
    public SignBatchResponse signBatch(String clientToken, SignBatchRequest request) throws SigningServiceException {
        int items = request.items() == null ? 0 : request.items().size();
        return post("api/v1/client/sign-batch", clientToken, request,
                KeepAliveHttps.TIMEOUT.plus(BATCH_ITEM_TIME.multipliedBy(items)), JSON.constructType(SignBatchResponse.class));
    }

    public WhoAmI whoami(String clientToken) throws SigningServiceException {
        return get("api/v1/client/whoami", clientToken, JSON.constructType(WhoAmI.class));
    }

    /** The Apple signing workflows this client's API key may fetch, each with its readiness. */
    public List<WorkflowSummary> workflows(String clientToken) throws SigningServiceException {
        return get("api/v1/client/workflows", clientToken,
                JSON.getTypeFactory().constructType(new TypeReference<List<WorkflowSummary>>() { }));
    }

    /**
     * The provisioning profiles and identities of the workflow of that name; a workflow that is not
     * ready is refused with {@code workflow_not_ready} and its {@link SigningServiceException#problems()}.
     */
    public SigningFiles signingFiles(String clientToken, String workflow) throws SigningServiceException {
        return get("api/v1/client/workflows/" + pathSegment(workflow) + "/signing-files", clientToken,
                JSON.constructType(SigningFiles.class));
    }

    /** The signing log's public key as a note verifier key; anyone may read it. */
    public String logKey() throws SigningServiceException {
        return text(() -> http.get("api/v1/log/key", null)).strip();
    }

    /** The signing log's latest checkpoint, a signed note. */
    public String logCheckpoint(String clientToken) throws SigningServiceException {
        return text(() -> http.get("api/v1/log/checkpoint", clientToken));
    }

    /** The proof that the log's tree of {@code to} leaves extends the one of {@code from}, base64 hashes. */
    public List<String> consistencyProof(String clientToken, long from, long to) throws SigningServiceException {
        LogProof proof = get("api/v1/log/proof/consistency?from=" + from + "&to=" + to, clientToken,
                JSON.constructType(LogProof.class));
        return proof.proof() == null ? List.of() : proof.proof();
    }

    private record LogProof(List<String> proof) {
    }

    private String text(Exchange exchange) throws SigningServiceException {
        KeepAliveHttps.Answer answer = run(exchange);
        if (answer.status() / 100 != 2) {
            throw failure(answer.status(), answer.body());
        }
        return new String(answer.body(), StandardCharsets.UTF_8);
    }

    /** A workflow's name as one path segment: names have spaces, and a slash must not make two segments. */
    private static String pathSegment(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** One exchange with the service, its failure to answer still an {@link IOException}. */
    @FunctionalInterface
    private interface Exchange {
        KeepAliveHttps.Answer run() throws IOException;
    }

    private <T> T get(String path, String bearer, JavaType answerType) throws SigningServiceException {
        return answered(() -> http.get(path, bearer), answerType);
    }

    private <T> T post(String path, String bearer, Object body, Duration timeout, JavaType answerType)
            throws SigningServiceException {
        byte[] encoded;
        try {
            encoded = JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw SigningServiceException.failed(Failure.BAD_ANSWER, 0, "Cannot encode the request", e);
        }
        return answered(() -> http.call(KeepAliveHttps.Method.POST, path, bearer, encoded, timeout), answerType);
    }

    private <T> T answered(Exchange exchange, JavaType answerType) throws SigningServiceException {
        KeepAliveHttps.Answer answer = run(exchange);
        return read(answer.status(), answer.body(), answerType);
    }

    private KeepAliveHttps.Answer run(Exchange exchange) throws SigningServiceException {
        try {
            return exchange.run();
        } catch (IOException e) {
            throw notAnswered(e);
        }
    }

    private SigningServiceException notAnswered(IOException e) {
        if (e instanceof SSLHandshakeException) {
            return SigningServiceException.failed(Failure.UNTRUSTED_TLS, 0,
                    "The Signing Service at " + baseUrl + " presented a TLS certificate that is not trusted: "
                            + e.getMessage(), e);
        }
        return SigningServiceException.failed(Failure.UNREACHABLE, 0,
                "The Signing Service at " + baseUrl + " cannot be reached: " + e, e);
    }

    private static <T> T read(int status, byte[] body, JavaType answerType) throws SigningServiceException {
        if (status / 100 != 2) {
            throw failure(status, body);
        }
        try {
            return JSON.readValue(body, answerType);
        } catch (IOException e) {
            throw SigningServiceException.failed(Failure.BAD_ANSWER, status,
                    "The Signing Service sent an answer that cannot be read", e);
        }
    }

    private static SigningServiceException failure(int status, byte[] body) {
        try {
            ErrorBody error = JSON.readValue(body, ErrorBody.class);
            return SigningServiceException.refused(status, error.error(), error.message(),
                    error.problems() == null ? List.of() : error.problems());
        } catch (IOException e) {
            return SigningServiceException.failed(Failure.BAD_ANSWER, status,
                    "The Signing Service answered HTTP " + status, e);
        }
    }
}
