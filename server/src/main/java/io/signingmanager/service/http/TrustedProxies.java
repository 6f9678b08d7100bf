package io.signingmanager.service.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.HostPort;

/**
 * The proxies whose {@code X-Forwarded-For} the service believes, and so the address a request
 * comes from: everywhere (the audit, sign-in limits, a client's last address) a request's address
 * is the one this class answers. Without trusted proxies the header is ignored, since any caller
 * can write it.
 */
public final class TrustedProxies {
    public static final TrustedProxies NONE = new TrustedProxies(List.of(), "");
    public static final String HEADER = "X-Forwarded-For";

    // Literal addresses only: a host name would be looked up in the DNS, for every request.
    // (Java reads text with a colon as IPv6 and never looks it up; a dotted quad only when each part is a byte.)
    private static final String BYTE = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    private static final Pattern LITERAL = Pattern.compile(BYTE + "(\\." + BYTE + "){3}|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    /** An address or a range of them, {@code 10.0.0.0/8} or {@code fd00::/8}. */
    private record Range(byte[] network, int prefix) {
        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >> (bit % 8);
                if ((bytes[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    private final List<Range> ranges;
    private final String text;

    private TrustedProxies(List<Range> ranges, String text) {
        this.ranges = ranges;
        this.text = text;
    }

    /**
     * Parses {@code ADDRESS[,ADDRESS...]}, each address optionally with a prefix length
     * ({@code 10.0.0.0/8}); {@code null} or blank trusts none.
     */
    public static TrustedProxies parse(String list) {
        if (list == null || list.isBlank()) {
            return NONE;
        }
        List<Range> ranges = new ArrayList<>();
        for (String item : list.split(",")) {
            String entry = item.trim();
            int slash = entry.indexOf('/');
            InetAddress address = literal(slash < 0 ? entry : entry.substring(0, slash));
            if (address == null) {
                throw new IllegalArgumentException("A trusted proxy is an IP address or a range like 10.0.0.0/8, got '"
                        + entry + "'");
            }
            int bits = address.getAddress().length * 8;
            int prefix = bits;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(entry.substring(slash + 1));
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > bits) {
                    throw new IllegalArgumentException("The prefix length of trusted proxy '" + entry + "' is 0 to " + bits);
                }
            }
            ranges.add(new Range(address.getAddress(), prefix));
        }
        return new TrustedProxies(List.copyOf(ranges), String.join(",", list.split("\\s*,\\s*")).trim());
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /**
     * The caller's address, as text: the connection's peer; or, when that peer is a trusted proxy,
     * the right-most address of {@code X-Forwarded-For} that is not itself a trusted proxy (each
     * proxy appends the address it was called from, so what lies left of that is the caller's say).
     */
    public String clientAddress(Request request) {
        String peer = Request.getRemoteAddr(request);
        if (ranges.isEmpty()
                || !(request.getConnectionMetaData().getRemoteSocketAddress() instanceof InetSocketAddress socket)
                || !trusts(socket.getAddress())) {
            return peer;
        }
        List<String> forwardedFor = request.getHeaders().getValuesList(HEADER);
        String client = peer;
        List<String> hops = new ArrayList<>();
        for (String header : forwardedFor) {
            for (String hop : header.split(",")) {
                hops.add(hop.trim());
            }
        }
        for (int i = hops.size() - 1; i >= 0; i--) {
            InetAddress hop = literal(withoutPort(hops.get(i)));
            if (hop == null) {
                // Not an address our proxy would write: the nearest hop we could believe is all we know.
                return client;
            }
            client = HostPort.normalizeHost(hop.getHostAddress());
            if (!trusts(hop)) {
                return client;
            }
        }
        return client;
    }

    private boolean trusts(InetAddress address) {
        return address != null && ranges.stream().anyMatch(range -> range.contains(address));
    }

    /** {@code 192.0.2.1:4711} and {@code [2001:db8::1]:4711} without the port, and IPv6 without brackets. */
    private static String withoutPort(String hop) {
        if (hop.startsWith("[")) {
            int end = hop.indexOf(']');
            return end < 0 ? hop : hop.substring(1, end);
        }
        int colon = hop.indexOf(':');
        return colon >= 0 && colon == hop.lastIndexOf(':') ? hop.substring(0, colon) : hop;
    }

    private static InetAddress literal(String text) {
        if (!LITERAL.matcher(text).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
