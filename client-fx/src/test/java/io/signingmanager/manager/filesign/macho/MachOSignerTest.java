package io.signingmanager.manager.filesign.macho;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signingmanager.manager.filesign.SigningKey;
import io.signingmanager.manager.filesign.TestTimestampAuthority;
import io.signingmanager.manager.testing.AppleTools;
import io.signingmanager.manager.testing.MachOInputs;
import io.signingmanager.manager.testing.AppleSigningTest;
import io.signingmanager.manager.testing.RemoteKeys;
import io.signingmanager.manager.testing.SignAudit;
import io.signingmanager.service.testing.ExternalTool;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.tsp.TimeStampToken;
import org.junit.jupiter.api.Test;

/**
 * Mach-O files made by clang, lld and llvm-lipo, signed with an Apple-shaped identity held by a real
 * Signing Service; checked by signapple ({@code verify_macho.py}) against the test root and compared
 * with ldid's CDHash; time-stamped by a local authority. Skipped, saying why, where ../shared/apple-tools is missing (outside CI).
 */
class MachOSignerTest extends AppleSigningTest {
    private static final String IDENTIFIER = "com.example.hello";
    @Test
    void thinStrippedAndUniversalBinariesVerifyAndAFlippedCodeByteIsRefused() throws Exception {
        AppleTools tools = AppleTools.get();
        Path root = apple.rootPem(folder);
        List<Path> binaries = List.of(MachOInputs.thin(folder, "x86_64", "hello-x86_64"),
                MachOInputs.thin(folder, "arm64", "hello-arm64"), MachOInputs.stripped(folder, "x86_64", "hello-stripped"),
                MachOInputs.universal(folder, "hello-universal"));
        for (Path binary : binaries) {
            String sha256 = SignAudit.sha256(binary);

            List<String> cdHashes = MachOSigner.sign(binary, key(apple.sha1(), binary),
                    new MachOOptions(IDENTIFIER, true, null, null));

            assertThat(cdHashes).as(binary.toString()).hasSize(binary.toString().endsWith("universal") ? 2 : 1);
            ExternalTool.Run valid = tools.verifyMacho(binary, root, folder);
            assertThat(valid.exit()).as(valid.toString()).isZero();
            assertThat(valid.stdout()).as(valid.toString()).startsWith("VALID");
            SignAudit.assertAudited(service, binary.getFileName().toString(), sha256, "macho");

            Path changed = Files.write(folder.resolve(binary.getFileName() + "-changed"), flipCodeByte(binary));
            ExternalTool.Run invalid = tools.verifyMacho(changed, root, folder);
            assertThat(invalid.exit()).as(invalid.toString()).isEqualTo(1);
            assertThat(invalid.stdout()).as(invalid.toString()).startsWith("INVALID");
        }
    }

    @Test
    void aSignedBinaryIsSignedAgainOverItsSignature() throws Exception {
        AppleTools tools = AppleTools.get();
        Path binary = MachOInputs.thin(folder, "x86_64", "hello");
        MachOSigner.sign(binary, key(apple.sha1(), binary), new MachOOptions(IDENTIFIER, false, null, null));
        long once = Files.size(binary);

        MachOSigner.sign(binary, key(apple.sha1(), binary), new MachOOptions(IDENTIFIER, true, null, null));

        assertThat(Files.size(binary)).isEqualTo(once);
        ExternalTool.Run valid = tools.verifyMacho(binary, apple.rootPem(folder), folder);
        assertThat(valid.exit()).as(valid.toString()).isZero();
    }

    /**
     * ldid signs a copy with the same identifier, team (from the certificate's OU), flags and
     * requirements (ours, passed with -Q: ldid's own designated requirement names the subject CN);
     * without entitlements, since ldid adds the DER form we do not write yet.
     */
    @Test
    void ourCdHashIsTheOneLdidComputesForTheSameChoices() throws Exception {
        AppleTools tools = AppleTools.get();
        for (String arch : List.of("x86_64", "arm64")) {
            Path ours = MachOInputs.thin(folder, arch, "ours-" + arch);
            Path theirs = Files.copy(ours, folder.resolve("ldid-" + arch));
            Path p12 = Files.write(folder.resolve("apple.p12"), apple.identity().p12("secret"));
            Path requirements = Files.write(folder.resolve("requirements.bin"),
                    Requirements.designated(IDENTIFIER, AppleCertificate.of(apple.leaf())));

            String cdHash = MachOSigner.sign(ours, key(apple.sha1(), ours), new MachOOptions(IDENTIFIER, true, null, null))
                    .get(0);
            ExternalTool.Run ldid = tools.run(folder, tools.ldid().toString(), "-S", "-Hsha256", "-Cruntime",
                    "-K" + p12, "-Usecret", "-I" + IDENTIFIER, "-Q" + requirements, theirs.toString());
            assertThat(ldid.exit()).as(ldid.toString()).isZero();
            ExternalTool.Run printed = tools.run(folder, tools.ldid().toString(), "-h", theirs.toString());

            assertThat(printed.stdout()).as(printed.toString()).contains("CDHash=" + cdHash);
        }
    }

    /** {@code --timestamp-url}: the CMS signature's RFC 3161 token from a local authority, over the signature. */
    @Test
    void aTimeStampedSignatureCarriesATokenOfItselfAndStillVerifies() throws Exception {
        AppleTools tools = AppleTools.get();
        Path binary = MachOInputs.universal(folder, "stamped");
        try (TestTimestampAuthority tsa = TestTimestampAuthority.start()) {
            MachOSigner.sign(binary, key(apple.sha1(), binary), new MachOOptions("com.example.stamped", true, null, tsa.url()));
        }

        ExternalTool.Run valid = tools.verifyMacho(binary, apple.rootPem(folder), folder);
        assertThat(valid.exit()).as(valid.toString()).isZero();
        byte[] slice = UniversalBinary.slices(Files.readAllBytes(binary)).get(0).data();
        byte[] wrapper = SliceSigner.blob(slice, Blobs.SLOT_SIGNATURE);
        SignerInformation signer = new CMSSignedData(Arrays.copyOfRange(wrapper, 8, wrapper.length)).getSignerInfos()
                .getSigners().iterator().next();
        Attribute stamp = signer.getUnsignedAttributes().get(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken);
        TimeStampToken token = new TimeStampToken(new CMSSignedData(stamp.getAttrValues().getObjectAt(0).toASN1Primitive()
                .getEncoded()));
        assertThat(token.getTimeStampInfo().getMessageImprintDigest()).isEqualTo(CodeDirectory.sha256(signer.getSignature()));
    }

    @Test
    void anUnreachableAuthorityFailsTheSigningAndLeavesTheFile() throws Exception {
        Path binary = MachOInputs.thin(folder, "x86_64", "hello");
        byte[] before = Files.readAllBytes(binary);

        assertThatThrownBy(() -> MachOSigner.sign(binary, key(apple.sha1(), binary),
                new MachOOptions(IDENTIFIER, false, null, URI.create("http://127.0.0.1:9/tsa"))))
                .isInstanceOf(java.io.IOException.class);
        assertThat(Files.readAllBytes(binary)).isEqualTo(before);
    }

    @Test
    void anEcIdentityIsRefusedSayingWhy() throws Exception {
        Path binary = MachOInputs.thin(folder, "x86_64", "hello");
        byte[] before = Files.readAllBytes(binary);

        assertThatThrownBy(() -> MachOSigner.sign(binary, key(ec.sha1(), binary), new MachOOptions(IDENTIFIER, false, null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("EC key")
                .hasMessageContaining("sign with an RSA identity");
        assertThat(Files.readAllBytes(binary)).isEqualTo(before);
    }

    @Test
    void onlyMachOFilesAreTakenForMachO() throws Exception {
        Path binary = MachOInputs.thin(folder, "arm64", "hello");
        Path text = Files.writeString(folder.resolve("notes.txt"), "not a Mach-O file at all\n");
        Path classFile = Files.write(folder.resolve("A.class"), new byte[] {(byte) 0xca, (byte) 0xfe, (byte) 0xba, (byte) 0xbe, 0, 0, 0, 61});

        assertThat(MachOSigner.isMachO(binary)).isTrue();
        assertThat(MachOSigner.isMachO(text)).isFalse();
        assertThat(MachOSigner.isMachO(classFile)).as("a Java class file shares the universal magic").isFalse();
    }

    private SigningKey key(String sha1, Path file) throws Exception {
        return RemoteKeys.of(manager, sha1, file, "macho");
    }

    /** The file with one bit of its first code page (past the header and load commands) flipped. */
    private static byte[] flipCodeByte(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        int slice = UniversalBinary.isUniversal(bytes) ? UniversalBinary.sliceOffset(bytes, 0) : 0;
        bytes[slice + 0x1000 + 0x20] ^= 1;
        return bytes;
    }

}
