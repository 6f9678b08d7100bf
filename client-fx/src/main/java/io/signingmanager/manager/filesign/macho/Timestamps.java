package io.signingmanager.manager.filesign.macho;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationStore;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;

/** RFC 3161 time-stamps of a CMS signature, added as the signer's unsigned signatureTimeStampToken attribute. */
final class Timestamps {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Timestamps() {
    }

    static CMSSignedData stamp(CMSSignedData signed, URI tsa) throws Exception {
        SignerInformation signer = signed.getSignerInfos().getSigners().iterator().next();
        TimeStampRequestGenerator requests = new TimeStampRequestGenerator();
        requests.setCertReq(true);
        TimeStampRequest request = requests.generate(TSPAlgorithms.SHA256,
                CodeDirectory.sha256(signer.getSignature()), new BigInteger(64, RANDOM));
        HttpResponse<byte[]> answer = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build().send(
                HttpRequest.newBuilder(tsa).timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "application/timestamp-query")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(request.getEncoded())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (answer.statusCode() != 200) {
            throw new IOException("The time-stamping authority " + tsa + " answered HTTP " + answer.statusCode());
        }
        TimeStampResponse response = new TimeStampResponse(answer.body());
        response.validate(request);
        if (response.getTimeStampToken() == null) {
            throw new IOException("The time-stamping authority " + tsa + " gave no time-stamp: " + response.getStatusString());
        }
        ASN1EncodableVector unsigned = new ASN1EncodableVector();
        unsigned.add(new Attribute(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken,
                new DERSet(response.getTimeStampToken().toCMSSignedData().toASN1Structure())));
        SignerInformation stamped = SignerInformation.replaceUnsignedAttributes(signer, new AttributeTable(unsigned));
        return CMSSignedData.replaceSigners(signed, new SignerInformationStore(stamped));
    }
}
