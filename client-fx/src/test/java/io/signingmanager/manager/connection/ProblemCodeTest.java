package io.signingmanager.manager.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.signingmanager.common.client.SigningServiceException;
import io.signingmanager.common.client.SigningServiceException.Failure;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** A failed call becomes one code and one kind, decided on the protocol's types, never on strings. */
class ProblemCodeTest {
    private static final URI SERVICE = URI.create("https://signing.example:3000");

    @Test
    void theServicesRefusalsTheAgentNamesKeepTheirCode() {
        Problem inactive = Problems.ofClientCall(SigningServiceException.refused(403, "key_inactive", "The API key is inactive"),
                SERVICE);

        assertThat(inactive.code()).isEqualTo(ProblemCode.KEY_INACTIVE);
        assertThat(inactive.kind()).isEqualTo(Problem.Kind.REFUSED);
        assertThat(inactive.advice()).contains("API Keys page");
        assertThat(Problems.ofClientCall(SigningServiceException.refused(404, "unknown_certificate", "No such"), SERVICE)
                .code()).isEqualTo(ProblemCode.UNKNOWN_CERTIFICATE);
    }

    @Test
    void otherRefusalsAndCodesFromANewerServiceAreTheServices() {
        for (String code : new String[] {"storage_unavailable", "internal", "from_a_newer_service", "KEY_INACTIVE"}) {
            Problem problem = Problems.ofClientCall(SigningServiceException.refused(503, code, "Try later"), SERVICE);
            assertThat(problem.code()).as(code).isEqualTo(ProblemCode.SERVICE);
            assertThat(problem.kind()).as(code).isEqualTo(Problem.Kind.SERVICE);
            assertThat(problem.getMessage()).isEqualTo("The Signing Service refused: Try later");
        }
    }

    @Test
    void failuresWithoutARefusalSayWhatFailed() {
        assertThat(Problems.ofClientCall(SigningServiceException.failed(Failure.UNREACHABLE, 0, "Connection refused", null),
                SERVICE).code()).isEqualTo(ProblemCode.UNREACHABLE);
        assertThat(Problems.ofClientCall(SigningServiceException.failed(Failure.BAD_ANSWER, 200, "Not JSON", null),
                SERVICE).code()).isEqualTo(ProblemCode.BAD_ANSWER);
        assertThat(new Problem(Problem.Kind.NOT_CONFIGURED, "Not set up.", "Set it up.", null).code())
                .isEqualTo(ProblemCode.NOT_CONFIGURED);
    }
}
