package io.signingmanager.manager.filesign;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** FileFormat is the one list of what the Signing Manager signs; the README says the same. */
class FileFormatTest {

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
