package io.signingmanager.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.DigestInfo;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class HashAlgorithmTest {
    @ParameterizedTest
    @EnumSource(HashAlgorithm.class)
    void digestInfoIsTheDerThatBouncyCastleEncodes(HashAlgorithm hash) throws Exception {
        byte[] digest = hash.digest("data".getBytes(StandardCharsets.UTF_8));
        assertThat(digest).hasSize(hash.digestLength());
        byte[] expected = new DigestInfo(new AlgorithmIdentifier(oid(hash), DERNull.INSTANCE), digest).getEncoded("DER");
        assertThat(hash.digestInfo(digest)).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(HashAlgorithm.class)
    void aDigestOfTheWrongLengthHasNoDigestInfo(HashAlgorithm hash) {
        assertThatThrownBy(() -> hash.digestInfo(new byte[hash.digestLength() - 1]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static ASN1ObjectIdentifier oid(HashAlgorithm hash) {
        return switch (hash) {
            case SHA1 -> new ASN1ObjectIdentifier("1.3.14.3.2.26");
            case SHA256 -> NISTObjectIdentifiers.id_sha256;
            case SHA384 -> NISTObjectIdentifiers.id_sha384;
            case SHA512 -> NISTObjectIdentifiers.id_sha512;
        };
    }
}
