package io.signingmanager.service.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Network addresses as every page writes them: IPv4 as it is, IPv6 in the compressed form of
 * RFC 5952 without brackets ({@code ::1}, not {@code [0:0:0:0:0:0:0:1]} as Jetty reports it).
 */
public final class Addresses {
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private Addresses() {
    }

    /** {@code address} written the one way; anything that is no IP address (or none) comes back unchanged. */
    public static String display(String address) {
        if (address == null) {
            return null;
        }
        String bare = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1)
                : address;
        int percent = bare.indexOf('%');
        String scope = percent < 0 ? "" : bare.substring(percent);
        String literal = percent < 0 ? bare : bare.substring(0, percent);
        // Only a literal of digits, colons and dots: InetAddress would look any other text up in the DNS.
        if (!literal.contains(":") || !IP_LITERAL.matcher(literal).matches()) {
            return address;
        }
        try {
            InetAddress parsed = InetAddress.getByName(literal);
            byte[] bytes = parsed.getAddress();
            return (bytes.length == 4 ? parsed.getHostAddress() : compressed(bytes)) + scope;
        } catch (UnknownHostException e) {
            return address;
        }
    }

    /** RFC 5952: lower case, no leading zeros, the longest run of two or more zero groups (the first if tied) as "::". */
    private static String compressed(byte[] bytes) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (bytes[2 * i] & 0xff) << 8 | bytes[2 * i + 1] & 0xff;
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }
}
