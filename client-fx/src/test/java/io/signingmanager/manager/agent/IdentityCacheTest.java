package io.signingmanager.manager.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.signingmanager.manager.connection.Manager;
import io.signingmanager.service.testing.MutableClock;
import io.signingmanager.service.testing.RunningService;
import io.signingmanager.service.testing.TestPki;
import io.signingmanager.service.testing.TestService;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent lists from its cache for a minute, and anew after a signature named an unknown certificate. */
class IdentityCacheTest {
    private static final String P12_PASSWORD = "p12 password";

    @TempDir
    Path folder;
    @RunningService
    private TestService service;
    private Manager manager;
    private final MutableClock clock = new MutableClock();

    @BeforeEach
    void register() throws Exception {
        AgentFixture.importAll(service, TestPki.ec("secp256r1", "First"));
        manager = AgentFixture.registered(AgentFixture.home(folder), service, "cache");
    }

    private void importAnother() {
        service.importP12(TestPki.ec("secp256r1", "Second").p12(P12_PASSWORD), P12_PASSWORD);
    }

    @Test
    void theListIsAskedForAgainOnceAMinuteOld() throws Exception {
        IdentityCache cache = new IdentityCache(manager, clock);
        assertThat(cache.identities()).hasSize(1);
        importAnother();

        // The clock also follows real time: half a minute leaves room for a slow machine.
        clock.advance(IdentityCache.MAX_AGE.dividedBy(2));
        assertThat(cache.identities()).hasSize(1);
        clock.advance(IdentityCache.MAX_AGE.dividedBy(2).plus(Duration.ofSeconds(1)));
        assertThat(cache.identities()).hasSize(2);
    }

    @Test
    void aSignatureWithAnUnknownCertificateMakesTheNextListFresh() {
        AgentProtocol protocol = new AgentProtocol(manager, new IdentityCache(manager, clock));
        assertThat(protocol.answer("LIST")).startsWith("OK 1\n");
        importAnother();
        assertThat(protocol.answer("LIST")).startsWith("OK 1\n");

        assertThat(protocol.answer("SIGN " + "cd".repeat(20) + " ECDSA_SHA256 " + "00".repeat(32)))
                .startsWith("ERR unknown_certificate ");

        assertThat(protocol.answer("LIST")).startsWith("OK 2\n");
    }
}
