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
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;

/**
 * The client protocol v1 over HTTPS, as every Signing Manager client speaks it. Signatures go over
 * {@link KeepAliveHttps}, the other calls over the JDK {@code HttpClient}: a signature is the call
 * made thousands of times in a row (the agent, batch tools), where the {@code HttpClient}'s thread
 * hand-offs cost more than the rest of the client's work.
 */
public final class SigningServiceClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    // A batch waits longer: each item is signed and verified in turn (an RSA-4096 item takes about 10 ms on a
    // busy service), so 1,000 items may take more than one call's 30 s.
    private static final Duration BATCH_ITEM_TIME = Duration.ofMillis(50);
    private static final ObjectMapper JSON = Json.mapper();
    private static final String SIGN_PATH = "api/v1/client/sign";

    private final URI baseUrl;
    private final HttpClient http;
    private final KeepAliveHttps signing;

    public SigningServiceClient(URI baseUrl, TlsTrust trust) {
        this.baseUrl = URI.create(baseUrl.toString().replaceAll("/+$", "") + "/");
        this.http = HttpClient.newBuilder()
                .sslContext(trust.sslContext())
                .connectTimeout(Duration.ofSeconds(10))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.signing = new KeepAliveHttps(this.baseUrl, trust);
    }

    public URI baseUrl() {
        return baseUrl;
    }

    public VersionInfo version() throws SigningServiceException {
        return send(get("api/v1/version", null), JSON.constructType(VersionInfo.class));
    }

    public RegisterResponse register(String apiKey, RegisterRequest request) throws SigningServiceException {
        return send(post("api/v1/client/register", apiKey, request), JSON.constructType(RegisterResponse.class));
    }

    public List<Identity> identities(String clientToken) throws SigningServiceException {
        return send(get("api/v1/client/identities", clientToken),
                JSON.getTypeFactory().constructType(new TypeReference<List<Identity>>() { }));
    }

    public SignResponse sign(String clientToken, SignRequest request) throws SigningServiceException {
        KeepAliveHttps.Answer answer;
        try {
            answer = signing.post(SIGN_PATH, clientToken, encode(request));
        } catch (IOException e) {
            throw notAnswered(e);
        }
        return read(answer.status(), answer.body(), JSON.constructType(SignResponse.class));
    }

    /**
     * Signs up to {@link SignBatchRequest#MAX_ITEMS} items in one round trip. A refused caller fails the whole
     * call; a refused item fails alone, in its {@link io.signingmanager.common.protocol.SignBatchResult}.
     */
    public SignBatchResponse signBatch(String clientToken, SignBatchRequest request) throws SigningServiceException {
        int items = request.items() == null ? 0 : request.items().size();
        HttpRequest call = post(request("api/v1/client/sign-batch", clientToken)
                .timeout(TIMEOUT.plus(BATCH_ITEM_TIME.multipliedBy(items))), request);
        return send(call, JSON.constructType(SignBatchResponse.class));
    }

    public WhoAmI whoami(String clientToken) throws SigningServiceException {
        return send(get("api/v1/client/whoami", clientToken), JSON.constructType(WhoAmI.class));
    }

    /** The Apple signing workflows this client's API key may fetch, each with its readiness. */
    public List<WorkflowSummary> workflows(String clientToken) throws SigningServiceException {
        return send(get("api/v1/client/workflows", clientToken),
                JSON.getTypeFactory().constructType(new TypeReference<List<WorkflowSummary>>() { }));
    }

    /**
     * The provisioning profiles and identities of the workflow of that name; a workflow that is not
     * ready is refused with {@code workflow_not_ready} and its {@link SigningServiceException#problems()}.
     */
    public SigningFiles signingFiles(String clientToken, String workflow) throws SigningServiceException {
        return send(get("api/v1/client/workflows/" + pathSegment(workflow) + "/signing-files", clientToken),
                JSON.constructType(SigningFiles.class));
    }

    /** A workflow's name as one path segment: names have spaces, and a slash must not make two segments. */
    private static String pathSegment(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private HttpRequest get(String path, String bearer) {
        return request(path, bearer).GET().build();
    }

    private HttpRequest post(String path, String bearer, Object body) throws SigningServiceException {
        return post(request(path, bearer), body);
    }

    private static HttpRequest post(HttpRequest.Builder request, Object body) throws SigningServiceException {
        return request.header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(encode(body)))
                .build();
    }

    private static byte[] encode(Object body) throws SigningServiceException {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw SigningServiceException.failed(Failure.BAD_ANSWER, 0, "Cannot encode the request", e);
        }
    }

    private HttpRequest.Builder request(String path, String bearer) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(baseUrl.resolve(path))
                .timeout(TIMEOUT)
                .header("Accept", "application/json");
        if (bearer != null) {
            builder.header("Authorization", "Bearer " + bearer);
        }
        return builder;
    }

    private <T> T send(HttpRequest request, JavaType answerType) throws SigningServiceException {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw notAnswered(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SigningServiceException.failed(Failure.UNREACHABLE, 0, "Interrupted", e);
        }
        return read(response.statusCode(), response.body(), answerType);
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
