package io.signingmanager.common.commands;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The PKCS#11 URI (RFC 7512) of an object on the Signing Manager's token, in path attributes only:
 * {@code pkcs11:token=Signing%20Manager;id=%AB%CD...;object=<label>;type=private}. Every byte of the id
 * (the SHA-1 fingerprint) is written as {@code %XX} in upper case; in the token and object values every
 * character but RFC 3986's unreserved ones ({@code A-Z a-z 0-9 - . _ ~}, all inside RFC 7512's
 * {@code p11-pchar}) is percent-encoded as its UTF-8 bytes.
 */
public final class Pkcs11Uri {
    /** The token label of the PKCS#11 module. */
    public static final String TOKEN = "Signing Manager";

    private Pkcs11Uri() {
    }

    /** The object types the URI can name. */
    public enum Type {
        PRIVATE("private"), CERT("cert"), PUBLIC("public");

        private final String value;

        Type(String value) {
            this.value = value;
        }
    }

    /** The URI of the identity's object of that type: {@code sha1} is its 40 hex digits, {@code label} its common name. */
    public static String of(String sha1, String label, Type type) {
        return "pkcs11:token=" + encode(TOKEN) + ";id=" + encodeId(sha1) + ";object=" + encode(label)
                + ";type=" + type.value;
    }

    /** The identity's private key. */
    public static String privateKey(String sha1, String label) {
        return of(sha1, label, Type.PRIVATE);
    }

    /** The identity's certificate. */
    public static String certificate(String sha1, String label) {
        return of(sha1, label, Type.CERT);
    }

    static String encodeId(String sha1) {
        StringBuilder out = new StringBuilder();
        for (byte b : HexFormat.of().parseHex(sha1)) {
            out.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
        }
        return out.toString();
    }

    static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
            }
        }
        return out.toString();
    }
}
