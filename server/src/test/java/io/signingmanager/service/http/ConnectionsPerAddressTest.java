package io.signingmanager.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** What counts as one address; the cap itself is exercised over real connections in SlowClientTest. */
class ConnectionsPerAddressTest {
    @Test
    void anIpv6AddressCountsWithItsSlash64AndAnIpv4AddressAlone() throws Exception {
        assertThat(ConnectionsPerAddress.key(InetAddress.getByName("2001:db8:1:2::1")))
                .isEqualTo(ConnectionsPerAddress.key(InetAddress.getByName("2001:db8:1:2:ffff:ffff:ffff:ffff")))
                .isEqualTo("2001:db8:1:2:0:0:0:0/64");
        assertThat(ConnectionsPerAddress.key(InetAddress.getByName("2001:db8:1:3::1"))).isEqualTo("2001:db8:1:3:0:0:0:0/64");
        assertThat(ConnectionsPerAddress.key(InetAddress.getByName("192.0.2.7"))).isEqualTo("192.0.2.7");
        assertThat(ConnectionsPerAddress.key(InetAddress.getByName("192.0.2.8"))).isEqualTo("192.0.2.8");
    }
}
