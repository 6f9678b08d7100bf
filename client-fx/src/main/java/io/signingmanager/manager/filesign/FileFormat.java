package io.signingmanager.manager.filesign;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import io.signingmanager.manager.filesign.bundle.BundleSigner;
import io.signingmanager.manager.filesign.macho.MachOSigner;
import io.signingmanager.manager.filesign.pkg.PackageSigner;
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
    JAR("jar", "Java archive", Told.BY_EXTENSION, starting(), FileFormat::isZip, "jar", "war", "ear"),
    PE("pe", "Windows executable (PE)", Told.BY_CONTENT, starting('M', 'Z'), file -> PEFile.isPEFile(file.toFile()),
            "exe", "dll", "sys", "ocx", "scr", "cpl", "efi"),
    MSI("msi", "Windows Installer package", Told.BY_CONTENT, starting(0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1),
            file -> MSIFile.isMSIFile(file.toFile()), "msi"),
    CAB("cab", "Cabinet archive", Told.BY_CONTENT, starting('M', 'S', 'C', 'F'),
            file -> MSCabinetFile.isMSCabinetFile(file.toFile()), "cab"),
    /** A PKCS#7 signed data object in DER: a SEQUENCE. */
    CATALOG("cat", "Security catalog", Told.BY_CONTENT, starting(0x30), file -> CatalogFile.isCatalogFile(file.toFile()),
            "cat"),
    NAVX("navx", "Dynamics NAV extension", Told.BY_CONTENT, starting('N', 'A', 'V', 'X'),
            file -> NAVXFile.isNAVXFile(file.toFile()), "navx"),
    APPX("appx", "App package (APPX/MSIX)", Told.BY_EXTENSION, starting(), FileFormat::any, "appx", "appxbundle", "msix",
            "msixbundle"),
    NUGET("nuget", "NuGet package", Told.BY_EXTENSION, starting(), FileFormat::any, "nupkg"),
    POWERSHELL("powershell", "PowerShell script", Told.BY_EXTENSION, starting(), FileFormat::any, "ps1", "psd1", "psm1"),
    POWERSHELL_XML("powershell-xml", "PowerShell XML", Told.BY_EXTENSION, starting(), FileFormat::any, "ps1xml"),
    VBSCRIPT("vbscript", "VBScript", Told.BY_EXTENSION, starting(), FileFormat::any, "vbs", "vbe"),
    JSCRIPT("jscript", "JScript", Told.BY_EXTENSION, starting(), FileFormat::any, "js", "jse"),
    WINDOWS_SCRIPT("wsf", "Windows Script File", Told.BY_EXTENSION, starting(), FileFormat::any, "wsf"),
    /** Thin 64-bit or universal; a Java class file (also 0xCAFEBABE) is not taken for a universal binary. */
    MACHO("macho", "Mach-O executable or library", Told.BY_CONTENT, starting(), MachOSigner::isMachO, "dylib"),
    PKG("pkg", "Flat installer package (xar)", Told.BY_CONTENT, starting('x', 'a', 'r', '!'), PackageSigner::isFlatPackage,
            "pkg"),
    /** A folder: an app, a framework, an XPC service, an app extension or a plug-in, with its executable. */
    APP("app", "macOS bundle (folder)", Told.BY_CONTENT, starting(), BundleSigner::isBundle, "app", "framework", "xpc", "appex",
            "bundle", "plugin");

    /** How a file is told to be of a format, as jsign tells it. */
    private enum Told {
        /** By its content alone; the extensions are only the usual names, for file choosers and help. */
        BY_CONTENT,
        /** By its extension, and then by the check on its content. */
        BY_EXTENSION
    }

    /** Whether a file's content fits a format. */
    private interface Detector {
        boolean matches(Path file) throws IOException;
    }

    private final String code;
    private final String description;
    /** The longest {@link #magic}: what {@link #of} reads of a file's start, once for all formats. */
    private static final int HEAD_BYTES = 8;

    private final Told told;
    /**
     * What the file must start with for {@link #detector} to be asked at all: its format's signature, which
     * the detector checks too (jsign's by opening and parsing the file, a non-match thrown and caught), so
     * asking only files that start right gives the same answer for a fraction of the work.
     */
    private final byte[] magic;
    private final Detector detector;
    private final List<String> extensions;

    FileFormat(String code, String description, Told told, byte[] magic, Detector detector, String... extensions) {
        this.code = code;
        this.description = description;
        this.told = told;
        this.magic = magic;
        this.detector = detector;
        this.extensions = List.of(extensions);
    }

    /** What the audit records, like {@code jar} or {@code pe}. */
    public String code() {
        return code;
    }

    /** For people, like "Windows executable (PE)". */
    public String description() {
        return description;
    }

    /** Signed by the JDK's JarSigner; Mach-O files, bundles and packages by our Apple signers; the rest by jsign. */
    public boolean isJar() {
        return this == JAR;
    }

    /** Whether codesign's options (identifier, entitlements, hardened runtime) apply: Mach-O files and bundles. */
    public boolean takesCodeSignOptions() {
        return this == MACHO || this == APP;
    }

    /** A folder (a bundle), not a file. */
    public boolean isFolder() {
        return this == APP;
    }

    /** The usual extensions of the format's files, without the dot, like {@code jar}, {@code war}. */
    public List<String> extensions() {
        return extensions;
    }

    /** Every format's extensions, in the order of the formats: what file choosers and help offer. */
    public static List<String> allExtensions() {
        return Arrays.stream(values()).flatMap(format -> format.extensions.stream()).toList();
    }

    /** For people: every format and its extensions, like "Java archive (.jar .war .ear), Windows executable ...". */
    public static String list() {
        return Arrays.stream(values()).map(format -> format.description + " (" + format.extensions.stream()
                .map(extension -> "." + extension).collect(Collectors.joining(" ")) + ")")
                .collect(Collectors.joining(", "));
    }

    /** The format of that file (or bundle folder), or empty when the Signing Manager cannot sign it. */
    public static Optional<FileFormat> of(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            return APP.detector.matches(file) ? Optional.of(APP) : Optional.empty();
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(HEAD_BYTES);
        }
        for (FileFormat format : values()) {
            if (format.matches(file, head)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    private boolean matches(Path file, byte[] head) throws IOException {
        return (told == Told.BY_CONTENT || hasExtension(file, extensions))
                && head.length >= magic.length && Arrays.equals(head, 0, magic.length, magic, 0, magic.length)
                && detector.matches(file);
    }

    /** The bytes a format's files start with, none when the detector alone tells. */
    private static byte[] starting(int... bytes) {
        byte[] magic = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            magic[i] = (byte) bytes[i];
        }
        return magic;
    }

    private static boolean any(Path file) {
        return true;
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
