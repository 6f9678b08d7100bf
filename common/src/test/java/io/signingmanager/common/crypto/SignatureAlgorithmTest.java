package io.signingmanager.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SignatureAlgorithmTest {
    @Test
    void wireNamesAreCaseInsensitiveAndUnknownOnesAreNull() {
        assertThat(SignatureAlgorithm.fromWire("rsa_pss_sha256")).isEqualTo(SignatureAlgorithm.RSA_PSS_SHA256);
        assertThat(SignatureAlgorithm.fromWire("RSA_MD5")).isNull();
        assertThat(SignatureAlgorithm.fromWire(null)).isNull();
    }

    @Test
    void dataMustFitTheAlgorithmAndTheKey() {
        assertThat(SignatureAlgorithm.ECDSA_SHA384.problemWith(KeyType.EC, 256, new byte[48])).isNull();
        assertThat(SignatureAlgorithm.ECDSA_SHA384.problemWith(KeyType.EC, 256, new byte[32])).contains("48 bytes");
        assertThat(SignatureAlgorithm.RSA_PKCS1_SHA256.problemWith(KeyType.EC, 256, new byte[32])).contains("RSA key");
        assertThat(SignatureAlgorithm.RSA_PKCS1_RAW.problemWith(KeyType.RSA, 2048, new byte[245])).isNull();
        assertThat(SignatureAlgorithm.RSA_PKCS1_RAW.problemWith(KeyType.RSA, 2048, new byte[246])).contains("1 to 245");
        assertThat(SignatureAlgorithm.RSA_PKCS1_RAW.problemWith(KeyType.RSA, 2048, new byte[0])).isNotNull();
        assertThat(SignatureAlgorithm.ECDSA_RAW.problemWith(KeyType.EC, 256, new byte[20])).isNull();
        assertThat(SignatureAlgorithm.ECDSA_RAW.problemWith(KeyType.EC, 256, new byte[512])).isNull();
        assertThat(SignatureAlgorithm.ECDSA_RAW.problemWith(KeyType.EC, 256, new byte[513])).contains("1 to 512");
        assertThat(SignatureAlgorithm.ECDSA_RAW.problemWith(KeyType.EC, 256, new byte[0])).contains("1 to 512");
        assertThat(SignatureAlgorithm.ECDSA_RAW.problemWith(KeyType.RSA, 2048, new byte[20])).contains("EC key");
    }
}
