package io.signingmanager.manager.provider;

import com.fasterxml.jackson.databind.JsonNode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signingmanager.common.crypto.Fingerprints;
import io.signingmanager.common.crypto.HashAlgorithm;
import io.signingmanager.common.protocol.SignContext;
import io.signingmanager.manager.agent.Agent;
import io.signingmanager.manager.agent.AgentSocket;
import io.signingmanager.manager.connection.Problem;
import io.signingmanager.manager.testing.RegisteredClientTest;
import io.signingmanager.service.testing.TestPki;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.Security;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The provider's KeyStore and Signatures against a real Signing Service, straight and through a real agent. */
class SigningManagerProviderTest extends RegisteredClientTest {
    private static final byte[] MESSAGE = "what a Java tool signs through the provider".getBytes(StandardCharsets.UTF_8);


    @Test
    void theKeyStoreHoldsTheIdentitiesByFingerprintWithTheirChains() throws Exception {
        KeyStore store = load(new ServiceRoute(manager));

        assertThat(Collections.list(store.aliases())).containsExactlyInAnyOrder(sha1(rsa), sha1(ec));
        assertThat(store.size()).isEqualTo(2);
        assertThat(store.isKeyEntry(sha1(ec))).isTrue();
        assertThat(store.getCertificateChain(sha1(ec))).containsExactly(ec.chain().toArray(new java.security.cert.Certificate[0]));
        assertThat(store.getCertificate(sha1(rsa).toLowerCase())).isEqualTo(rsa.leaf());
        assertThat(store.getCertificateAlias(ec.leaf())).isEqualTo(sha1(ec));
        assertThat(store.getKey(RSA_NAME, null)).as("a unique common name finds the key too")
                .isInstanceOf(RSAKey.class).isInstanceOf(RemotePrivateKey.class);
        assertThat(((RSAKey) store.getKey(sha1(rsa), null)).getModulus())
                .isEqualTo(((RSAPublicKey) rsa.leaf().getPublicKey()).getModulus());
        PrivateKey ecKey = (PrivateKey) store.getKey(sha1(ec), null);
        assertThat(ecKey).isInstanceOf(ECKey.class);
        assertThat(ecKey.getAlgorithm()).isEqualTo("EC");
        assertThat(ecKey.getEncoded()).as("no key material here").isNull();
        assertThat(store.getKey("00".repeat(20), null)).isNull();
    }

    @Test
    void everySignatureVerifiesWithTheJdkStraightToTheService() throws Exception {
        signAndVerifyEveryAlgorithm(new ServiceRoute(manager));
    }

    @Test
    void everySignatureVerifiesWithTheJdkThroughTheAgent() throws Exception {
        try (Agent agent = Agent.start(new AgentSocket.Location(home.agentSocket(), true), manager)) {
            AgentRoute route = new AgentRoute(home.agentSocket());
            assertThat(route.answers()).isTrue();
            signAndVerifyEveryAlgorithm(route);
        }
    }

    private void signAndVerifyEveryAlgorithm(SigningRoute route) throws Exception {
        SigningManagerProvider provider = new SigningManagerProvider(route);
        KeyStore store = load(route);
        PrivateKey rsaKey = (PrivateKey) store.getKey(sha1(rsa), null);
        PrivateKey ecKey = (PrivateKey) store.getKey(sha1(ec), null);
        for (String algorithm : List.of("SHA1withRSA", "SHA256withRSA", "SHA384withRSA", "SHA512withRSA")) {
            assertVerifies(provider, algorithm, null, rsaKey, rsa);
        }
        assertVerifies(provider, "RSASSA-PSS", new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1),
                rsaKey, rsa);
        assertVerifies(provider, "RSASSA-PSS", new PSSParameterSpec("SHA-512", "MGF1", MGF1ParameterSpec.SHA512, 64, 1),
                rsaKey, rsa);
        for (String algorithm : List.of("SHA256withECDSA", "SHA384withECDSA", "SHA512withECDSA")) {
            assertVerifies(provider, algorithm, null, ecKey, ec);
        }

        Signature raw = Signature.getInstance("NONEwithRSA", provider);
        raw.initSign(rsaKey);
        raw.update(HashAlgorithm.SHA256.digestInfo(HashAlgorithm.SHA256.digest(MESSAGE)));
        byte[] signature = raw.sign();
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(rsa.leaf());
        verifier.update(MESSAGE);
        assertThat(verifier.verify(signature)).as("NONEwithRSA over a DigestInfo is SHA256withRSA").isTrue();
    }

    private static void assertVerifies(SigningManagerProvider provider, String algorithm, AlgorithmParameterSpec parameters,
            PrivateKey key, TestPki.TestIdentity identity) throws Exception {
        Signature signer = Signature.getInstance(algorithm, provider);
        signer.initSign(key);
        if (parameters != null) {
            signer.setParameter(parameters);
        }
        for (byte b : MESSAGE) {
            signer.update(b);
        }
        byte[] signature = signer.sign();

        Signature verifier = Signature.getInstance(algorithm);
        if (parameters != null) {
            verifier.setParameter(parameters);
        }
        verifier.initVerify(identity.leaf());
        verifier.update(MESSAGE);
        assertThat(verifier.verify(signature)).as(algorithm + " with " + identity.leaf().getSubjectX500Principal()).isTrue();
    }

    @Test
    void aKeyWithAContextHasItsSignaturesAuditedWithIt() throws Exception {
        SigningManagerProvider provider = new SigningManagerProvider(new ServiceRoute(manager));
        RemotePrivateKey key = (RemotePrivateKey) load(new ServiceRoute(manager)).getKey(sha1(ec), null);
        String fileSha256 = HexFormat.of().formatHex(HashAlgorithm.SHA256.digest(MESSAGE));
        Signature signer = Signature.getInstance("SHA256withECDSA", provider);
        signer.initSign(key.withContext(new SignContext("provider-app.jar", fileSha256, "jar", "provider test")));
        signer.update(MESSAGE);
        signer.sign();

        JsonNode records = service.http.get("/api/v1/admin/audit?type=sign&limit=1000", service.adminToken()).json()
                .get("records");
        assertThat(records.findValues("context")).anySatisfy(recorded -> {
            assertThat(recorded.path("fileName").asText()).isEqualTo("provider-app.jar");
            assertThat(recorded.path("fileSha256").asText()).isEqualTo(fileSha256);
            assertThat(recorded.path("format").asText()).isEqualTo("jar");
        });
    }

    @Test
    void javaPicksTheProviderForItsKeysAndTheJdkForEverythingElse() throws Exception {
        SigningManagerProvider provider = new SigningManagerProvider(new ServiceRoute(manager));
        PrivateKey key = (PrivateKey) load(new ServiceRoute(manager)).getKey(sha1(rsa), null);
        Security.addProvider(provider);
        try {
            Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign(key);
            assertThat(signer.getProvider()).isSameAs(provider);
            signer.update(MESSAGE);
            byte[] signature = signer.sign();

            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(rsa.leaf());
            assertThat(verifier.getProvider().getName()).isNotEqualTo(SigningManagerProvider.NAME);
            verifier.update(MESSAGE);
            assertThat(verifier.verify(signature)).isTrue();
        } finally {
            Security.removeProvider(SigningManagerProvider.NAME);
        }
    }

    @Test
    void misuseIsRefusedInWords() throws Exception {
        SigningManagerProvider provider = new SigningManagerProvider(new ServiceRoute(manager));
        KeyStore store = load(new ServiceRoute(manager));
        PrivateKey ecKey = (PrivateKey) store.getKey(sha1(ec), null);

        assertThatThrownBy(() -> Signature.getInstance("SHA256withRSA", provider).initSign(ecKey))
                .isInstanceOf(InvalidKeyException.class).hasMessageContaining("remote RSA key");
        assertThatThrownBy(() -> Signature.getInstance("SHA256withRSA", provider).initSign(rsa.privateKey()))
                .isInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> Signature.getInstance("RSASSA-PSS", provider)
                .setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 20, 1)))
                .isInstanceOf(InvalidAlgorithmParameterException.class).hasMessageContaining("salt as long as the hash");
        assertThatThrownBy(() -> store.setKeyEntry("mine", rsa.privateKey(), null, new java.security.cert.Certificate[] {rsa.leaf()}))
                .isInstanceOf(KeyStoreException.class).hasMessageContaining("read-only");
        KeyStore withFile = KeyStore.getInstance(SigningManagerProvider.KEYSTORE_TYPE, provider);
        assertThatThrownBy(() -> withFile.load(new ByteArrayInputStream(new byte[10]), null))
                .isInstanceOf(IOException.class).hasMessageContaining("-keystore NONE");
    }

    @Test
    void anInactiveClientsSignatureFailsWithTheServicesReason() throws Exception {
        SigningManagerProvider provider = new SigningManagerProvider(new ServiceRoute(manager));
        PrivateKey key = (PrivateKey) load(new ServiceRoute(manager)).getKey(sha1(ec), null);
        service.http.patch("/api/v1/admin/clients/" + manager.settings().clientId(), service.adminToken(),
                Map.of("active", false));
        Signature signer = Signature.getInstance("SHA256withECDSA", provider);
        signer.initSign(key);
        signer.update(MESSAGE);

        assertThatThrownBy(signer::sign).isInstanceOf(SignatureException.class).hasMessageContaining("inactive")
                .hasCauseInstanceOf(Problem.class);
    }

    @Test
    void anAgentThatIsNotThereIsSaidSo() {
        Path nowhere = folder.resolve("no-agent.sock");
        AgentRoute route = new AgentRoute(nowhere);
        assertThat(route.answers()).isFalse();
        assertThatThrownBy(() -> load(route)).isInstanceOf(IOException.class)
                .hasMessageContaining("does not answer on " + nowhere).hasMessageContaining("signing-manager agent");
    }

    @Test
    void anAgentsErrorTextReachesTheJavaToolPrintable() throws Exception {
        // Something listening where the agent should, answering with terminal escapes and a flood.
        Path socket = folder.resolve("hostile.sock");
        try (ServerSocketChannel hostile = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            hostile.bind(UnixDomainSocketAddress.of(socket));
            Thread answering = new Thread(() -> {
                try (SocketChannel peer = hostile.accept()) {
                    new BufferedReader(new InputStreamReader(Channels.newInputStream(peer), StandardCharsets.UTF_8)).readLine();
                    String message = "inactive\u001b[2J\u001b]0;owned\u0007\r\n" + "x".repeat(5_000);
                    Channels.newOutputStream(peer).write(("ERR key_inactive "
                            + HexFormat.of().formatHex(message.getBytes(StandardCharsets.UTF_8)) + "\n").getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            answering.start();

            assertThatThrownBy(() -> load(new AgentRoute(socket))).isInstanceOf(IOException.class)
                    .hasMessageContaining("inactive\\u001b[2J\\u001b]0;owned\\u0007\\u000d\\u000a")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u001b", "\u0007", "\n").hasSizeLessThan(1_000));
            answering.join(10_000);
        }
    }

    static KeyStore load(SigningRoute route) throws Exception {
        KeyStore store = KeyStore.getInstance(SigningManagerProvider.KEYSTORE_TYPE, new SigningManagerProvider(route));
        store.load(null, null);
        return store;
    }

    static String sha1(TestPki.TestIdentity identity) {
        return Fingerprints.sha1(identity.leaf()).toUpperCase(java.util.Locale.ROOT);
    }
}
