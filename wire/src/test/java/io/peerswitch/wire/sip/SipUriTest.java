package io.peerswitch.wire.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SipUriTest {

    private static SipUri uri(String text) {
        return SipUri.parse(text).orElseThrow(() -> new AssertionError("should parse: " + text));
    }

    @Test
    void readsEveryComponent() {
        SipUri uri = uri("SIPS:alice:secret@Atlanta.Example.COM:5061;Transport=TCP;lr?Subject=project%20x&Priority=urgent");

        assertThat(uri).isEqualTo(new SipUri("sips", "alice", "secret", "atlanta.example.com", 5061,
                Map.of("transport", "TCP", "lr", ""), Map.of("Subject", "project x", "Priority", "urgent")));
        assertThat(uri.parameters()).containsExactly(Map.entry("transport", "TCP"), Map.entry("lr", ""));
        assertThat(uri.toString()).isEqualTo("sips:alice:secret@atlanta.example.com:5061;transport=TCP;lr"
                + "?Subject=project%20x&Priority=urgent");
    }

    @Test
    void readsHostOnlyAndIpv6References() {
        assertThat(uri("sip:example.com")).isEqualTo(new SipUri("sip", null, null, "example.com", -1, Map.of(), Map.of()));
        SipUri v6 = uri("sip:[2001:DB8::1]:5060;maddr=[2001:db8::2]");
        assertThat(v6.host()).isEqualTo("[2001:db8::1]");
        assertThat(v6.port()).isEqualTo(5060);
        assertThat(v6.parameters()).containsEntry("maddr", "[2001:db8::2]");
        assertThat(v6.toString()).isEqualTo("sip:[2001:db8::1]:5060;maddr=[2001:db8::2]");
    }

    @Test
    void escapedAndPlainFormsAreEquivalent() {
        // RFC 3261 section 19.1.4: sip:%61lice@atlanta.com is equivalent to sip:alice@atlanta.com.
        assertThat(uri("sip:%61lice@atlanta.com")).isEqualTo(uri("sip:alice@ATLANTA.com"));
        assertThat(uri("sip:%C3%A9t%C3%A9@example.com").user()).isEqualTo("\u00e9t\u00e9");
        assertThat(uri("sip:%C3%A9t%C3%A9@example.com").toString()).isEqualTo("sip:%C3%A9t%C3%A9@example.com");
    }

    @Test
    void printsWhatEachComponentMustEscape() {
        SipUri uri = new SipUri("sip", "a:b@c d", "p@ss", "example.com", -1, Map.of("k", "v;w=x%"),
                Map.of("Route", "<sip:x@y>"));

        assertThat(uri.toString()).isEqualTo("sip:a%3Ab%40c%20d:p%40ss@example.com;k=v%3Bw%3Dx%25?Route=%3Csip:x%40y%3E");
        assertThat(SipUri.parse(uri.toString())).hasValue(uri);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tel:+1-555", "sip:", "sip:user@", "sip:a@b@c", "sip:host:99999", "sip:host:", "sip:host;",
            "sip:host;a=", "sip:host;a;A", "sip:us er@host", "sip:%4@host", "sip:%FF@host", "sip:host?x",
            "sip:host?a=1&a=2", "sip:[::1", "sip:[1:2]", "sip:[::1.2.3]", "sip:ho$t", "sip:@host", "sip:\u00e9@host",
            "<sip:a@b>", "sip:host:50x"})
    void refusesMalformedUris(String text) {
        assertThat(SipUri.parse(text)).isEmpty();
    }

    @Test
    void withMethodsReturnChangedCopies() {
        SipUri uri = uri("sip:bob@example.com;transport=udp;lr");

        assertThat(uri.withPort(5080).port()).isEqualTo(5080);
        assertThat(uri.withParameter("Transport", "tcp").toString()).isEqualTo("sip:bob@example.com;transport=tcp;lr");
        assertThat(uri.withParameter("ob", "").toString()).isEqualTo("sip:bob@example.com;transport=udp;lr;ob");
        assertThat(uri.withoutParameter("TRANSPORT").toString()).isEqualTo("sip:bob@example.com;lr");
        assertThat(uri.withHost("192.0.2.4").toString()).isEqualTo("sip:bob@192.0.2.4;transport=udp;lr");
        assertThat(uri.toString()).isEqualTo("sip:bob@example.com;transport=udp;lr");
    }

    @Test
    void constructorRefusesInvalidComponents() {
        Map<String, String> none = Map.of();
        assertThatThrownBy(() -> new SipUri("tel", null, null, "h", -1, none, none))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SipUri("sip", null, null, "h h", -1, none, none))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SipUri("sip", null, null, "h", 65_536, none, none))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SipUri("sip", "", null, "h", -1, none, none))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SipUri("sip", null, "pw", "h", -1, none, none))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SipUri("sip", null, null, "h", -1, Map.of("a", "1", "A", "2"), none))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
