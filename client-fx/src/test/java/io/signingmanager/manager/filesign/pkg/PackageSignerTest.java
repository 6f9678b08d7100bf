package io.signingmanager.manager.filesign.pkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.common.apple.AppleCertificateType;
import io.signingmanager.manager.filesign.TestTimestampAuthority;
import io.signingmanager.manager.testing.AppleIdentity;
import io.signingmanager.manager.testing.AppleTools;
import io.signingmanager.manager.testing.PackageInputs;
import io.signingmanager.manager.testing.RegisteredClientTest;
import io.signingmanager.manager.testing.RemoteKeys;
import io.signingmanager.manager.testing.SignAudit;
import io.signingmanager.service.testing.ExternalTool;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.tsp.TimeStampToken;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Flat packages made in the run by mkbom and xar, signed with a remote Developer ID Installer
 * identity of the Signing Service, and checked by tools nobody here wrote: xar lists and extracts
 * them (checking the TOC checksum and every file's), verify_pkg.py checks both signatures and the
 * chain to the test root. Skips saying why where ../shared/apple-tools is missing (not in CI).
 */
class PackageSignerTest extends RegisteredClientTest {
    private AppleTools tools;

    @BeforeEach
    void tools() {
        tools = AppleTools.get();
    }

    @Test
    void aRemoteSignatureIsAcceptedByXarAndTheCheckerAndAudited() throws Exception {
        AppleIdentity apple = AppleIdentity.imported(service, AppleCertificateType.DEVELOPER_ID_INSTALLER);

        Path signed = signedPackage(apple, "hello-signed.pkg");

        assertValid(signed, apple);
        ExternalTool.Run list = tools.run(folder, tools.xar().toString(), "-t", "-f", signed.toString());
        assertThat(list.exit()).as(list.toString()).isZero();
        assertThat(list.stdout().lines()).containsExactly("Bom", "PackageInfo", "Payload");
        Path extracted = Files.createDirectories(folder.resolve("extracted"));
        ExternalTool.Run extract = tools.run(folder, tools.xar().toString(), "-x", "-f", signed.toString(), "-C", extracted.toString());
        assertThat(extract.exit()).as(extract.toString()).isZero();
        for (String part : List.of("Bom", "PackageInfo", "Payload")) {
            assertThat(extracted.resolve(part)).hasSameBinaryContentAs(folder.resolve("hello.pkg.parts/flat").resolve(part));
        }
        Path certificates = Files.createDirectories(folder.resolve("certificates"));
        ExternalTool.Run certs = tools.run(folder, tools.xar().toString(), "--extract-certs", certificates.toString(), "-f", signed.toString());
        assertThat(certs.exit()).as(certs.toString()).isZero();
        assertThat(Files.readAllBytes(certificates.resolve("cert00"))).isEqualTo(apple.leaf().getEncoded());
        assertThat(certificates.resolve("cert02")).exists();
        Path signature = folder.resolve("signature.bin");
        ExternalTool.Run sig = tools.run(folder, tools.xar().toString(), "--extract-sig", signature.toString(), "-f", signed.toString());
        assertThat(sig.exit()).as(sig.toString()).isZero();
        assertThat(Files.size(signature)).isEqualTo(256);
        assertAudited(folder.resolve("hello.pkg"));
    }

    /**
     * xar's own signing (--sign, then --inject-sig of a signature made here with the identity's key) is
     * the reference for the RSA part: the same checksum and signature places, certificates in the same
     * order, and verify_pkg.py accepts both.
     */
    @Test
    void theChecksumAndRsaSignatureSitWhereXarsOwnSigningPutsThem() throws Exception {
        AppleIdentity apple = AppleIdentity.imported(service, AppleCertificateType.DEVELOPER_ID_INSTALLER);
        Path ours = signedPackage(apple, "ours.pkg");
        Path reference = Files.copy(folder.resolve("hello.pkg"), folder.resolve("xar-signed.pkg"));
        List<String> command = new ArrayList<>(List.of(tools.xar().toString(), "--sign", "-f", reference.toString(),
                "--digestinfo-to-sign", folder.resolve("digestinfo.bin").toString(), "--sig-size", "256"));
        for (int i = 0; i < apple.chain().size(); i++) {
            command.add("--cert-loc");
            command.add(Files.write(folder.resolve("cert" + i + ".der"), apple.chain().get(i).getEncoded()).toString());
        }
        ExternalTool.Run placeholder = tools.run(folder, command.toArray(String[]::new));
        assertThat(placeholder.exit()).as(placeholder.toString()).isZero();
        Signature rsaKey = Signature.getInstance("NONEwithRSA");
        rsaKey.initSign(apple.identity().keys().getPrivate());
        rsaKey.update(Files.readAllBytes(folder.resolve("digestinfo.bin")));
        Path signature = Files.write(folder.resolve("signature.bin"), rsaKey.sign());
        ExternalTool.Run inject = tools.run(folder, tools.xar().toString(), "--inject-sig", signature.toString(), "-f", reference.toString());
        assertThat(inject.exit()).as(inject.toString()).isZero();
        ExternalTool.Run check = tools.verifyPkg(reference, apple.rootPem(folder), folder);
        assertThat(check.stdout()).as(check.toString()).contains("<signature style=RSA> signature over TOC digest: OK", "RESULT: VALID");

        for (String element : List.of("checksum", "signature")) {
            assertThat(placeAndCertificates(ours, element)).as(element).isEqualTo(placeAndCertificates(reference, element));
        }
        assertValid(ours, apple);
    }

    /** An element of the TOC's: its style, offset, size and certificates. */
    private static List<String> placeAndCertificates(Path pkg, String name) throws Exception {
        Element toc = TocLayout.toc(FlatPackage.read(pkg).toc());
        Element element = TocLayout.children(toc, List.of(name)).get(0);
        List<String> found = new ArrayList<>(List.of(element.getAttribute("style"),
                Long.toString(TocLayout.number(element, "offset")), Long.toString(TocLayout.number(element, "size"))));
        NodeList certificates = element.getElementsByTagNameNS(TocLayout.XMLDSIG, "X509Certificate");
        for (int i = 0; i < certificates.getLength(); i++) {
            found.add(certificates.item(i).getTextContent().replaceAll("\\s", ""));
        }
        return found;
    }

    /** As productsign --timestamp: the CMS carries the authority's token over its signature value, in the room kept for it. */
    @Test
    void aTimeStampedPackageCarriesTheTokenOverItsCmsSignatureAndVerifies() throws Exception {
        AppleIdentity apple = AppleIdentity.imported(service, AppleCertificateType.DEVELOPER_ID_INSTALLER);
        Path unsigned = PackageInputs.component(tools, folder, "hello.pkg");
        Path signed = folder.resolve("stamped.pkg");
        X509Certificate authority;
        try (TestTimestampAuthority tsa = TestTimestampAuthority.start()) {
            PackageSigner.sign(unsigned, signed, RemoteKeys.of(manager, apple.sha1(), unsigned, "pkg"), tsa.url());
            authority = tsa.certificate();
        }

        assertValid(signed, apple);
        ExternalTool.Run list = tools.run(folder, tools.xar().toString(), "-t", "-f", signed.toString());
        assertThat(list.exit()).as(list.toString()).isZero();
        assertThat(list.stdout().lines()).containsExactly("Bom", "PackageInfo", "Payload");
        FlatPackage flat = FlatPackage.read(signed);
        Element cmsElement = TocLayout.children(TocLayout.toc(flat.toc()), List.of("x-signature")).get(0);
        long size = TocLayout.number(cmsElement, "size");
        assertThat(size).isEqualTo(PackageCms.reserve(apple.chain(), 256, true));
        SignerInformation signer = new CMSSignedData(flat.readHeap(TocLayout.number(cmsElement, "offset"), (int) size))
                .getSignerInfos().getSigners().iterator().next();
        Attribute stamp = signer.getUnsignedAttributes().get(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken);
        TimeStampToken token = new TimeStampToken(new CMSSignedData(stamp.getAttrValues().getObjectAt(0).toASN1Primitive()
                .getEncoded()));
        assertThat(token.getTimeStampInfo().getMessageImprintDigest())
                .isEqualTo(MessageDigest.getInstance("SHA-256").digest(signer.getSignature()));
        token.validate(new JcaSimpleSignerInfoVerifierBuilder().build(authority));
    }

    @Test
    void anUnreachableAuthorityFailsTheSigningBeforeTheOutputIsWritten() throws Exception {
        Path unsigned = PackageInputs.component(tools, folder, "hello.pkg");
        Path signed = folder.resolve("unstamped.pkg");

        assertThatThrownBy(() -> PackageSigner.sign(unsigned, signed, RemoteKeys.of(manager, rsa.sha1(), unsigned, "pkg"),
                URI.create("http://127.0.0.1:9/tsa"))).isInstanceOf(java.io.IOException.class);
        assertThat(signed).doesNotExist();
    }

    @Test
    void aPackageWithAnotherTocChecksumKeepsIt() throws Exception {
        AppleIdentity apple = AppleIdentity.imported(service, AppleCertificateType.DEVELOPER_ID_INSTALLER);
        for (String checksum : List.of("sha256", "sha512")) {
            Path signed = folder.resolve(checksum + "-signed.pkg");

            sign(PackageInputs.component(tools, folder, checksum + ".pkg", checksum), signed, apple.sha1());

            assertValid(signed, apple);
            ExternalTool.Run check = tools.verifyPkg(signed, apple.rootPem(folder), folder);
            assertThat(check.stdout()).as(check.toString()).contains("TOC checksum (" + checksum + ")");
            assertThat(FlatPackage.read(signed).header().checksumName()).isEqualTo(checksum);
        }
    }

    @Test
    void aSignedPackageIsSignedAgainWithOneSignatureOfEachKind() throws Exception {
        AppleIdentity first = AppleIdentity.imported(service, AppleCertificateType.DEVELOPER_ID_INSTALLER);
        AppleIdentity second = AppleIdentity.imported(service, AppleCertificateType.MAC_INSTALLER_DISTRIBUTION);
        Path unsigned = PackageInputs.component(tools, folder, "hello.pkg");
        Path once = folder.resolve("once.pkg");
        Path twice = folder.resolve("twice.pkg");
        sign(unsigned, once, first.sha1());

        sign(once, twice, second.sha1());

        assertValid(twice, second);
        String toc = new String(FlatPackage.serialize(FlatPackage.read(twice).toc()), StandardCharsets.UTF_8);
        assertThat(toc.split("<signature ", -1)).hasSize(2);
        assertThat(toc.split("<x-signature ", -1)).hasSize(2);
        // The first signatures' room in the heap is gone, not kept beside the new ones.
        assertThat(Files.size(twice)).isEqualTo(Files.size(once) - first.chain().stream().mapToInt(PackageSignerTest::length).sum()
                + second.chain().stream().mapToInt(PackageSignerTest::length).sum() - tocLength(once) + tocLength(twice));
    }

    @Test
    void oneChangedByteInAFileOrInTheTocIsFound() throws Exception {
        AppleIdentity apple = AppleIdentity.imported(service, AppleCertificateType.DEVELOPER_ID_INSTALLER);
        Path signed = signedPackage(apple, "hello-signed.pkg");
        byte[] bytes = Files.readAllBytes(signed);

        byte[] changedFile = bytes.clone();
        changedFile[changedFile.length - 10] ^= 1; // in Payload, the last file of the heap
        assertInvalid(Files.write(folder.resolve("changed-file.pkg"), changedFile), apple, "file Payload");
        Path extracted = Files.createDirectories(folder.resolve("extracted"));
        ExternalTool.Run extract = tools.run(folder, tools.xar().toString(), "-x", "-f", folder.resolve("changed-file.pkg").toString(),
                "-C", extracted.toString());
        assertThat(extract.exit()).as(extract.toString()).isNotZero();

        // A TOC changed and its checksum made again: xar's own check passes, the signatures do not.
        Path changedToc = Files.write(folder.resolve("changed-toc.pkg"), TocTampering.withToc(bytes, true,
                xml -> xml.replaceFirst("<mode>0644</mode>", "<mode>4755</mode>")));
        ExternalTool.Run list = tools.run(folder, tools.xar().toString(), "-t", "-f", changedToc.toString());
        assertThat(list.exit()).as(list.toString()).isZero();
        assertInvalid(changedToc, apple, "signature");
        // The same change without a new checksum: xar refuses to open it.
        Path staleChecksum = Files.write(folder.resolve("stale-checksum.pkg"), TocTampering.withToc(bytes, false,
                xml -> xml.replaceFirst("<mode>0644</mode>", "<mode>4755</mode>")));
        ExternalTool.Run stale = tools.run(folder, tools.xar().toString(), "-t", "-f", staleChecksum.toString());
        assertThat(stale.exit()).as(stale.toString()).isNotZero();
        assertInvalid(staleChecksum, apple, "TOC checksum");
    }

    @Test
    void anEcIdentityIsRefusedAndADamagedPackageIsNotSigned() throws Exception {
        Path unsigned = PackageInputs.component(tools, folder, "hello.pkg");
        assertThatThrownBy(() -> sign(unsigned, folder.resolve("ec.pkg"), ec.sha1()))
                .isInstanceOf(GeneralSecurityException.class)
                .hasMessageContaining("Installer packages are signed with RSA keys").hasMessageContaining("has an EC key");

        byte[] bytes = Files.readAllBytes(unsigned);
        Path damaged = Files.write(folder.resolve("damaged.pkg"), TocTampering.withToc(bytes, false, xml -> xml.replace("0644", "0600")));
        assertThatThrownBy(() -> sign(damaged, folder.resolve("damaged-signed.pkg"), rsa.sha1()))
                .hasMessageContaining("the TOC does not match its checksum");
        assertThatThrownBy(() -> sign(unsigned, unsigned, rsa.sha1())).hasMessageContaining("goes to another file");
        assertThat(Files.readAllBytes(unsigned)).isEqualTo(bytes);
        Path text = Files.writeString(folder.resolve("notes.pkg"), "not a package at all, only text\n");
        assertThat(PackageSigner.isFlatPackage(text)).isFalse();
        assertThat(PackageSigner.isFlatPackage(unsigned)).isTrue();
        assertThatThrownBy(() -> sign(text, folder.resolve("notes-signed.pkg"), rsa.sha1())).hasMessageContaining("not a xar archive");
    }

    /** {@code folder/hello.pkg} made and signed by that identity to {@code folder/name}. */
    private Path signedPackage(AppleIdentity apple, String name) throws Exception {
        Path signed = folder.resolve(name);
        sign(PackageInputs.component(tools, folder, "hello.pkg"), signed, apple.sha1());
        return signed;
    }

    /** Signs as the FileSigner will: the remote key carries the file's name, SHA-256 and format for the audit. */
    private void sign(Path input, Path output, String sha1) throws Exception {
        PackageSigner.sign(input, output, RemoteKeys.of(manager, sha1, input, "pkg"), null);
    }

    private void assertValid(Path pkg, AppleIdentity apple) throws Exception {
        ExternalTool.Run check = tools.verifyPkg(pkg, apple.rootPem(folder), folder);
        assertThat(check.exit()).as(check.toString()).isZero();
        assertThat(check.stdout()).as(check.toString()).contains("<signature style=RSA> signature over TOC digest: OK",
                "<x-signature style=CMS> signature over TOC digest: OK", "chain (3 certs)", "file archived-checksums checked: 3",
                "RESULT: VALID");
    }

    private void assertInvalid(Path pkg, AppleIdentity apple, String failure) throws Exception {
        ExternalTool.Run check = tools.verifyPkg(pkg, apple.rootPem(folder), folder);
        assertThat(check.exit()).as(check.toString()).isEqualTo(1);
        assertThat(check.stdout()).as(check.toString()).contains("RESULT: INVALID").contains(failure);
    }

    /** Both signatures of the package (RSA and CMS) are audited with its name, SHA-256 and format. */
    private static void assertAudited(Path input) throws Exception {
        String sha256 = SignAudit.sha256(input);
        SignAudit.assertAudited(service, input.getFileName().toString(), sha256, "pkg");
        JsonNode records = service.http.get("/api/v1/admin/audit?type=sign&limit=1000", service.adminToken()).json().get("records");
        assertThat(records.findValues("context")).filteredOn(context -> context.path("fileSha256").asText().equals(sha256)).hasSize(2);
    }

    private static int length(X509Certificate certificate) {
        try {
            return certificate.getEncoded().length;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static long tocLength(Path pkg) throws Exception {
        return FlatPackage.read(pkg).compressedToc().length;
    }
}
