package io.signingmanager.service.appstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.signingmanager.common.json.Json;
import io.signingmanager.common.protocol.ErrorCode;
import io.signingmanager.service.failure.Refusal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One call to App Store Connect: the key's token in {@code Authorization}, a 401 retried once with a
 * fresh token, answers of at most {@link #MAX_ANSWER} bytes within {@link #DEADLINE} (headers and body),
 * JSON read with Jackson, lists followed by {@code links.next} to the last page (only on Apple's own
 * host: our token goes nowhere else), and every answer marks the key as used.
 */
final class ConnectHttp {
    static final int MAX_ANSWER = 32 * 1024 * 1024;
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration DEADLINE = Duration.ofSeconds(60);
    /** 200 a page: far beyond any team's certificates, profiles or bundle IDs, and an end to a looping server. */
    static final int MAX_PAGES = 500;

    /** An answer: its status and its JSON ({@link NullNode} when empty). */
    record Answer(int status, JsonNode body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final URI baseUrl;
    private final ConnectTokens tokens;
    private final SealedConnectKeys keys;
    private final Clock clock;
    /** Made at the first call to Apple, not at start: building one loads the JDK's HTTP client and its trust store. */
    private HttpClient http;

    ConnectHttp(URI baseUrl, ConnectTokens tokens, SealedConnectKeys keys, Clock clock) {
        this.baseUrl = baseUrl;
        this.tokens = tokens;
        this.keys = keys;
        this.clock = clock;
    }

    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
        }
        return http;
    }

    /** A resource, or a refusal saying why Apple did not give it. */
    JsonNode get(String keyId, String what, String pathAndQuery) throws Refusal {
        return require(keyId, what, call(keyId, what, "GET", url(pathAndQuery), null));
    }

    /** Every item of a list, page after page. */
    List<JsonNode> list(String keyId, String what, String pathAndQuery) throws Refusal {
        List<JsonNode> items = new ArrayList<>();
        URI next = url(pathAndQuery);
        for (int page = 0; next != null; page++) {
            if (page == MAX_PAGES) {
                throw new Refusal(ErrorCode.APP_STORE_CONNECT, "App Store Connect kept sending pages (more than "
                        + MAX_PAGES + ") when the service tried to " + what);
            }
            JsonNode body = require(keyId, what, call(keyId, what, "GET", next, null));
            body.path("data").forEach(items::add);
            String link = body.path("links").path("next").asText(null);
            next = link == null || link.isEmpty() ? null : sameHost(link, what);
        }
        return items;
    }

    /** Any answer, for callers that treat some refusals (a 404) as an answer. */
    Answer call(String keyId, String what, String method, String pathAndQuery, JsonNode body) throws Refusal {
        return call(keyId, what, method, url(pathAndQuery), body);
    }

    /** The answer's body when it succeeded, else the refusal that says why not. */
    JsonNode require(String keyId, String what, Answer answer) throws Refusal {
        if (!answer.ok()) {
            throw AppleErrors.refusal(keys.get(keyId), what, answer.status(), answer.body());
        }
        return answer.body();
    }

    private Answer call(String keyId, String what, String method, URI url, JsonNode body) throws Refusal {
        Answer answer = send(keyId, what, method, url, body);
        if (answer.status() == 401) {
            // Apple answers 401 now and then to a good token; one retry with a fresh one tells a bad key.
            tokens.forget(keyId);
            answer = send(keyId, what, method, url, body);
        }
        if (answer.status() == 401) {
            tokens.forget(keyId);
        } else {
            keys.markUsed(keyId, clock.instant());
        }
        return answer;
    }

    private Answer send(String keyId, String what, String method, URI url, JsonNode body) throws Refusal {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(DEADLINE)
                .header("Authorization", "Bearer " + tokens.token(keyId))
                .header("Accept", "application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        }
        CompletableFuture<HttpResponse<byte[]>> pending = http().sendAsync(request.build(), info -> new CappedBody());
        HttpResponse<byte[]> response;
        try {
            response = pending.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw AppleErrors.unreachable(baseUrl.toString(), what, e);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw AppleErrors.unreachable(baseUrl.toString(), what,
                    new IOException("no whole answer within " + DEADLINE.toSeconds() + " seconds"));
        } catch (ExecutionException e) {
            Exception cause = e.getCause() instanceof Exception inner ? inner : e;
            throw AppleErrors.unreachable(baseUrl.toString(), what, cause);
        }
        return new Answer(response.statusCode(), parse(response, what));
    }

    private static JsonNode parse(HttpResponse<byte[]> response, String what) throws Refusal {
        byte[] bytes = response.body();
        if (bytes.length == 0) {
            return NullNode.getInstance();
        }
        try {
            return Json.mapper().readTree(bytes);
        } catch (IOException e) {
            if (response.statusCode() >= 300) {
                return NullNode.getInstance(); // a proxy's HTML error page: the status says enough
            }
            throw new Refusal(ErrorCode.APP_STORE_CONNECT, "App Store Connect's answer, when the service tried to "
                    + what + ", is not JSON (HTTP " + response.statusCode() + ")", e);
        }
    }

    private URI url(String pathAndQuery) {
        return URI.create(baseUrl + pathAndQuery);
    }

    /** A next-page link, only when it points at the API the service was set up with. */
    private URI sameHost(String link, String what) throws Refusal {
        URI next = baseUrl.resolve(link);
        if (!Objects.equals(next.getScheme(), baseUrl.getScheme()) || !Objects.equals(next.getHost(), baseUrl.getHost())
                || next.getPort() != baseUrl.getPort()) {
            throw new Refusal(ErrorCode.APP_STORE_CONNECT, "App Store Connect's next page, when the service tried to "
                    + what + ", is on another host; the service sends its tokens only to " + baseUrl);
        }
        return next;
    }

    /** Collects the body, failing once it passes {@link #MAX_ANSWER} bytes rather than holding more. */
    private static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                if (bytes.size() + buffer.remaining() > MAX_ANSWER) {
                    subscription.cancel();
                    result.completeExceptionally(new IOException("the answer is larger than "
                            + MAX_ANSWER / (1024 * 1024) + " MB"));
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable failure) {
            result.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            result.complete(bytes.toByteArray());
        }
    }
}
