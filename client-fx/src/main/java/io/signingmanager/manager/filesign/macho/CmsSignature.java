package io.signingmanager.manager.filesign.macho;

import io.signingmanager.manager.filesign.Timestamps;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSAttributeTableGenerator;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * The CMS blob's content: a detached SignedData over the CodeDirectory, signed with SHA-256 and RSA
 * by the key's provider (for a remote key only the digest of the signed attributes leaves), with
 * the attributes Apple's signatures carry: content type, signing time, message digest, and the
 * CDHashes as a plist (1.2.840.113635.100.9.1) and as digests (1.2.840.113635.100.9.2). The
 * certificates go root first, leaf last, as codesign writes them.
 */
final class CmsSignature {
    private static final ASN1ObjectIdentifier CDHASHES_PLIST = new ASN1ObjectIdentifier("1.2.840.113635.100.9.1");
    private static final ASN1ObjectIdentifier CDHASHES = new ASN1ObjectIdentifier("1.2.840.113635.100.9.2");

    private CmsSignature() {
    }

    static byte[] sign(byte[] codeDirectory, PrivateKey key, List<X509Certificate> chain, Provider provider, URI tsa)
            throws Exception {
        byte[] fullHash = CodeDirectory.sha256(codeDirectory);
        ASN1EncodableVector attributes = new ASN1EncodableVector();
        attributes.add(new Attribute(CDHASHES_PLIST, new DERSet(new DEROctetString(
                plist(CodeDirectory.cdHash(codeDirectory)).getBytes(StandardCharsets.UTF_8)))));
        attributes.add(new Attribute(CDHASHES, new DERSet(new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {
                NISTObjectIdentifiers.id_sha256, new DEROctetString(fullHash)}))));
        CMSAttributeTableGenerator defaults = new DefaultSignedAttributeTableGenerator(new AttributeTable(attributes));
        // BouncyCastle adds CMSAlgorithmProtection by default; Apple's signatures do not carry it.
        CMSAttributeTableGenerator signedAttributes = parameters -> defaults.getAttributes(parameters)
                .remove(CMSAttributes.cmsAlgorithmProtect);

        CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
        generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                .setSignedAttributeGenerator(signedAttributes)
                .build(new JcaContentSignerBuilder("SHA256withRSA").setProvider(provider).build(key), chain.get(0)));
        List<X509Certificate> rootFirst = new ArrayList<>(chain);
        Collections.reverse(rootFirst);
        generator.addCertificates(new JcaCertStore(rootFirst));
        CMSSignedData signed = generator.generate(new CMSProcessableByteArray(codeDirectory), false);
        if (tsa != null) {
            signed = Timestamps.stamp(signed, tsa);
        }
        return signed.getEncoded("DL");
    }

    /** The plist Apple puts in the 100.9.1 attribute: {@code {cdhashes = [<20 bytes>]}} as XML. */
    static String plist(byte[] cdHash) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
                <plist version="1.0">
                <dict>
                \t<key>cdhashes</key>
                \t<array>
                \t\t<data>
                \t\t%s
                \t\t</data>
                \t</array>
                </dict>
                </plist>
                """.formatted(Base64.getEncoder().encodeToString(cdHash));
    }
}
