package io.signingmanager.common.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/** PEM armour: base64 in 64-character lines between BEGIN and END lines of a type. */
public final class Pem {
    private Pem() {
    }

    public static String encode(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** The DER of the first block of that type in the text. */
    public static byte[] decode(String text, String type) {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("No PEM " + type.toLowerCase(Locale.ROOT) + " found");
        }
        return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
    }
}
