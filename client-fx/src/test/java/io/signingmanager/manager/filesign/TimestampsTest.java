package io.signingmanager.manager.filesign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.signingmanager.service.testing.TestPki;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.MessageDigest;
import java.util.List;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.tsp.TimeStampToken;
import org.junit.jupiter.api.Test;

/**
 * The RFC 3161 token the Mach-O and package signers add to their CMS (MachOSignerTest and
 * PackageSignerTest check it in signed files): over the signature value, from a local authority,
 * the signature itself untouched; an authority that does not answer with a token fails the signing.
 */
class TimestampsTest {
    private static final TestPki.TestIdentity SIGNER = TestPki.rsa(2048, "Timestamps Test Signer");

    @Test
    void theTokenIsOverTheSignatureValueAndLeavesTheSignature() throws Exception {
        CMSSignedData signed = signed();
        SignerInformation before = signed.getSignerInfos().getSigners().iterator().next();

        CMSSignedData stamped;
        TimeStampToken token;
        try (TestTimestampAuthority tsa = TestTimestampAuthority.start()) {
            stamped = Timestamps.stamp(signed, tsa.url());
            SignerInformation signer = stamped.getSignerInfos().getSigners().iterator().next();
            Attribute stamp = signer.getUnsignedAttributes().get(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken);
            token = new TimeStampToken(new CMSSignedData(stamp.getAttrValues().getObjectAt(0).toASN1Primitive().getEncoded()));
            token.validate(new JcaSimpleSignerInfoVerifierBuilder().build(tsa.certificate()));
        }

        SignerInformation after = stamped.getSignerInfos().getSigners().iterator().next();
        assertThat(after.getSignature()).isEqualTo(before.getSignature());
        assertThat(token.getTimeStampInfo().getMessageImprintDigest())
                .isEqualTo(MessageDigest.getInstance("SHA-256").digest(before.getSignature()));
        assertThat(after.verify(new JcaSimpleSignerInfoVerifierBuilder().build(SIGNER.chain().get(0)))).isTrue();
    }

    @Test
    void anUnreachableOrRefusingAuthorityFailsSayingWhich() throws Exception {
        CMSSignedData signed = signed();
        URI unreachable = URI.create("http://127.0.0.1:9/tsa");
        assertThatThrownBy(() -> Timestamps.stamp(signed, unreachable)).isInstanceOf(IOException.class);

        HttpServer refusing = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        refusing.createContext("/tsa", exchange -> {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        refusing.start();
        try {
            URI url = URI.create("http://127.0.0.1:" + refusing.getAddress().getPort() + "/tsa");
            assertThatThrownBy(() -> Timestamps.stamp(signed, url)).isInstanceOf(IOException.class)
                    .hasMessage("The time-stamping authority " + url + " answered HTTP 503");
        } finally {
            refusing.stop(0);
        }
    }

    private static CMSSignedData signed() throws Exception {
        CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
        generator.addSignerInfoGenerator(new JcaSimpleSignerInfoGeneratorBuilder()
                .build("SHA256withRSA", SIGNER.keys().getPrivate(), SIGNER.chain().get(0)));
        generator.addCertificates(new JcaCertStore(List.of(SIGNER.chain().get(0))));
        return generator.generate(new CMSProcessableByteArray(new byte[] {1, 2, 3}), false);
    }
}
