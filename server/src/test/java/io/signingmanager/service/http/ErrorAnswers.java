package io.signingmanager.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.service.testing.Http;
import java.util.ArrayList;
import java.util.List;

/** What every refusal of the JSON API looks like: the error JSON in words, the security headers, no stack trace. */
final class ErrorAnswers {
    private ErrorAnswers() {
    }

    static void assertErrorAnswer(Http.Answer answer, int status, String code) {
        String text = answer.text();
        assertThat(answer.status()).as(text).isEqualTo(status);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        JsonNode body = answer.json();
        assertThat(body.isObject()).isTrue();
        List<String> fields = new ArrayList<>();
        body.fieldNames().forEachRemaining(fields::add);
        // workflow_not_ready alone adds the problems to fix.
        if (code.equals("workflow_not_ready")) {
            assertThat(fields).containsExactlyInAnyOrder("error", "message", "problems");
            assertThat(body.get("problems")).isNotEmpty();
        } else {
            assertThat(fields).containsExactlyInAnyOrder("error", "message");
        }
        assertThat(body.get("error").asText()).isEqualTo(code);
        assertThat(body.get("message").asText()).isNotBlank();
        assertThat(text).doesNotContain("Exception", "at io.", "at org.", "at java.", "\tat ");
        assertSecurityHeaders(answer);
    }

    static void assertSecurityHeaders(Http.Answer answer) {
        assertThat(answer.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(answer.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(answer.header("Content-Security-Policy")).contains("default-src 'self'", "frame-ancestors 'none'");
        assertThat(answer.header("Strict-Transport-Security")).startsWith("max-age=");
        assertThat(answer.header("Cache-Control")).isEqualTo("no-store");
    }
}
