package io.signingmanager.service.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;

/**
 * "Another machine" for tests of the first run, which answers only loopback: this machine through one
 * of its own IPv4 addresses that is not loopback, which a service listening on 0.0.0.0 sees as the
 * connection's address (as it sees a kubelet's probe or a colleague's browser).
 */
public final class OtherMachine {
    private OtherMachine() {
    }

    /** Skips the calling test on a machine with no such address. */
    public static InetAddress address() {
        InetAddress outside;
        try {
            outside = NetworkInterface.networkInterfaces()
                    .filter(OtherMachine::up)
                    .flatMap(NetworkInterface::inetAddresses)
                    .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress()
                            && !address.isLinkLocalAddress())
                    .findFirst().orElse(null);
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
        assumeTrue(outside != null, "This machine has no IPv4 address but loopback (see `hostname -I`) to call the "
                + "service from as if from another machine");
        return outside;
    }

    /** HTTPS to the service through {@code address}, pinned to its certificate like {@link TestService#http}. */
    public static Http http(TestService service, InetAddress address) {
        return new Http(URI.create("https://" + address.getHostAddress() + ":" + service.service.port()),
                service.service.tlsSha256());
    }

    private static boolean up(NetworkInterface network) {
        try {
            return network.isUp();
        } catch (SocketException e) {
            throw new UncheckedIOException(new IOException(network.getName() + " cannot say whether it is up", e));
        }
    }
}
