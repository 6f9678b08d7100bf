package io.signingmanager.service.http;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.io.SelectorManager;
import org.eclipse.jetty.util.IO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps the connections one remote address holds open at once (an IPv6 address counts with its
 * /64, which one host or network usually has whole). Past the cap a new connection is closed as
 * soon as it is accepted, before TLS, so many slow connections from one place (headers or bodies
 * trickling until their deadline) cannot crowd out everyone else. Added to a connector as a bean;
 * Jetty calls it on its selector and acceptor threads, so it only counts.
 */
public final class ConnectionsPerAddress implements SelectorManager.AcceptListener {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionsPerAddress.class);

    private final int max;
    private final Map<String, Integer> open = new HashMap<>();
    private final Map<SelectableChannel, String> counted = new HashMap<>();
    private final Set<String> refusing = new HashSet<>();

    public ConnectionsPerAddress(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("The cap must be at least 1, got " + max);
        }
        this.max = max;
    }

    @Override
    public void onAccepting(SelectableChannel channel) {
        String address = address(channel);
        if (address == null) {
            return;
        }
        synchronized (this) {
            int count = open.getOrDefault(address, 0);
            if (count < max) {
                open.put(address, count + 1);
                counted.put(channel, address);
                return;
            }
            if (refusing.add(address)) {
                LOG.warn("{} holds {} connections, the most one address may; more are refused until some close",
                        address, max);
            }
        }
        // Jetty then fails the accept and tells onAcceptFailed, where this channel was never counted.
        IO.close(channel);
    }

    @Override
    public void onAcceptFailed(SelectableChannel channel, Throwable cause) {
        release(channel);
    }

    @Override
    public void onClosed(SelectableChannel channel) {
        release(channel);
    }

    private synchronized void release(SelectableChannel channel) {
        String address = counted.remove(channel);
        if (address == null) {
            return;
        }
        int left = open.merge(address, -1, Integer::sum);
        if (left <= 0) {
            open.remove(address);
        }
        if (left < max && refusing.remove(address)) {
            LOG.info("{} is below the cap of {} connections again", address, max);
        }
    }

    private static String address(SelectableChannel channel) {
        try {
            if (channel instanceof SocketChannel socket && socket.getRemoteAddress() instanceof InetSocketAddress remote
                    && remote.getAddress() != null) {
                return key(remote.getAddress());
            }
        } catch (IOException e) {
            // Gone already: nothing to count.
        }
        return null;
    }

    /** The address counted: IPv4 whole, IPv6 by its /64. */
    static String key(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] network = Arrays.copyOf(address.getAddress(), 16);
            Arrays.fill(network, 8, 16, (byte) 0);
            try {
                return InetAddress.getByAddress(network).getHostAddress() + "/64";
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return address.getHostAddress();
    }
}
