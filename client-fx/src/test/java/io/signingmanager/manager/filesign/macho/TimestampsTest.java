package io.signingmanager.manager.filesign.macho;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signingmanager.manager.filesign.TestTimestampAuthority;
import io.signingmanager.manager.testing.AppleTools;
import io.signingmanager.manager.testing.MachOInputs;
import io.signingmanager.manager.testing.AppleSigningTest;
import io.signingmanager.manager.testing.RemoteKeys;
import io.signingmanager.service.testing.ExternalTool;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.tsp.TimeStampToken;
import org.junit.jupiter.api.Test;

/** {@code --timestamp-url}: the CMS signature's RFC 3161 token from a local authority, over the signature. */
class TimestampsTest extends AppleSigningTest {
    @Test
    void theSignatureCarriesATimeStampOfItselfAndStillVerifies() throws Exception {
        AppleTools tools = AppleTools.get();
        Path binary = MachOInputs.universal(folder, "stamped");
        try (TestTimestampAuthority tsa = TestTimestampAuthority.start()) {
            MachOSigner.sign(binary, RemoteKeys.of(manager, apple.sha1(), binary, "macho"),
                    new MachOOptions("com.example.stamped", true, null, tsa.url()));
        }

        ExternalTool.Run valid = tools.verifyMacho(binary, apple.rootPem(folder), folder);
        assertThat(valid.exit()).as(valid.toString()).isZero();
        byte[] bytes = Files.readAllBytes(binary);
        byte[] slice = UniversalBinary.slices(bytes).get(0).data();
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

        assertThatThrownBy(() -> MachOSigner.sign(binary, RemoteKeys.of(manager, apple.sha1(), binary, "macho"),
                new MachOOptions("com.example.hello", false, null, URI.create("http://127.0.0.1:9/tsa"))))
                .isInstanceOf(java.io.IOException.class);
        assertThat(Files.readAllBytes(binary)).isEqualTo(before);
    }
}
