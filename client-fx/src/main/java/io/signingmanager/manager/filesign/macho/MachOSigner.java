package io.signingmanager.manager.filesign.macho;

import io.signingmanager.manager.filesign.SigningKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Signs Mach-O executables and libraries, thin or universal (x86_64, arm64), with an embedded
 * signature written as Apple's tools write it (see {@link SliceSigner}), in place. The RSA signature
 * is made by the key's provider: for a remote identity only the digest crosses the network.
 */
public final class MachOSigner {
    private MachOSigner() {
    }

    /** Whether the file starts as a 64-bit Mach-O or a universal one. */
    public static boolean isMachO(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] start = in.readNBytes(8);
            return MachOSlice.isMachO64(pad(start)) || UniversalBinary.isUniversal(start);
        }
    }

    /**
     * Signs that file in place and answers each slice's CDHash (hex, 40 digits); an
     * {@link IllegalArgumentException} when the identity cannot sign Apple code (an EC key, no team).
     */
    public static List<String> sign(Path file, SigningKey key, MachOOptions options) throws Exception {
        AppleCertificate apple = AppleCertificate.of(key.chain().get(0));
        byte[] input = Files.readAllBytes(file);
        List<byte[]> signedSlices = new ArrayList<>();
        byte[] output;
        try {
            if (UniversalBinary.isUniversal(input)) {
                List<UniversalBinary.Slice> slices = new ArrayList<>();
                for (UniversalBinary.Slice slice : UniversalBinary.slices(input)) {
                    byte[] signed = SliceSigner.sign(slice.data(), options, key, apple);
                    signedSlices.add(signed);
                    slices.add(new UniversalBinary.Slice(slice.cpuType(), slice.cpuSubtype(), slice.align(), signed));
                }
                output = UniversalBinary.join(slices);
            } else {
                output = SliceSigner.sign(input, options, key, apple);
                signedSlices.add(output);
            }
        } catch (IOException e) {
            throw new IOException("Cannot sign " + file.getFileName() + " as a Mach-O: " + e.getMessage(), e);
        }
        Files.write(file, output);
        List<String> cdHashes = new ArrayList<>();
        for (byte[] slice : signedSlices) {
            cdHashes.add(HexFormat.of().formatHex(SliceSigner.cdHash(slice)));
        }
        return cdHashes;
    }

    /**
     * The designated requirement that {@link #sign} writes for that identifier and signing certificate,
     * in the requirement language: what a bundle's CodeResources says its nested code must satisfy.
     */
    public static String designatedRequirement(String identifier, X509Certificate leaf) {
        return Requirements.designatedText(identifier, AppleCertificate.of(leaf));
    }

    private static byte[] pad(byte[] start) {
        byte[] header = new byte[MachOSlice.HEADER_SIZE];
        System.arraycopy(start, 0, header, 0, start.length);
        return header;
    }
}
