package io.signingmanager.manager.filesign.pkg;

import java.io.IOException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * The package's {@code <x-signature style="CMS">}: a detached CMS SignedData whose content is the
 * TOC checksum, with the chain, signed (SHA-256 with RSA) by the key's provider: for a remote key
 * only the digest of the signed attributes leaves this machine.
 */
final class PackageCms {
    private static final String SIGNATURE_ALGORITHM = "SHA256withRSA";

    private PackageCms() {
    }

    /** Room to keep for the CMS in the heap before it is made: the certificates, a signature, the rest. */
    static int reserve(List<X509Certificate> chain, int rsaSize) throws IOException {
        int certificates = 0;
        for (X509Certificate certificate : chain) {
            try {
                certificates += certificate.getEncoded().length;
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new IOException("cannot encode " + certificate.getSubjectX500Principal(), e);
            }
        }
        return certificates + rsaSize + 2048;
    }

    /** The DER CMS, zero-padded to {@code size} bytes as productsign pads it. */
    static byte[] sign(byte[] tocChecksum, PrivateKey key, List<X509Certificate> chain, Provider provider, int size)
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
            byte[] cms = generator.generate(new CMSProcessableByteArray(tocChecksum), false).getEncoded("DER");
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
