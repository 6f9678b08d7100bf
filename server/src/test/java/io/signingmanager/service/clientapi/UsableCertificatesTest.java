package io.signingmanager.service.clientapi;

import static io.signingmanager.service.testing.TestService.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.common.protocol.ErrorCode;
import io.signingmanager.service.audit.AuditEntry;
import io.signingmanager.service.audit.RequestType;
import io.signingmanager.service.certificates.CertificateRepository;
import io.signingmanager.service.clients.ClientRepository;
import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.testing.RunningService;
import io.signingmanager.service.testing.TestPki;
import io.signingmanager.service.testing.TestService;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A call's certificates read once for all its items, and read again by the next call, in the service's database. */
class UsableCertificatesTest {
    @RunningService
    private static TestService service;

    @Test
    void theItemsOfOneCallShareOneReadAndTheNextCallReadsAgain() throws Exception {
        JsonNode key = service.createApiKey("usable");
        String other = service.createApiKey("not the caller").get("id").asText();
        TestPki.TestIdentity identity = TestPki.ec("secp256r1", "Usable EC");
        String id = service.importP12(identity.p12("pw"), "pw").get("id").asText();
        ClientRepository.Caller caller = new ClientRepository.Caller("client", "host", true, key.get("id").asText(),
                "usable", true, Instant.now());

        UsableCertificates call = new UsableCertificates(service.service.database(), new CertificateRepository(), caller);
        AuditTrail first = trail();
        assertThat(call.require(identity.sha1(), first).id()).isEqualTo(id);
        assertThat(first.entry().certificate()).isEqualTo(new AuditEntry.Party(identity.sha1(), "Usable EC"));

        // Withdrawn between two items of one call: the call signs with what its one read found...
        expect(service.http.put("/api/v1/admin/certificates/" + id + "/authorized-keys", service.adminToken(),
                Map.of("all", false, "apiKeyIds", List.of(other))), 200);
        AuditTrail second = trail();
        assertThat(call.require(identity.sha1(), second).id()).isEqualTo(id);
        assertThat(second.entry().certificate()).isEqualTo(first.entry().certificate());

        // ...and the next call reads again, and is refused, still naming the certificate in its record.
        UsableCertificates next = new UsableCertificates(service.service.database(), new CertificateRepository(), caller);
        AuditTrail refused = trail();
        assertThatThrownBy(() -> next.require(identity.sha1(), refused)).isInstanceOf(Refusal.class)
                .satisfies(e -> assertThat(((Refusal) e).code()).isEqualTo(ErrorCode.NOT_AUTHORIZED));
        assertThat(refused.entry().certificate()).isEqualTo(first.entry().certificate());
        AuditTrail refusedAgain = trail();
        assertThatThrownBy(() -> next.require(identity.sha1(), refusedAgain)).isInstanceOf(Refusal.class)
                .satisfies(e -> assertThat(((Refusal) e).code()).isEqualTo(ErrorCode.NOT_AUTHORIZED));

        AuditTrail unknown = trail();
        assertThatThrownBy(() -> next.require("0".repeat(40), unknown)).isInstanceOf(Refusal.class)
                .satisfies(e -> assertThat(((Refusal) e).code()).isEqualTo(ErrorCode.UNKNOWN_CERTIFICATE));
        assertThat(unknown.entry().certificate().name()).isNull();
    }

    private static AuditTrail trail() {
        return new AuditTrail(AuditEntry.of(RequestType.SIGN, "127.0.0.1"));
    }
}
