package io.signingmanager.common.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.signingmanager.common.apple.Distribution;
import io.signingmanager.common.apple.IdentityRole;
import io.signingmanager.common.protocol.ErrorCode;
import io.signingmanager.common.protocol.SigningFiles;
import io.signingmanager.common.protocol.WorkflowSummary;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The workflow calls on the wire: the path and token they send, the records they read, and the
 * checklist a {@code workflow_not_ready} refusal carries. The service's own answers are tested
 * against the real service in client-fx; here a plain HTTP server answers as the protocol says.
 */
class SigningServiceClientWorkflowsTest {
    private HttpServer server;
    private final List<String> asked = new ArrayList<>();
    private int status;
    private String answer;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            asked.add(exchange.getRequestURI().getRawPath() + " " + exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private SigningServiceClient client() {
        return new SigningServiceClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), TlsTrust.system());
    }

    @Test
    void workflowsListsWhatTheServiceSent() throws Exception {
        status = 200;
        answer = "[{\"name\":\"MyApp release\",\"bundleId\":\"com.example.myapp\",\"distribution\":\"mac-app-store\","
                + "\"ready\":false,\"problems\":[\"No installer certificate.\"]}]";

        List<WorkflowSummary> workflows = client().workflows("token-1");

        assertThat(workflows).containsExactly(new WorkflowSummary("MyApp release", "com.example.myapp",
                Distribution.MAC_APP_STORE, false, List.of("No installer certificate.")));
        assertThat(asked).containsExactly("/api/v1/client/workflows Bearer token-1");
    }

    @Test
    void signingFilesAsksForTheNameAsOnePathSegment() throws Exception {
        status = 200;
        answer = "{\"workflow\":\"MyApp release/beta\",\"bundleId\":\"com.example.myapp\",\"distribution\":\"developer-id\","
                + "\"profiles\":[{\"uuid\":\"6F1C2A52-0D6B-4E4B-9F3E-2B7A4C1D9E01\",\"name\":\"MyApp\",\"bundleId\":"
                + "\"com.example.myapp\",\"expiresAt\":\"2027-01-01T00:00:00Z\",\"content\":\"AAE=\"}],"
                + "\"identities\":[{\"role\":\"application\",\"sha1\":\"AB\",\"commonName\":\"Developer ID Application: X (T1)\","
                + "\"type\":\"developer-id-application\",\"teamId\":\"T1\"}]}";

        SigningFiles files = client().signingFiles("token-2", "MyApp release/beta");

        assertThat(asked).containsExactly("/api/v1/client/workflows/MyApp%20release%2Fbeta/signing-files Bearer token-2");
        assertThat(files.distribution()).isEqualTo(Distribution.DEVELOPER_ID);
        assertThat(files.profiles()).singleElement().satisfies(profile -> assertThat(profile.content()).isEqualTo("AAE="));
        assertThat(files.identities()).singleElement().satisfies(identity ->
                assertThat(identity.role()).isEqualTo(IdentityRole.APPLICATION));
    }

    @Test
    void aWorkflowThatIsNotReadyIsRefusedWithItsChecklist() {
        status = 409;
        answer = "{\"error\":\"workflow_not_ready\",\"message\":\"The workflow is not ready\","
                + "\"problems\":[\"No installer certificate.\",null,\"The profile has expired.\"]}";

        assertThatThrownBy(() -> client().signingFiles("token", "MyApp")).isInstanceOfSatisfying(
                SigningServiceException.class, e -> {
                    assertThat(e.code()).contains(ErrorCode.WORKFLOW_NOT_READY);
                    assertThat(e.problems()).containsExactly("No installer certificate.", "The profile has expired.");
                });
    }

    @Test
    void otherRefusalsListNoProblems() {
        status = 403;
        answer = "{\"error\":\"key_inactive\",\"message\":\"The API key is inactive\"}";

        assertThatThrownBy(() -> client().workflows("token")).isInstanceOfSatisfying(SigningServiceException.class,
                e -> assertThat(e.problems()).isEmpty());
    }
}
