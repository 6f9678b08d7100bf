package io.signingmanager.service.audit;

/** What identifies a caller of the client protocol; named in the record of a call refused before the caller was known. */
public enum Credential {
    API_KEY("API key"),
    CLIENT_TOKEN("client token");

    private final String words;

    Credential(String words) {
        this.words = words;
    }

    /** As the audit record's reason says it ("no API key or an unknown one"). */
    public String words() {
        return words;
    }
}
