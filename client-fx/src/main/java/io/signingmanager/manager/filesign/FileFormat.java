package io.signingmanager.manager.filesign;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import net.jsign.cat.CatalogFile;
import net.jsign.msi.MSIFile;
import net.jsign.mscab.MSCabinetFile;
import net.jsign.navx.NAVXFile;
import net.jsign.pe.PEFile;

/**
 * The kinds of file the Signing Manager signs, told apart the way jsign tells them apart: by content
 * for the binary containers, by extension for the zip packages and the scripts. The code is what
 * the audit records as the signature's {@code format}.
 */
public enum FileFormat {
    JAR("jar", "Java archive", file -> hasExtension(file, List.of("jar", "war", "ear")) && isZip(file)),
    PE("pe", "Windows executable (PE)", file -> PEFile.isPEFile(file.toFile())),
    MSI("msi", "Windows Installer package", file -> MSIFile.isMSIFile(file.toFile())),
    CAB("cab", "Cabinet archive", file -> MSCabinetFile.isMSCabinetFile(file.toFile())),
    CATALOG("cat", "Security catalog", file -> CatalogFile.isCatalogFile(file.toFile())),
    NAVX("navx", "Dynamics NAV extension", file -> NAVXFile.isNAVXFile(file.toFile())),
    APPX("appx", "App package (APPX/MSIX)", extension("appx", "appxbundle", "msix", "msixbundle")),
    NUGET("nuget", "NuGet package", extension("nupkg")),
    POWERSHELL("powershell", "PowerShell script", extension("ps1", "psd1", "psm1")),
    POWERSHELL_XML("powershell-xml", "PowerShell XML", extension("ps1xml")),
    VBSCRIPT("vbscript", "VBScript", extension("vbs", "vbe")),
    JSCRIPT("jscript", "JScript", extension("js", "jse")),
    WINDOWS_SCRIPT("wsf", "Windows Script File", extension("wsf"));

    /** Whether a file is of a format. */
    private interface Detector {
        boolean matches(Path file) throws IOException;
    }

    private final String code;
    private final String description;
    private final Detector detector;

    FileFormat(String code, String description, Detector detector) {
        this.code = code;
        this.description = description;
        this.detector = detector;
    }

    /** What the audit records, like {@code jar} or {@code pe}. */
    public String code() {
        return code;
    }

    /** For people, like "Windows executable (PE)". */
    public String description() {
        return description;
    }

    /** Signed by the JDK's JarSigner; every other format by jsign's Authenticode signer. */
    public boolean isJar() {
        return this == JAR;
    }

    /** The format of that file, or empty when the Signing Manager cannot sign it. */
    public static Optional<FileFormat> of(Path file) throws IOException {
        for (FileFormat format : values()) {
            if (format.detector.matches(file)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    private static Detector extension(String... extensions) {
        return file -> hasExtension(file, List.of(extensions));
    }

    private static boolean hasExtension(Path file, List<String> extensions) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return extensions.stream().anyMatch(extension -> name.endsWith("." + extension));
    }

    private static boolean isZip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(4), new byte[] {'P', 'K', 3, 4});
        }
    }
}
