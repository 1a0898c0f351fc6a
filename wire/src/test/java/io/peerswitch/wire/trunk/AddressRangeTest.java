package io.peerswitch.wire.trunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerswitch.wire.InvalidFieldException;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** CIDR blocks (RFC 4632 section 3.1, RFC 4291 section 2.3) of a trunk's trusted source addresses. */
class AddressRangeTest {

    private static InetAddress ip(String text) throws Exception {
        return InetAddress.getByName(text);
    }

    @Test
    void blocksContainTheirAddressesOnly() throws Exception {
        AddressRange v4 = AddressRange.parse("198.18.0.0/15", "addresses");
        AddressRange host = AddressRange.parse("192.0.2.10", "addresses");
        AddressRange v6 = AddressRange.parse("2001:db8::/32", "addresses");
        AddressRange odd = AddressRange.parse("10.0.0.128/25", "addresses");

        assertThat(v4.contains(ip("198.19.255.255"))).isTrue();
        assertThat(v4.contains(ip("198.20.0.0"))).isFalse();
        assertThat(host.contains(ip("192.0.2.10"))).isTrue();
        assertThat(host.contains(ip("192.0.2.11"))).isFalse();
        assertThat(host).hasToString("192.0.2.10/32");
        assertThat(v6.contains(ip("2001:db8:ffff::1"))).isTrue();
        assertThat(v6.contains(ip("2001:db9::1"))).isFalse();
        assertThat(v6.contains(ip("198.18.0.1"))).as("families never mix").isFalse();
        assertThat(odd.contains(ip("10.0.0.200"))).isTrue();
        assertThat(odd.contains(ip("10.0.0.100"))).isFalse();
        assertThat(AddressRange.parse("0.0.0.0/0", "a").contains(ip("203.0.113.9"))).isTrue();
    }

    @Test
    void malformedBlocksAreRefusedNamingTheField() {
        for (String bad : new String[] {"", "pbx.example.com", "198.18.0.1/33", "198.18.0.1/", "198.18.0.1/x", "198.18.0.1/24",
            "2001:db8::1/129", "300.1.1.1", "198.18.0.0/015x"}) {
            assertThatThrownBy(() -> AddressRange.parse(bad, "addresses")).as(bad).isInstanceOf(InvalidFieldException.class)
                    .hasMessageContaining("addresses");
        }
    }
}
