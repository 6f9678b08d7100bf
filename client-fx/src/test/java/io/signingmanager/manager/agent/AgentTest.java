package io.signingmanager.manager.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.common.crypto.HashAlgorithm;
import io.signingmanager.manager.connection.Manager;
import io.signingmanager.manager.home.ManagerHome;
import io.signingmanager.manager.settings.Settings;
import io.signingmanager.manager.settings.SettingsStore;
import io.signingmanager.service.testing.RunningService;
import io.signingmanager.service.testing.TestPki;
import io.signingmanager.service.testing.TestService;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent on a temporary socket, against a real Signing Service with an RSA and an EC identity. */
class AgentTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] MESSAGE = "what a build signs".getBytes(StandardCharsets.UTF_8);
    @RunningService
    private static TestService service;
    private static TestPki.TestIdentity rsa;
    private static TestPki.TestIdentity ec;
    private static TestPki.TestIdentity ec384;

    @TempDir
    Path folder;
    private Manager manager;
    private Path socket;
    private Agent agent;

    @BeforeAll
    static void importIdentities() {
        rsa = TestPki.rsa(2048, "Agent RSA");
        ec = TestPki.issuedByCa("Agent EC", TestPki.ecKeys("secp256r1"));
        ec384 = TestPki.ec("secp384r1", "Agent EC 384");
        AgentFixture.importAll(service, rsa, ec, ec384);
    }

    @BeforeEach
    void startAgent() throws Exception {
        ManagerHome home = AgentFixture.home(folder);
        manager = AgentFixture.registered(home, service, "agent " + folder.getFileName());
        socket = home.agentSocket();
        agent = Agent.start(new AgentSocket.Location(socket, true), manager);
    }

    @AfterEach
    void stopAgent() throws Exception {
        agent.close();
    }

    @Test
    void helloAnswersTheProtocolVersion() throws Exception {
        try (AgentClient client = new AgentClient(socket)) {
            assertThat(client.ask("HELLO 1")).isEqualTo("OK 1");
            assertThat(client.ask("HELLO 2")).startsWith("ERR bad_request ");
        }
    }

    @Test
    void listGivesWhatTheJdkReadsFromEachCertificate() throws Exception {
        Map<String, Map<String, String>> blocks;
        try (AgentClient client = new AgentClient(socket)) {
            blocks = blocks(client.list());
        }
        assertThat(blocks).containsOnlyKeys(sha1(rsa), sha1(ec), sha1(ec384));

        String[] rsaKey = keyOf(blocks, rsa, "Agent RSA");
        assertThat(rsaKey).hasSize(4).startsWith("RSA", "2048");
        assertThat(rsaKey[2]).doesNotStartWith("00").hasSize(512);
        assertThat(new BigInteger(1, HEX.parseHex(rsaKey[2]))).isEqualTo(((RSAPublicKey) rsa.leaf().getPublicKey()).getModulus());
        assertThat(rsaKey[3]).isEqualTo("010001");
        assertThat(blocks.get(sha1(rsa))).doesNotContainKey("CA");

        assertThat(keyOf(blocks, ec, "Agent EC")).as("P-256: its OID, then X and Y of 32 bytes")
                .containsExactly("EC", "256", "06082a8648ce3d030107", "0441" + point(ec, 64));
        assertThat(keyOf(blocks, ec384, "Agent EC 384")).as("P-384: its OID, then X and Y of 48 bytes")
                .containsExactly("EC", "384", "06052b81040022", "0461" + point(ec384, 96));
        X509Certificate ca = ec.chain().get(1);
        assertThat(blocks.get(sha1(ec)).get("CA")).isEqualTo(String.join(" ", HEX.formatHex(ca.getEncoded()),
                HEX.formatHex(ca.getSubjectX500Principal().getEncoded()), HEX.formatHex(ca.getIssuerX500Principal().getEncoded()),
                serial(ca)));
    }

    @Test
    void signsWithEachAlgorithmAndTheJdkVerifiesTheSignature() throws Exception {
        byte[] digest = HashAlgorithm.SHA256.digest(MESSAGE);
        try (AgentClient client = new AgentClient(socket)) {
            assertThat(verifies("SHA256withRSA", rsa.leaf().getPublicKey(),
                    signature(client.ask("SIGN " + rsa.sha1() + " RSA_PKCS1_SHA256 " + HEX.formatHex(digest))))).isTrue();
            byte[] digestInfo = HashAlgorithm.SHA256.digestInfo(digest);
            assertThat(verifies("SHA256withRSA", rsa.leaf().getPublicKey(),
                    signature(client.ask("SIGN " + rsa.sha1() + " RSA_PKCS1_RAW " + HEX.formatHex(digestInfo))))).isTrue();
            Signature pss = Signature.getInstance("RSASSA-PSS");
            pss.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
            byte[] pssSignature = signature(client.ask("SIGN " + sha1(rsa) + " RSA_PSS_SHA256 " + HEX.formatHex(digest)));
            assertThat(verifies(pss, rsa.leaf().getPublicKey(), pssSignature)).isTrue();
            assertThat(verifies("SHA256withECDSA", ec.leaf().getPublicKey(),
                    signature(client.ask("SIGN " + ec.sha1() + " ECDSA_SHA256 " + HEX.formatHex(digest))))).isTrue();
        }
    }

    @Test
    void theContextIsRecordedInTheAudit() throws Exception {
        String context = "{\"fileName\":\"agent-app.exe\",\"format\":\"authenticode\",\"note\":\"agent test\"}";
        try (AgentClient client = new AgentClient(socket)) {
            String answer = client.ask("SIGN " + sha1(ec) + " ECDSA_SHA256 " + HEX.formatHex(HashAlgorithm.SHA256.digest(MESSAGE))
                    + " " + HEX.formatHex(context.getBytes(StandardCharsets.UTF_8)));
            assertThat(answer).startsWith("OK ");
        }
        JsonNode records = service.http.get("/api/v1/admin/audit?type=sign&limit=1000", service.adminToken()).json()
                .get("records");
        assertThat(records.findValues("context")).anySatisfy(recorded -> {
            assertThat(recorded.path("fileName").asText()).isEqualTo("agent-app.exe");
            assertThat(recorded.path("format").asText()).isEqualTo("authenticode");
            assertThat(recorded.path("note").asText()).isEqualTo("agent test");
        });
    }

    @Test
    void refusalsCarryTheServicesCodeAndAMessage() throws Exception {
        try (AgentClient client = new AgentClient(socket)) {
            String unknown = client.ask("SIGN " + "ab".repeat(20) + " ECDSA_SHA256 " + HEX.formatHex(new byte[32]));
            assertThat(unknown).startsWith("ERR unknown_certificate ");
            assertThat(message(unknown)).contains("Refresh the list");

            String clientId = manager.settings().clientId();
            service.http.patch("/api/v1/admin/clients/" + clientId, service.adminToken(), Map.of("active", false));
            String inactive = client.ask("SIGN " + sha1(ec) + " ECDSA_SHA256 " + HEX.formatHex(new byte[32]));
            assertThat(inactive).startsWith("ERR client_inactive ");
            assertThat(message(inactive)).contains("Clients page");
        }
    }

    @Test
    void aLineTheAgentCannotParseIsABadRequestAndTheConnectionServesTheNext() throws Exception {
        try (AgentClient client = new AgentClient(socket)) {
            assertThat(client.ask("garbage \u00e9 line")).startsWith("ERR bad_request ");
            assertThat(client.ask("SIGN " + sha1(ec) + " ECDSA_SHA256 not-hex")).startsWith("ERR bad_request ");
            assertThat(client.ask("SIGN " + sha1(ec) + " ECDSA_SHA256 00 " + HEX.formatHex("not json".getBytes(StandardCharsets.UTF_8))))
                    .startsWith("ERR bad_request ");
            assertThat(client.ask("X".repeat(RequestLines.MAX_LINE + 10))).startsWith("ERR bad_request ");
            assertThat(client.ask("HELLO 1")).isEqualTo("OK 1");
        }
    }

    @Test
    void whenEveryConnectionIsAnsweringTheNextIsToldTheAgentIsBusy() throws Exception {
        // A service that takes the connection and never answers keeps each SIGN answering.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new ArrayList<>();
            Thread taker = new Thread(() -> {
                try {
                    while (true) {
                        Socket socket = silent.accept();
                        synchronized (held) {
                            held.add(socket);
                        }
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            taker.start();
            SettingsStore store = new SettingsStore(AgentFixture.home(folder).settingsFile());
            Settings registered = store.load();
            store.save(new Settings(URI.create("http://127.0.0.1:" + silent.getLocalPort()), false, null, false,
                    registered.clientId()));
            String sign = "SIGN " + sha1(ec) + " ECDSA_SHA256 " + HEX.formatHex(new byte[32]);
            try (Agent small = Agent.start(new AgentSocket.Location(folder.resolve("small.sock"), false), manager,
                    new Agent.Limits(2, Duration.ofMinutes(5)));
                    AgentClient first = new AgentClient(small.socket()); AgentClient second = new AgentClient(small.socket())) {
                first.send(sign + "\n");
                second.send(sign + "\n");
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while ((heldCount(held) < 1 || small.answering() < 2) && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                // At least one waits at the service; the other may wait for the next batch (SignBatcher).
                assertThat(heldCount(held)).as("a signature waits for the service").isPositive();
                assertThat(small.answering()).as("both connections are answering").isEqualTo(2);

                try (AgentClient beyond = new AgentClient(small.socket())) {
                    assertThat(assertTimeoutPreemptively(Duration.ofSeconds(10), beyond::next)).startsWith("ERR busy ");
                }
                silent.close();
                taker.join(); // every connection it accepted before the close is in held now
                synchronized (held) {
                    for (Socket socket : held) {
                        socket.close();
                    }
                }
                assertThat(assertTimeoutPreemptively(Duration.ofSeconds(10), first::next)).startsWith("ERR ");
                assertThat(assertTimeoutPreemptively(Duration.ofSeconds(10), second::next)).startsWith("ERR ");
            } finally {
                store.save(registered);
            }
        }
    }

    private static int heldCount(List<Socket> held) {
        synchronized (held) {
            return held.size();
        }
    }

    @Test
    void aStoppedServiceIsUnreachable(@TempDir Path otherFolder) throws Exception {
        ManagerHome home = AgentFixture.home(otherFolder);
        Manager stranded;
        try (TestService stopping = TestService.start()) {
            stranded = AgentFixture.registered(home, stopping, "agent unreachable");
        }
        try (Agent other = Agent.start(AgentSocket.Location.of(Map.of(), home), stranded); AgentClient client = new AgentClient(other.socket())) {
            String answer = client.ask("SIGN " + sha1(ec) + " ECDSA_SHA256 " + HEX.formatHex(new byte[32]));
            assertThat(answer).startsWith("ERR unreachable ");
            assertThat(message(answer)).contains("cannot be reached");
            assertThat(client.ask("LIST")).startsWith("ERR unreachable ");
        }
    }

    @Test
    void theSocketIsOwnerOnlyAndRemovedOnClose() throws Exception {
        assertThat(Files.getPosixFilePermissions(socket)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(socket.getParent())).isEqualTo(PosixFilePermissions.fromString("rwx------"));

        agent.close();

        assertThat(socket).doesNotExist();
    }

    @Test
    void closingAgainLeavesTheSocketOfTheNextAgentAlone() throws Exception {
        agent.close();
        try (Agent next = Agent.start(new AgentSocket.Location(socket, true), manager)) {
            agent.close();

            try (AgentClient client = new AgentClient(socket)) {
                assertThat(client.ask("HELLO 1")).isEqualTo("OK 1");
            }
        }
    }

    @Test
    void aSecondAgentIsRefusedWhileTheFirstRuns() throws Exception {
        assertThatThrownBy(() -> Agent.start(new AgentSocket.Location(socket, true), manager)).isInstanceOf(AgentSocket.TakenException.class)
                .hasMessageContaining("already listening on " + socket);

        try (AgentClient client = new AgentClient(socket)) {
            assertThat(client.ask("HELLO 1")).isEqualTo("OK 1");
        }
    }

    @Test
    void theSocketOfADeadAgentIsReplaced(@TempDir Path otherFolder) throws Exception {
        Path stale = otherFolder.resolve("stale.sock");
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(stale));
        }
        assertThat(stale).exists();

        try (Agent replacing = Agent.start(new AgentSocket.Location(stale, false), manager); AgentClient client = new AgentClient(stale)) {
            assertThat(client.ask("HELLO 1")).isEqualTo("OK 1");
        }
    }

    static String sha1(TestPki.TestIdentity identity) {
        return identity.sha1().toLowerCase(Locale.ROOT);
    }

    /** Each identity's lines by their first word, under the identity's SHA-1. */
    private static Map<String, Map<String, String>> blocks(List<String> lines) {
        Map<String, Map<String, String>> blocks = new HashMap<>();
        Map<String, String> block = null;
        for (String line : lines) {
            String[] field = line.split(" ", 2);
            if (field[0].equals("IDENTITY")) {
                block = new HashMap<>();
                blocks.put(field[1], block);
            } else {
                assertThat(block.put(field[0], field[1])).as("one " + field[0] + " line").isNull();
            }
        }
        return blocks;
    }

    /** The KEY line's fields of an identity, once the certificate's own fields are checked. */
    private static String[] keyOf(Map<String, Map<String, String>> blocks, TestPki.TestIdentity identity, String commonName)
            throws Exception {
        Map<String, String> block = blocks.get(sha1(identity));
        X509Certificate leaf = identity.leaf();
        assertThat(block.get("LABEL")).isEqualTo(HEX.formatHex(commonName.getBytes(StandardCharsets.UTF_8)));
        assertThat(block.get("CERT")).isEqualTo(HEX.formatHex(leaf.getEncoded()));
        assertThat(block.get("SUBJECT")).isEqualTo(HEX.formatHex(leaf.getSubjectX500Principal().getEncoded()));
        assertThat(block.get("ISSUER")).isEqualTo(HEX.formatHex(leaf.getIssuerX500Principal().getEncoded()));
        assertThat(block.get("SERIAL")).isEqualTo(serial(leaf));
        return block.get("KEY").split(" ");
    }

    /** The DER INTEGER of the serial, made here by hand: tag 2, short length, two's complement. */
    private static String serial(X509Certificate certificate) {
        byte[] value = certificate.getSerialNumber().toByteArray();
        return String.format("02%02x", value.length) + HEX.formatHex(value);
    }

    /** The uncompressed point of an EC identity, X and Y left-padded to {@code digits} hex digits each. */
    private static String point(TestPki.TestIdentity identity, int digits) {
        ECPublicKey key = (ECPublicKey) identity.leaf().getPublicKey();
        String format = "%0" + digits + "x";
        return "04" + String.format(format, key.getW().getAffineX()) + String.format(format, key.getW().getAffineY());
    }

    private static byte[] signature(String answer) {
        assertThat(answer).startsWith("OK ");
        return HEX.parseHex(answer.substring(3));
    }

    private static String message(String errorAnswer) {
        return new String(HEX.parseHex(errorAnswer.split(" ")[2]), StandardCharsets.UTF_8);
    }

    private static boolean verifies(String algorithm, PublicKey key, byte[] signature) throws Exception {
        return verifies(Signature.getInstance(algorithm), key, signature);
    }

    private static boolean verifies(Signature verifier, PublicKey key, byte[] signature) throws Exception {
        verifier.initVerify(key);
        verifier.update(MESSAGE);
        return verifier.verify(signature);
    }
}
