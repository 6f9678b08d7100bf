package io.signingmanager.manager.filesign;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import net.jsign.Signable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every format jsign signs for us is opened by its own jsign provider (not by {@code Signable.of}, which asks
 * them all): none is missing, and each opens a file of its kind as the same jsign class {@code Signable.of}
 * would choose. The signatures themselves are checked with real files in {@link FileSigningTest}.
 */
class AuthenticodeSigningTest {
    /** Signed by the JDK's JarSigner or by our Apple signers, not by jsign. */
    private static final Set<FileFormat> NOT_AUTHENTICODE = Set.of(FileFormat.JAR, FileFormat.MACHO, FileFormat.PKG,
            FileFormat.APP);

    @TempDir
    Path folder;

    @Test
    void everyAuthenticodeFormatHasItsOpener() throws Exception {
        for (FileFormat format : FileFormat.values()) {
            if (NOT_AUTHENTICODE.contains(format)) {
                continue;
            }
            Path file = Files.writeString(folder.resolve("file-" + format.code() + "." + format.extensions().get(0)), "x\r\n");
            try (Signable signable = AuthenticodeSigning.open(file, format, null)) {
                assertThat(signable).as(format.name()).isNotNull();
            } catch (IllegalArgumentException e) {
                assertThat(e.getMessage()).as(format.name()).doesNotContain("is not an Authenticode format");
            } catch (Exception e) {
                // A provider that reads the content refuses this text; that it was asked at all is the point.
                assertThat(e).as(format.name()).isNotInstanceOf(NullPointerException.class);
            }
        }
    }

    @Test
    void scriptsOpenAsJsignWouldOpenThem() throws Exception {
        for (FileFormat format : Set.of(FileFormat.POWERSHELL, FileFormat.POWERSHELL_XML, FileFormat.VBSCRIPT,
                FileFormat.JSCRIPT, FileFormat.WINDOWS_SCRIPT)) {
            for (String extension : format.extensions()) {
                Path file = Files.writeString(folder.resolve("script." + extension), "x\r\n");
                try (Signable ours = AuthenticodeSigning.open(file, format, null); Signable jsign = Signable.of(file.toFile())) {
                    assertThat(ours.getClass()).as(extension).isEqualTo(jsign.getClass());
                }
            }
        }
    }
}
