package io.signingmanager.common.commands;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RFC 7512 URIs of the module's objects, path attributes only. */
class Pkcs11UriTest {
    private static final String SHA1 = "74FD9E670CFB7C906630B49FD26591CD66C66D79";
    private static final String ID = "%74%FD%9E%67%0C%FB%7C%90%66%30%B4%9F%D2%65%91%CD%66%C6%6D%79";

    @Test
    void namesTheTokenTheIdTheLabelAndTheType() {
        assertThat(Pkcs11Uri.privateKey(SHA1, "Team Code Signing"))
                .isEqualTo("pkcs11:token=Signing%20Manager;id=" + ID + ";object=Team%20Code%20Signing;type=private");
        assertThat(Pkcs11Uri.certificate(SHA1, "Team Code Signing"))
                .isEqualTo("pkcs11:token=Signing%20Manager;id=" + ID + ";object=Team%20Code%20Signing;type=cert");
    }

    @Test
    void percentEncodesEveryByteOfTheIdInUpperCaseWhateverCaseTheFingerprintHas() {
        assertThat(Pkcs11Uri.of(SHA1.toLowerCase(), "a", Pkcs11Uri.Type.PUBLIC))
                .isEqualTo("pkcs11:token=Signing%20Manager;id=" + ID + ";object=a;type=public");
    }

    @Test
    void percentEncodesTheLabelsReservedAndNonAsciiCharactersAsUtf8() {
        assertThat(Pkcs11Uri.privateKey(SHA1, "Dev; A/B 100% Größe-1.0_~"))
                .isEqualTo("pkcs11:token=Signing%20Manager;id=" + ID
                        + ";object=Dev%3B%20A%2FB%20100%25%20Gr%C3%B6%C3%9Fe-1.0_~;type=private");
    }
}
