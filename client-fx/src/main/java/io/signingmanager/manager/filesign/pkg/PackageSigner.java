package io.signingmanager.manager.filesign.pkg;

import io.signingmanager.manager.filesign.SigningKey;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.List;
import org.w3c.dom.Element;

/**
 * Signs a flat installer package (.pkg, a xar archive) as productsign does: the TOC gains the RSA
 * signature over its checksum and a CMS one, both with the chain; the heap starts with the new TOC's
 * checksum, then the two signatures, then the files' data, moved. An existing signature is replaced.
 * The CMS signature may carry an RFC 3161 time-stamp, as productsign's {@code --timestamp} adds.
 * Apple's installer signatures are RSA: an EC identity is refused.
 */
public final class PackageSigner {
    private PackageSigner() {
    }

    /** Whether that file starts like a xar archive. */
    public static boolean isFlatPackage(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer magic = ByteBuffer.allocate(4);
            channel.read(magic, 0);
            return !magic.hasRemaining() && magic.getInt(0) == XarHeader.MAGIC;
        }
    }

    /**
     * Writes {@code input} signed to {@code output} (another file) with that key, whose signatures are
     * made by its provider (the JDK's when {@code null}): for a remote key only digests leave this machine.
     * The CMS signature is time-stamped by the RFC 3161 authority at {@code tsa}, none when {@code null}.
     * Both signatures (and the time-stamp) are made before {@code output} is opened.
     */
    public static void sign(Path input, Path output, SigningKey signingKey, URI tsa) throws IOException, GeneralSecurityException {
        PrivateKey key = signingKey.privateKey();
        List<X509Certificate> chain = signingKey.chain();
        Provider provider = signingKey.provider();
        if (!(chain.get(0).getPublicKey() instanceof RSAPublicKey rsaKey)) {
            throw new GeneralSecurityException("Installer packages are signed with RSA keys (Apple's Developer ID Installer"
                    + " certificates are RSA); " + chain.get(0).getSubjectX500Principal() + " has an "
                    + chain.get(0).getPublicKey().getAlgorithm() + " key");
        }
        if (Files.exists(output) && Files.isSameFile(input, output)) {
            throw new IOException("the signed package goes to another file than " + input + ": it is read while written");
        }
        FlatPackage flat = FlatPackage.read(input);
        Element checksumElement = TocLayout.checksum(TocLayout.toc(flat.toc()));
        TocChecksum checksum = TocChecksum.named(flat.header().checksumName());
        if (!checksum.xarName().equals(checksumElement.getAttribute("style"))) {
            throw new IOException("the header's TOC checksum is " + checksum.xarName() + ", the TOC's "
                    + checksumElement.getAttribute("style"));
        }
        byte[] stored = flat.readHeap(TocLayout.number(checksumElement, "offset"), checksum.length());
        if (!Arrays.equals(stored, checksum.digest(flat.compressedToc()))) {
            throw new IOException("the TOC does not match its checksum: the package is damaged");
        }

        int rsaSize = (rsaKey.getModulus().bitLength() + 7) / 8;
        int cmsSize = PackageCms.reserve(chain, rsaSize, tsa != null);
        TocLayout.Shift shift = TocLayout.place(flat.toc(), checksum, rsaSize, cmsSize, chain);
        byte[] xml = FlatPackage.serialize(flat.toc());
        byte[] toc = FlatPackage.deflate(xml);
        byte[] tocChecksum = checksum.digest(toc);
        byte[] rsa = rsaSignature(checksum.digestInfo(tocChecksum), key, provider);
        if (rsa.length != rsaSize) {
            throw new GeneralSecurityException("the RSA signature has " + rsa.length + " bytes, not " + rsaSize);
        }
        byte[] cms = PackageCms.sign(tocChecksum, key, chain, provider, tsa, cmsSize);

        try (FileChannel out = FileChannel.open(output, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (byte[] part : List.of(flat.header().withTocLengths(toc.length, xml.length), toc, tocChecksum, rsa, cms)) {
                ByteBuffer buffer = ByteBuffer.wrap(part);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
            }
            flat.copyHeapTail(shift.oldDataStart(), out);
        }
    }

    /** PKCS#1 v1.5 over the TOC checksum: the DigestInfo signed as it is (NONEwithRSA). */
    private static byte[] rsaSignature(byte[] digestInfo, PrivateKey key, Provider provider) throws GeneralSecurityException {
        Signature signature = provider == null ? Signature.getInstance("NONEwithRSA") : Signature.getInstance("NONEwithRSA", provider);
        signature.initSign(key);
        signature.update(digestInfo);
        return signature.sign();
    }
}
