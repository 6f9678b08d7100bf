package io.signingmanager.manager.filesign;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import io.signingmanager.manager.testing.UnsignedInputs;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FileFormat is the one list of what the Signing Manager signs; the README says the same. */
class FileFormatTest {
    @TempDir
    Path folder;

    /**
     * Binary containers are told by content whatever their name (a PE named .ps1 is signed as a PE, as jsign
     * would), scripts by name; a file that only starts like a container, or is empty, is not taken for one.
     */
    @Test
    void containersAreToldByContentAndScriptsByName() throws Exception {
        Path exe = UnsignedInputs.exe(Files.createDirectory(folder.resolve("exe")));
        Path cab = UnsignedInputs.cab(Files.createDirectory(folder.resolve("cab")));
        Path msi = UnsignedInputs.msi(Files.createDirectory(folder.resolve("msi")));
        assertThat(FileFormat.of(Files.copy(exe, folder.resolve("looks-like.ps1")))).contains(FileFormat.PE);
        assertThat(FileFormat.of(Files.copy(cab, folder.resolve("files.dat")))).contains(FileFormat.CAB);
        assertThat(FileFormat.of(Files.copy(msi, folder.resolve("installer.bin")))).contains(FileFormat.MSI);
        assertThat(FileFormat.of(UnsignedInputs.powerShell(folder))).contains(FileFormat.POWERSHELL);
        assertThat(FileFormat.of(Files.writeString(folder.resolve("fake.exe"), "MZ but nothing after"))).isEmpty();
        assertThat(FileFormat.of(Files.writeString(folder.resolve("fake.ps1"), "MZ\r\n"))).contains(FileFormat.POWERSHELL);
        assertThat(FileFormat.of(Files.write(folder.resolve("fake.cat"), new byte[] {0x30, 0x03, 1, 2, 3}))).isEmpty();
        assertThat(FileFormat.of(Files.write(folder.resolve("empty.exe"), new byte[0]))).isEmpty();
        assertThat(FileFormat.of(Files.write(folder.resolve("empty.js"), new byte[0]))).contains(FileFormat.JSCRIPT);
    }

    @Test
    void everyFormatHasExtensionsAndNoExtensionBelongsToTwo() {
        for (FileFormat format : FileFormat.values()) {
            assertThat(format.extensions()).as(format.name()).isNotEmpty();
        }
        assertThat(FileFormat.allExtensions()).doesNotHaveDuplicates()
                .contains("jar", "war", "ear", "exe", "msi", "wsf", "msix", "msixbundle", "nupkg", "ps1xml");
    }

    @Test
    void theReadmeNamesEveryExtension() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        String formats = readme.substring(readme.indexOf("## Signing files"));

        for (String extension : FileFormat.allExtensions()) {
            assertThat(formats).as(extension).contains("`." + extension + "`");
        }
    }
}
