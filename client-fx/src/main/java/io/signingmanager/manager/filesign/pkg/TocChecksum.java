package io.signingmanager.manager.filesign.pkg;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.DigestInfo;

/**
 * The TOC checksums a package may name (the {@code style} of {@code <checksum>} and the header's
 * algorithm) that we sign: the RSA {@code <signature>} is PKCS#1 v1.5 over the checksum itself.
 */
enum TocChecksum {
    SHA1("sha1", "SHA-1", OIWObjectIdentifiers.idSHA1),
    SHA256("sha256", "SHA-256", NISTObjectIdentifiers.id_sha256),
    SHA384("sha384", "SHA-384", NISTObjectIdentifiers.id_sha384),
    SHA512("sha512", "SHA-512", NISTObjectIdentifiers.id_sha512);

    private final String xarName;
    private final String jcaName;
    private final ASN1ObjectIdentifier oid;

    TocChecksum(String xarName, String jcaName, ASN1ObjectIdentifier oid) {
        this.xarName = xarName;
        this.jcaName = jcaName;
        this.oid = oid;
    }

    /** The checksum of that xar name, or why the package cannot be signed. */
    static TocChecksum named(String xarName) throws IOException {
        return Arrays.stream(values()).filter(checksum -> checksum.xarName.equals(xarName)).findFirst()
                .orElseThrow(() -> new IOException("the package's TOC checksum is " + xarName
                        + "; a signed package needs sha1, sha256, sha384 or sha512"));
    }

    String xarName() {
        return xarName;
    }

    int length() {
        return newDigest().getDigestLength();
    }

    byte[] digest(byte[] data) {
        return newDigest().digest(data);
    }

    /** The DER DigestInfo of that digest: what NONEwithRSA signs for a PKCS#1 v1.5 signature of the digest. */
    byte[] digestInfo(byte[] digest) throws IOException {
        return new DigestInfo(new AlgorithmIdentifier(oid, DERNull.INSTANCE), digest).getEncoded("DER");
    }

    private MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jcaName + " is part of every JDK", e);
        }
    }
}
