package io.signingmanager.common.commands;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The commands exactly as the guide's examples print them. */
class SigningCommandsTest {
    @Test
    void codesignEndsWithASpaceForThePath() {
        assertThat(SigningCommands.codesign("74FD9E670CFB7C906630B49FD26591CD66C66D79"))
                .isEqualTo("codesign -fs \"74FD9E670CFB7C906630B49FD26591CD66C66D79\" ");
    }

    @Test
    void productsignNamesTheSourceAndDestinationPackages() {
        assertThat(SigningCommands.productsign("125F19515E25FA23CC1BA82E3E7A09D0A2097980"))
                .isEqualTo("productsign --sign \"125F19515E25FA23CC1BA82E3E7A09D0A2097980\" source.pkg destination.pkg");
    }
}
