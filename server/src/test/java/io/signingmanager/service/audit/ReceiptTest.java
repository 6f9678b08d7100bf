package io.signingmanager.service.audit;

import static io.signingmanager.service.testing.TestService.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.common.crypto.HashAlgorithm;
import io.signingmanager.common.json.Json;
import io.signingmanager.common.tlog.Checkpoint;
import io.signingmanager.common.tlog.MerkleHash;
import io.signingmanager.common.tlog.MerkleProofs;
import io.signingmanager.common.tlog.NoteVerifierKey;
import io.signingmanager.common.tlog.Receipt;
import io.signingmanager.service.testing.RunningService;
import io.signingmanager.service.testing.TestPki;
import io.signingmanager.service.testing.TestService;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Receipts over real HTTP: a sign answer and each signed item of a batch carry one that holds offline with the
 * key {@code GET /api/v1/log/key} serves; its leaf names what was signed; the proofs the log serves lead from
 * each receipt's checkpoint to the latest.
 */
class ReceiptTest {
    @RunningService
    private TestService service;
    private TestPki.TestIdentity ec;
    private String clientToken;
    private NoteVerifierKey key;

    @BeforeEach
    void start() {
        ec = TestPki.ec("secp256r1", "Receipt EC");
        service.importP12(ec.p12("pw"), "pw");
        clientToken = service.registerClient(service.createApiKey("receipts").get("key").asText(), "receipt-host")
                .get("clientToken").asText();
        String vkey = expect(service.http.get("/api/v1/log/key", null), 200).text();
        assertThat(vkey).endsWith("\n");
        key = NoteVerifierKey.parse(vkey.strip()).orElseThrow();
    }

    @Test
    void aSignAnswerCarriesAReceiptNamingWhatWasSigned() throws Exception {
        byte[] digest = HashAlgorithm.SHA256.digest(new byte[] {7});
        String fileSha256 = "ab".repeat(32);
        JsonNode answer = expect(service.http.post("/api/v1/client/sign", clientToken, Map.of("sha1", ec.sha1(),
                "algorithm", "ECDSA_SHA256", "data", Base64.getEncoder().encodeToString(digest),
                "context", Map.of("fileName", "app.exe", "fileSha256", fileSha256))), 200).json();
        Receipt receipt = Json.mapper().treeToValue(answer.get("receipt"), Receipt.class);

        assertThat(receipt.problem(key)).isEmpty();
        JsonNode leaf = Json.mapper().readTree(receipt.leafData().orElseThrow());
        assertThat(leaf.get("requestType").asText()).isEqualTo("sign");
        assertThat(leaf.get("status").asText()).isEqualTo("success");
        assertThat(leaf.get("algorithm").asText()).isEqualTo("ECDSA_SHA256");
        assertThat(leaf.get("signedDigest").asText()).isEqualTo(Base64.getEncoder().encodeToString(digest));
        assertThat(leaf.get("certificateSha256").asText()).isEqualTo(HexFormat.of().formatHex(
                HashAlgorithm.SHA256.digest(ec.leaf().getEncoded())));
        byte[] signature = Base64.getDecoder().decode(answer.get("signature").asText());
        assertThat(leaf.get("signatureSha256").asText())
                .isEqualTo(HexFormat.of().formatHex(HashAlgorithm.SHA256.digest(signature)));
        assertThat(leaf.get("context").get("fileSha256").asText()).isEqualTo(fileSha256);

        // The audit shows the same record, with the leaf hash as its hash.
        JsonNode record = expect(service.http.get("/api/v1/admin/audit?limit=1&type=sign", service.adminToken()), 200)
                .json().get("records").get(0);
        assertThat(record.get("id").asLong()).isEqualTo(leaf.get("id").asLong());
        assertThat(record.get("hash").asText()).isEqualTo(HexFormat.of().formatHex(
                MerkleHash.leaf(receipt.leafData().orElseThrow())));

        // A changed leaf, or another key, does not hold.
        byte[] changed = receipt.leafData().orElseThrow();
        changed[changed.length - 3] ^= 1;
        assertThat(new Receipt(receipt.index(), Base64.getEncoder().encodeToString(changed), receipt.checkpoint(),
                receipt.inclusionProof()).problem(key)).hasValueSatisfying(p -> assertThat(p).contains("inclusion proof"));
        NoteVerifierKey other = new NoteVerifierKey(key.name(), new byte[32]);
        assertThat(receipt.problem(other)).hasValueSatisfying(p -> assertThat(p).contains("not signed"));
    }

    @Test
    void theLongestDataSignedRawWithA4096BitKeyIsInTheLeafWhole() throws Exception {
        TestPki.TestIdentity rsa = TestPki.rsa(4096, "Receipt RSA 4096");
        service.importP12(rsa.p12("pw"), "pw");
        String authorized = service.registerClient(service.createApiKey("raw receipts").get("key").asText(), "raw-host")
                .get("clientToken").asText();
        byte[] data = new byte[501];
        java.util.Arrays.fill(data, (byte) 0x5a);
        JsonNode answer = expect(service.http.post("/api/v1/client/sign", authorized, Map.of("sha1", rsa.sha1(),
                "algorithm", "RSA_PKCS1_RAW", "data", Base64.getEncoder().encodeToString(data))), 200).json();
        Receipt receipt = Json.mapper().treeToValue(answer.get("receipt"), Receipt.class);
        assertThat(receipt.problem(key)).isEmpty();
        assertThat(Json.mapper().readTree(receipt.leafData().orElseThrow()).get("signedDigest").asText())
                .isEqualTo(Base64.getEncoder().encodeToString(data));
    }

    @Test
    void eachSignedItemOfABatchCarriesItsReceiptAndTheLatestCheckpointExtendsThemAll() {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            items.add(Map.of("sha1", ec.sha1(), "algorithm", "ECDSA_SHA256",
                    "data", Base64.getEncoder().encodeToString(HashAlgorithm.SHA256.digest(new byte[] {(byte) i}))));
        }
        items.add(2, Map.of("sha1", "0".repeat(40), "algorithm", "ECDSA_SHA256",
                "data", Base64.getEncoder().encodeToString(new byte[32])));
        JsonNode results = expect(service.http.post("/api/v1/client/sign-batch", clientToken, Map.of("items", items)), 200)
                .json().get("results");

        List<Receipt> receipts = new ArrayList<>();
        for (JsonNode result : results) {
            if (result.has("error")) {
                assertThat(result.has("receipt")).isFalse();
                continue;
            }
            Receipt receipt = Json.mapper().convertValue(result.get("receipt"), Receipt.class);
            assertThat(receipt.problem(key)).isEmpty();
            receipts.add(receipt);
        }
        assertThat(receipts).hasSize(5);
        assertThat(receipts).extracting(Receipt::checkpoint).containsOnly(receipts.get(0).checkpoint());
        assertThat(receipts.get(4).index() - receipts.get(0).index()).isEqualTo(5);

        // Later records; the checkpoint the receipts came with is extended by the latest, leaf by leaf.
        expect(service.http.get("/api/v1/client/identities", clientToken), 200);
        Checkpoint then = receipts.get(0).signedCheckpoint(key).orElseThrow();
        String note = expect(service.http.get("/api/v1/log/checkpoint", clientToken), 200).text();
        Checkpoint now = new Receipt(0, "", note, List.of()).signedCheckpoint(key).orElseThrow();
        assertThat(now.size()).isGreaterThan(then.size());
        JsonNode consistency = expect(service.http.get("/api/v1/log/proof/consistency?from=" + then.size() + "&to="
                + now.size(), clientToken), 200).json();
        assertThat(MerkleProofs.extendsTree(then.size(), now.size(), then.rootHash(), now.rootHash(),
                hashes(consistency))).isTrue();
        for (Receipt receipt : receipts) {
            JsonNode inclusion = expect(service.http.get("/api/v1/log/proof/inclusion?index=" + receipt.index()
                    + "&size=" + now.size(), service.adminToken()), 200).json();
            assertThat(MerkleProofs.includes(receipt.index(), now.size(),
                    MerkleHash.leaf(receipt.leafData().orElseThrow()), hashes(inclusion), now.rootHash())).isTrue();
        }
    }

    @Test
    void entriesAndTheSearchShowAClientItsOwnRecordsAndAnAdminAll() throws Exception {
        String fileSha256 = "cd".repeat(32);
        JsonNode answer = expect(service.http.post("/api/v1/client/sign", clientToken, Map.of("sha1", ec.sha1(),
                "algorithm", "ECDSA_SHA256", "data", Base64.getEncoder().encodeToString(new byte[32]),
                "context", Map.of("fileName", "found.exe", "fileSha256", fileSha256.toUpperCase()))), 200).json();
        long index = answer.get("receipt").get("index").asLong();
        String other = service.registerClient(service.createApiKey("someone else").get("key").asText(), "other-host")
                .get("clientToken").asText();
        expect(service.http.get("/api/v1/client/identities", other), 200);

        // After the signature: the other key's creation (an admin's record), the other client's register and index.
        String range = "/api/v1/log/entries?start=" + index + "&end=" + (index + 4);
        assertThat(indexes(expect(service.http.get(range, service.adminToken()), 200).json()))
                .containsExactly(index, index + 1, index + 2, index + 3);
        JsonNode own = expect(service.http.get(range, clientToken), 200).json();
        assertThat(indexes(own)).containsExactly(index);
        assertThat(indexes(expect(service.http.get(range, other), 200).json())).containsExactly(index + 2, index + 3);
        for (JsonNode entry : own.get("entries")) {
            JsonNode leaf = Json.mapper().readTree(Base64.getDecoder().decode(entry.get("leaf").asText()));
            assertThat(leaf.get("clientHostname").asText()).isEqualTo("receipt-host");
        }

        byte[] signature = Base64.getDecoder().decode(answer.get("signature").asText());
        String signatureSha256 = HexFormat.of().formatHex(HashAlgorithm.SHA256.digest(signature));
        for (String query : List.of("fileSha256=" + fileSha256, "fileSha256=" + fileSha256.toUpperCase(),
                "signatureSha256=" + signatureSha256)) {
            assertThat(indexes(expect(service.http.get("/api/v1/log/search?" + query, clientToken), 200).json()))
                    .as(query).containsExactly(index);
            assertThat(indexes(expect(service.http.get("/api/v1/log/search?" + query, service.adminToken()), 200)
                    .json())).as(query).containsExactly(index);
            assertThat(indexes(expect(service.http.get("/api/v1/log/search?" + query, other), 200).json())).isEmpty();
        }
        // The entry's leaf is the receipt's.
        JsonNode found = expect(service.http.get("/api/v1/log/search?fileSha256=" + fileSha256, clientToken), 200).json();
        assertThat(found.get("entries").get(0).get("leaf").asText()).isEqualTo(answer.get("receipt").get("leaf").asText());
    }

    private static List<Long> indexes(JsonNode entries) {
        List<Long> indexes = new ArrayList<>();
        entries.get("entries").forEach(e -> indexes.add(e.get("index").asLong()));
        return indexes;
    }

    @Test
    void proofsOutsideTheTreeAreRefusedWithWhatIsAllowed() {
        String note = expect(service.http.get("/api/v1/log/checkpoint", clientToken), 200).text();
        long size = new Receipt(0, "", note, List.of()).signedCheckpoint(key).orElseThrow().size();
        for (String query : List.of("inclusion?index=0&size=" + (size + 1), "inclusion?index=" + size + "&size=" + size,
                "inclusion?index=-1&size=1", "inclusion?size=1", "inclusion?index=x&size=1",
                "consistency?from=2&to=1", "consistency?from=0&to=1", "consistency?from=1&to=" + (size + 5),
                "consistency?from=1&to=99999999999999999999")) {
            assertThat(expect(service.http.get("/api/v1/log/proof/" + query, clientToken), 400).error())
                    .as(query).isEqualTo("bad_request");
        }
    }

    private static List<byte[]> hashes(JsonNode proof) {
        List<byte[]> hashes = new ArrayList<>();
        proof.get("proof").forEach(h -> hashes.add(Base64.getDecoder().decode(h.asText())));
        return hashes;
    }
}
