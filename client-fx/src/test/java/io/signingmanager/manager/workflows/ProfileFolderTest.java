package io.signingmanager.manager.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProfileFolderTest {
    @Test
    void onMacOsProfilesGoWhereXcodeReadsThem() {
        assertThat(ProfileFolder.defaultFor("Mac OS X", Path.of("/Users/ci"), Path.of("/tmp/build")))
                .isEqualTo(Path.of("/Users/ci/Library/MobileDevice/Provisioning Profiles"));
    }

    @Test
    void elsewhereIntoTheCurrentFolder() {
        assertThat(ProfileFolder.defaultFor("Linux", Path.of("/home/ci"), Path.of("/tmp/build")))
                .isEqualTo(Path.of("/tmp/build"));
    }
}
