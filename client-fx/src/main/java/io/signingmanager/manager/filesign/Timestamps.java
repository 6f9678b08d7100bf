package io.signingmanager.manager.filesign;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;

/**
 * RFC 3161 time-stamps of a CMS signature, added as the signer's unsigned signatureTimeStampToken
 * attribute, as codesign and productsign add them: one place for the Mach-O and the package signers,
 * which both make their CMS with BouncyCastle (jsign and JarSigner stamp their own formats).
 */
public final class Timestamps {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Timestamps() {
    }

    /** {@code signed} with its (first) signer's signature value time-stamped by the authority at {@code tsa}. */
    public static CMSSignedData stamp(CMSSignedData signed, URI tsa) throws IOException {
        SignerInformation signer = signed.getSignerInfos().getSigners().iterator().next();
        TimeStampRequestGenerator requests = new TimeStampRequestGenerator();
        requests.setCertReq(true);
        TimeStampRequest request = requests.generate(TSPAlgorithms.SHA256, sha256(signer.getSignature()),
                new BigInteger(64, RANDOM));
        HttpResponse<byte[]> answer;
        try {
            answer = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build().send(
                    HttpRequest.newBuilder(tsa).timeout(Duration.ofSeconds(60))
                            .header("Content-Type", "application/timestamp-query")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(request.getEncoded())).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while waiting for the time-stamping authority " + tsa);
        }
        if (answer.statusCode() != 200) {
            throw new IOException("The time-stamping authority " + tsa + " answered HTTP " + answer.statusCode());
        }
        TimeStampResponse response;
        try {
            response = new TimeStampResponse(answer.body());
            response.validate(request);
        } catch (TSPException e) {
            throw new IOException("The time-stamping authority " + tsa + " gave no valid time-stamp: " + e.getMessage(), e);
        }
        if (response.getTimeStampToken() == null) {
            throw new IOException("The time-stamping authority " + tsa + " gave no time-stamp: " + response.getStatusString());
        }
        ASN1EncodableVector unsigned = new ASN1EncodableVector();
        unsigned.add(new Attribute(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken,
                new DERSet(response.getTimeStampToken().toCMSSignedData().toASN1Structure())));
        SignerInformation stamped = SignerInformation.replaceUnsignedAttributes(signer, new AttributeTable(unsigned));
        return CMSSignedData.replaceSigners(signed, new SignerInformationStore(stamped));
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
