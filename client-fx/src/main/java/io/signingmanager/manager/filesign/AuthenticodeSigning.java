package io.signingmanager.manager.filesign;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.EnumMap;
import java.util.Map;
import net.jsign.AuthenticodeSigner;
import net.jsign.DigestAlgorithm;
import net.jsign.Signable;
import net.jsign.pe.QuickChecksumPeFile;
import net.jsign.spi.APPXSignableProvider;
import net.jsign.spi.CatalogSignableProvider;
import net.jsign.spi.JScriptSignableProvider;
import net.jsign.spi.MSCabinetSignableProvider;
import net.jsign.spi.MSISignableProvider;
import net.jsign.spi.NAVXSignableProvider;
import net.jsign.spi.NugetSignableProvider;
import net.jsign.spi.PowerShellSignableProvider;
import net.jsign.spi.PowerShellXMLSignableProvider;
import net.jsign.spi.SignableProvider;
import net.jsign.spi.VBScriptSignableProvider;
import net.jsign.spi.WindowsScriptSignableProvider;
import net.jsign.timestamp.TimestampingMode;

/**
 * Signs the Authenticode formats (PE, MSI, CAB, catalogs, APPX/MSIX, NuGet, scripts) with jsign, in
 * place: jsign rewrites the file it opened. The file is opened by its format's own jsign provider:
 * {@link FileFormat} already told the format as jsign tells it, and {@code Signable.of} would ask every
 * provider in turn again (loading them through a {@code ServiceLoader} and opening the file for each),
 * a noticeable part of signing a small script.
 */
final class AuthenticodeSigning {
    private static final Map<FileFormat, SignableProvider> OPENERS = new EnumMap<>(Map.ofEntries(
            Map.entry(FileFormat.MSI, new MSISignableProvider()),
            Map.entry(FileFormat.CAB, new MSCabinetSignableProvider()),
            Map.entry(FileFormat.CATALOG, new CatalogSignableProvider()),
            Map.entry(FileFormat.NAVX, new NAVXSignableProvider()),
            Map.entry(FileFormat.APPX, new APPXSignableProvider()),
            Map.entry(FileFormat.NUGET, new NugetSignableProvider()),
            Map.entry(FileFormat.POWERSHELL, new PowerShellSignableProvider()),
            Map.entry(FileFormat.POWERSHELL_XML, new PowerShellXMLSignableProvider()),
            Map.entry(FileFormat.VBSCRIPT, new VBScriptSignableProvider()),
            Map.entry(FileFormat.JSCRIPT, new JScriptSignableProvider()),
            Map.entry(FileFormat.WINDOWS_SCRIPT, new WindowsScriptSignableProvider())));

    private AuthenticodeSigning() {
    }

    /** The digest jsign uses with keys like that one. */
    static DigestAlgorithm digestFor(PrivateKey key) {
        return DigestAlgorithm.valueOf("SHA" + SigningKey.digestBits(key));
    }

    /**
     * Signs that file of that format; time-stamped (RFC 3161) when {@code tsa} is not {@code null}. A PE
     * file's {@code known} digest, made while it was copied, spares jsign reading it again ({@code null} for none).
     */
    static void sign(Path file, FileFormat format, SigningKey key, URI tsa, QuickChecksumPeFile.Known known)
            throws Exception {
        AuthenticodeSigner signer = new AuthenticodeSigner(key.chain().toArray(Certificate[]::new), key.privateKey())
                .withDigestAlgorithm(digestFor(key.privateKey()))
                .withSignatureAlgorithm(key.signatureAlgorithm(), key.provider())
                .withTimestamping(tsa != null);
        if (tsa != null) {
            signer.withTimestampingMode(TimestampingMode.RFC3161).withTimestampingAuthority(tsa.toString());
        }
        try (Signable signable = open(file, format, known)) {
            signer.sign(signable);
        }
    }

    /**
     * The file opened by its format's jsign provider, a PE file with its {@code known} digest if any;
     * package-private for the test that every format has one.
     */
    static Signable open(Path file, FileFormat format, QuickChecksumPeFile.Known known) throws IOException {
        if (format == FileFormat.PE) {
            return new QuickChecksumPeFile(file, known);
        }
        SignableProvider opener = OPENERS.get(format);
        if (opener == null) {
            throw new IllegalArgumentException(format.description() + " is not an Authenticode format");
        }
        // No charset: the scripts' own detection (a byte order mark, else UTF-8), as Signable.of does it.
        return opener.create(file.toFile(), null);
    }
}
