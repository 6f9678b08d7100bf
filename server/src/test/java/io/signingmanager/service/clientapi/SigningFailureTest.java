package io.signingmanager.service.clientapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.common.client.SigningServiceClient;
import io.signingmanager.common.client.SigningServiceException;
import io.signingmanager.common.crypto.HashAlgorithm;
import io.signingmanager.common.protocol.RegisterRequest;
import io.signingmanager.common.protocol.SignRequest;
import io.signingmanager.service.http.RouteHandler;
import io.signingmanager.service.storage.Sql;
import io.signingmanager.service.testing.TestPki;
import io.signingmanager.service.testing.TestService;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.eclipse.jetty.logging.JettyLogger;
import org.eclipse.jetty.logging.StdErrAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A signature the service fails to make: the caller gets `internal` in words, the log gets the cause once. */
class SigningFailureTest {
    private TestService service;
    private StdErrAppender appender;
    private PrintStream stderr;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @BeforeEach
    void start() {
        service = TestService.start();
        appender = (StdErrAppender) ((JettyLogger) LoggerFactory.getLogger(RouteHandler.class)).getAppender();
        stderr = appender.getStream();
        appender.setStream(new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        appender.setStream(stderr);
        service.close();
    }

    @Test
    void aSigningFailureAnswersInternalAndLogsItsCauseOnce() throws Exception {
        TestPki.TestIdentity rsa = TestPki.rsa(2048, "Broken key");
        String id = service.importP12(rsa.p12("pw"), "pw").get("id").asText();
        JsonNode key = service.createApiKey("ci");
        SigningServiceClient client = service.protocolClient();
        String token = client.register(key.get("key").asText(), new RegisterRequest("build-1", "Linux", "1.0"))
                .clientToken();
        // The row now says EC while the sealed key is RSA: the JDK refuses to make an EC key of it.
        service.service.database().transaction(c -> Sql.update(c, "UPDATE certificates SET key_type = 'EC' WHERE id = ?", id));

        byte[] digest = HashAlgorithm.SHA256.digest("data".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> client.sign(token, new SignRequest(rsa.sha1(), "ECDSA_SHA256",
                Base64.getEncoder().encodeToString(digest), null)))
                .isInstanceOfSatisfying(SigningServiceException.class, e -> {
                    assertThat(e.error()).isEqualTo("internal");
                    assertThat(e.getMessage()).contains("Signing failed");
                });

        String logged = log.toString(StandardCharsets.UTF_8);
        assertThat(logged).containsOnlyOnce("POST /api/v1/client/sign failed: Signing failed");
        assertThat(logged).containsOnlyOnce("java.security.spec.InvalidKeySpecException");
        assertThat(logged).doesNotContain(token).doesNotContain(key.get("key").asText());
    }
}
