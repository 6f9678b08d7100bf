package io.signingmanager.service.appstore;

/** What an admin gives to add an App Store Connect API key: a name, the Issuer ID, the Key ID and the {@code .p8} file's text. */
public record ConnectKeyInput(String name, String issuerId, String keyId, String p8) {
    @Override
    public String toString() {
        return "ConnectKeyInput[name=" + name + ", issuerId=" + issuerId + ", keyId=" + keyId + ", p8=(hidden)]";
    }
}
