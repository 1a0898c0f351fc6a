package io.peerswitch.wire.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ViaTest {

    @Test
    void readsSeveralViaParmsWithLwsAroundSeparators() {
        List<Via> vias = Via.parseAll("SIP / 2.0 / udp  client.example.com : 5060 ; branch = z9hG4bK1 ;rport , "
                + "SIP/2.0/TLS [2001:db8::9]:5061;received=2001:db8::10;rport=40000;x=\"a, b\"");

        assertThat(vias).containsExactly(
                new Via("SIP/2.0", "UDP", "client.example.com", 5060, Map.of("branch", "z9hG4bK1", "rport", "")),
                new Via("SIP/2.0", "TLS", "[2001:db8::9]", 5061,
                        Map.of("received", "2001:db8::10", "rport", "40000", "x", "\"a, b\"")));
        assertThat(vias.get(0).branch()).hasValue("z9hG4bK1");
        assertThat(vias.get(0).rportRequested()).isTrue();
        assertThat(vias.get(0).rport()).isEmpty();
        assertThat(vias.get(0).received()).isEmpty();
        assertThat(vias.get(1).rport()).hasValue(40000);
        assertThat(vias.get(1).received()).hasValue("2001:db8::10");
    }

    @Test
    void fillsInReceivedAndRportAsRfc3581Asks() {
        Via via = Via.parseAll("SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKa;rport").get(0);

        Via stamped = via.withReceived("192.0.2.7").withRport(61000);

        assertThat(stamped.toString()).isEqualTo("SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKa;rport=61000;received=192.0.2.7");
        assertThat(Via.parseAll(stamped.toString())).containsExactly(stamped);
        assertThat(via.rport()).isEmpty();
        assertThat(Via.parseAll("SIP/2.0/TCP host").get(0).rportRequested()).isFalse();
        assertThat(Via.parseAll("SIP/2.0/TCP host").get(0).port()).isEqualTo(-1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "SIP/2.0/UDP 192.0.2.15;;,;,,", "SIP/2.0/UDP host,", "SIP/2.0 host", "SIP/2.0/UDPhost",
            "SIP/2.0/UDP host:70000", "SIP/2.0/UDP host;rport=abc", "SIP/2.0/UDP host;branch=1;BRANCH=2",
            "SIP/2.0/UDP host;branch=", "SIP/2.0/UDP [2001:db8::1", "SIP/2.0/UDP host;received=a:b",
            "SIP/2.0/UDP host extra", "SIP/2.0/UDP host;x=\"unterminated"})
    void refusesMalformedValues(String value) {
        assertThat(Via.parseAll(value)).isEmpty();
    }

    @Test
    void constructorRefusesWhatCouldNotBeFormatted() {
        Map<String, String> none = Map.of();
        assertThatThrownBy(() -> new Via("SIP", "UDP", "h", -1, none)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Via("SIP/2.0", "U DP", "h", -1, none)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Via("SIP/2.0", "UDP", "", -1, none)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Via("SIP/2.0", "UDP", "h", -1, Map.of("rport", "x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Via("SIP/2.0", "UDP", "h", -1, Map.of("branch", "a b")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
