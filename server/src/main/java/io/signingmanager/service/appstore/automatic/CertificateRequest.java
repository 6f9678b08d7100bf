package io.signingmanager.service.appstore.automatic;

import io.signingmanager.common.crypto.Pem;
import java.io.IOException;
import java.security.KeyPair;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * The PKCS#10 request the service sends Apple for a key it generated. Apple writes the certificate's
 * subject itself (type, team, name); the request's subject only says who asked.
 */
final class CertificateRequest {
    private CertificateRequest() {
    }

    /** The request for {@code keyPair}, signed with its private half (SHA-256 with RSA), as PEM. */
    static String pem(KeyPair keyPair, String commonName) {
        try {
            var subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
            var request = new JcaPKCS10CertificationRequestBuilder(subject, keyPair.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(keyPair.getPrivate()));
            return Pem.encode("CERTIFICATE REQUEST", request.getEncoded());
        } catch (OperatorCreationException | IOException e) {
            throw new IllegalStateException("The certificate request for '" + commonName + "' cannot be made", e);
        }
    }
}
