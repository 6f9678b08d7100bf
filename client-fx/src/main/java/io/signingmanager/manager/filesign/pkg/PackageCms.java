package io.signingmanager.manager.filesign.pkg;

import io.signingmanager.manager.filesign.Timestamps;
import java.io.IOException;
import java.net.URI;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * The package's {@code <x-signature style="CMS">}: a detached CMS SignedData whose content is the
 * TOC checksum, with the chain, signed (SHA-256 with RSA) by the key's provider: for a remote key
 * only the digest of the signed attributes leaves this machine. With a time-stamping authority, its
 * RFC 3161 token over the signature value is added as productsign's {@code --timestamp} adds it.
 */
final class PackageCms {
    private static final String SIGNATURE_ALGORITHM = "SHA256withRSA";
    /**
     * Room for a time-stamp token, which is only known once the TOC (and so the room) is fixed: a
     * token with its authority's certificates takes 2 to 7 KiB at the public authorities.
     */
    static final int TIMESTAMP_ROOM = 16 * 1024;

    private PackageCms() {
    }

    /**
     * Room to keep for the CMS in the heap before it is made: the certificates, a signature, the rest,
     * and a time-stamp token when {@code timestamped}.
     */
    static int reserve(List<X509Certificate> chain, int rsaSize, boolean timestamped) throws IOException {
        int certificates = 0;
        for (X509Certificate certificate : chain) {
            try {
                certificates += certificate.getEncoded().length;
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new IOException("cannot encode " + certificate.getSubjectX500Principal(), e);
            }
        }
        return certificates + rsaSize + 2048 + (timestamped ? TIMESTAMP_ROOM : 0);
    }

    /**
     * The DER CMS, time-stamped by the authority at {@code tsa} unless it is {@code null}, zero-padded
     * to {@code size} bytes as productsign pads it.
     */
    static byte[] sign(byte[] tocChecksum, PrivateKey key, List<X509Certificate> chain, Provider provider, URI tsa, int size)
            throws IOException {
        try {
            JcaContentSignerBuilder signer = new JcaContentSignerBuilder(SIGNATURE_ALGORITHM);
            if (provider != null) {
                signer.setProvider(provider);
            }
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                    .build(signer.build(key), chain.get(0)));
            generator.addCertificates(new JcaCertStore(chain));
            CMSSignedData signed = generator.generate(new CMSProcessableByteArray(tocChecksum), false);
            if (tsa != null) {
                signed = Timestamps.stamp(signed, tsa);
            }
            byte[] cms = signed.getEncoded("DER");
            if (cms.length > size) {
                throw new IOException("the CMS signature takes " + cms.length + " bytes, " + size + " were kept for it");
            }
            byte[] padded = new byte[size];
            System.arraycopy(cms, 0, padded, 0, cms.length);
            return padded;
        } catch (OperatorCreationException | CMSException | java.security.cert.CertificateEncodingException e) {
            throw new IOException("cannot make the CMS signature: " + e.getMessage(), e);
        }
    }
}
