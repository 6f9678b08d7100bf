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

    @Test
    void codesignAppTimestampsWithEntitlementsAndNoDeep() {
        assertThat(SigningCommands.codesignApp("125F19515E25FA23CC1BA82E3E7A09D0A2097980", false)).isEqualTo(
                "codesign --force --sign \"125F19515E25FA23CC1BA82E3E7A09D0A2097980\" --timestamp"
                        + " --entitlements MyApp.entitlements MyApp.app");
    }

    @Test
    void codesignAppForDeveloperIdUsesTheHardenedRuntime() {
        assertThat(SigningCommands.codesignApp("125F19515E25FA23CC1BA82E3E7A09D0A2097980", true))
                .contains(" --timestamp --options runtime --entitlements ");
    }

    @Test
    void embedProfileQuotesAFolderWithSpaces() {
        assertThat(SigningCommands.embedProfile("/Users/ci/Library/MobileDevice/Provisioning Profiles/A.provisionprofile"))
                .isEqualTo("cp '/Users/ci/Library/MobileDevice/Provisioning Profiles/A.provisionprofile'"
                        + " MyApp.app/Contents/embedded.provisionprofile");
    }

    private static final String SHA1 = "74FD9E670CFB7C906630B49FD26591CD66C66D79";
    private static final String MODULE = "/usr/lib/signing-manager/libsigningmanager-pkcs11.so";
    private static final String KEY = "pkcs11:token=Signing%20Manager;id=%74%FD%9E%67%0C%FB%7C%90%66%30%B4%9F%D2%65"
            + "%91%CD%66%C6%6D%79;object=Team%20Code%20Signing;type=private";
    private static final String CERT = KEY.replace("type=private", "type=cert");

    @Test
    void jarsignerWritesASunPkcs11ConfigurationAndSignsWithTheLabel() {
        assertThat(SigningCommands.jarsigner("Team Code Signing", MODULE)).isEqualTo(
                "printf 'name=SigningManager\\nlibrary=%s\\nslotListIndex=0\\n' " + MODULE
                        + " > signing-manager-pkcs11.cfg && jarsigner -keystore NONE -storetype PKCS11"
                        + " -providerClass sun.security.pkcs11.SunPKCS11 -providerArg signing-manager-pkcs11.cfg"
                        + " -storepass none app.jar \"Team Code Signing\"");
    }

    @Test
    void jarsignerQuotesWhatTheShellWouldExpand() {
        assertThat(SigningCommands.jarsigner("A \"$x\" `y` \\", "/opt/my module/lib.so"))
                .startsWith("printf 'name=SigningManager\\nlibrary=%s\\nslotListIndex=0\\n' '/opt/my module/lib.so' >")
                .endsWith(" app.jar \"A \\\"\\$x\\\" \\`y\\` \\\\\"");
    }

    @Test
    void osslsigncodeNamesTheModuleTheCertificateAndTheKey() {
        assertThat(SigningCommands.osslsigncode(SHA1, "Team Code Signing", MODULE)).isEqualTo(
                "osslsigncode sign -pkcs11module " + MODULE + " -pkcs11cert '" + CERT + "' -key '" + KEY
                        + "' -in app.exe -out app-signed.exe");
    }

    @Test
    void opensslGivesTheEngineTheModuleAndSignsWithTheKey() {
        assertThat(SigningCommands.openssl(SHA1, "Team Code Signing", MODULE)).isEqualTo(
                "PKCS11_MODULE_PATH=" + MODULE + " openssl dgst -sha256 -engine pkcs11 -keyform engine -sign '" + KEY
                        + "' -out file.sig file");
    }

    @Test
    void aModulePathWithAQuoteIsSingleQuotedSafely() {
        assertThat(SigningCommands.openssl(SHA1, "Team Code Signing", "/opt/it's/m.so"))
                .startsWith("PKCS11_MODULE_PATH='/opt/it'\\''s/m.so' openssl");
    }
}
