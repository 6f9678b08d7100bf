package io.signingmanager.service.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AddressesTest {
    @Test
    void ipv6IsWrittenCompressedWithoutBrackets() {
        assertThat(Addresses.display("[0:0:0:0:0:0:0:1]")).isEqualTo("::1");
        assertThat(Addresses.display("0:0:0:0:0:0:0:1")).isEqualTo("::1");
        assertThat(Addresses.display("[2001:DB8:0:0:1:0:0:1]")).isEqualTo("2001:db8::1:0:0:1");
        assertThat(Addresses.display("2001:db8:0:0:0:0:2:1")).isEqualTo("2001:db8::2:1");
        assertThat(Addresses.display("fe80:0:0:0:0:0:0:1%eth0")).isEqualTo("fe80::1%eth0");
        assertThat(Addresses.display("2001:db8:1:2:3:4:5:6")).isEqualTo("2001:db8:1:2:3:4:5:6");
        assertThat(Addresses.display("0:0:0:0:0:0:0:0")).isEqualTo("::");
    }

    @Test
    void aLoneZeroGroupStaysAndTheLongestRunIsCompressed() {
        assertThat(Addresses.display("2001:db8:0:1:1:1:1:1")).isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(Addresses.display("2001:0:0:1:0:0:0:1")).isEqualTo("2001:0:0:1::1");
    }

    @Test
    void ipv4AndOtherTextStayAsTheyAre() {
        assertThat(Addresses.display("192.0.2.7")).isEqualTo("192.0.2.7");
        assertThat(Addresses.display("::ffff:192.0.2.7")).isEqualTo("192.0.2.7");
        assertThat(Addresses.display("example.org")).isEqualTo("example.org");
        assertThat(Addresses.display("not:an:address")).isEqualTo("not:an:address");
        assertThat(Addresses.display(null)).isNull();
    }
}
