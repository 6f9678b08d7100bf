package io.signingmanager.manager.ui.signfiles;

import static org.assertj.core.api.Assertions.assertThat;

import io.signingmanager.manager.filesign.FileFormat;
import org.junit.jupiter.api.Test;

/** Sign Files' file chooser offers exactly the formats the Signing Manager signs. */
class FilesToSignTest {

    @Test
    void theChoosersExtensionsAreFileFormats() {
        assertThat(FilesToSign.signable().getExtensions())
                .containsExactlyElementsOf(FileFormat.allExtensions().stream().map(extension -> "*." + extension).toList())
                .contains("*.war", "*.ear", "*.wsf", "*.msixbundle");
    }
}
