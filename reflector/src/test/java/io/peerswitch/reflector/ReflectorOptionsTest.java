package io.peerswitch.reflector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReflectorOptionsTest {

    @Test
    void defaultsToLoopbackOnTheStunPort() throws Exception {
        assertThat(ReflectorOptions.parse().stunBind())
                .isEqualTo(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 3478));
    }

    @Test
    void readsStunBindInBothSpellings() throws Exception {
        assertThat(ReflectorOptions.parse("--stun-bind", "0.0.0.0:0").stunBind())
                .isEqualTo(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0));
        assertThat(ReflectorOptions.parse("--stun-bind=[::1]:3479").stunBind())
                .isEqualTo(new InetSocketAddress(InetAddress.getByName("::1"), 3479));
    }

    @Test
    void recognisesHelpAnywhere() {
        assertThat(ReflectorOptions.wantsHelp("--stun-bind", "x", "--help")).isTrue();
        assertThat(ReflectorOptions.wantsHelp("-h")).isTrue();
        assertThat(ReflectorOptions.wantsHelp("--stun-bind", "127.0.0.1:1")).isFalse();
        assertThat(ReflectorOptions.USAGE).contains("--stun-bind HOST:PORT", "127.0.0.1:3478");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "127.0.0.1           | is not HOST:PORT",
            "::1:3478            | put an IPv6 address in brackets",
            ":3478               | has no host",
            "127.0.0.1:stun      | has no numeric port",
            "127.0.0.1:65536     | port must be 0 to 65535",
            "127.0.0.1:-1        | port must be 0 to 65535",
    })
    void refusesBadAddresses(String stunBind, String reason) {
        assertThatThrownBy(() -> ReflectorOptions.parse("--stun-bind", stunBind))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(reason);
    }

    @Test
    void refusesUnknownArgumentsAndAMissingValue() {
        assertThatThrownBy(() -> ReflectorOptions.parse("--sip-bind", "x")).hasMessageContaining("unknown argument --sip-bind");
        assertThatThrownBy(() -> ReflectorOptions.parse("--stun-bind")).hasMessageContaining("--stun-bind needs HOST:PORT");
    }

    @Test
    void readsAnAlternateAddressForNatDiscovery() throws Exception {
        ReflectorOptions options = ReflectorOptions.parse("--stun-bind", "198.19.0.10:3478", "--stun-alternate=198.19.0.11:3479");
        assertThat(options.stunAlternate()).contains(new InetSocketAddress(InetAddress.getByName("198.19.0.11"), 3479));
        assertThat(options.stunAddresses().slots()).hasSize(4);
        assertThat(ReflectorOptions.parse().stunAlternate()).isEmpty();
        assertThatThrownBy(() -> ReflectorOptions.parse("--stun-bind", "198.19.0.10:3478", "--stun-alternate", "198.19.0.10:3479"))
                .hasMessageContaining("--stun-alternate").hasMessageContaining("must differ");
        assertThatThrownBy(() -> ReflectorOptions.parse("--stun-bind", "1.2.3.4:1", "--stun-bind", "1.2.3.4:2"))
                .hasMessageContaining("given twice");
    }
}
