package io.peerswitch.wire.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NameAddrTest {

    private static NameAddr nameAddr(String text) {
        return NameAddr.parse(text).orElseThrow(() -> new AssertionError("should parse: " + text));
    }

    @Test
    void readsQuotedTokenAndAbsentDisplayNames() {
        assertThat(nameAddr("\"A \\\"quoted\\\\ name\" <sip:a@example.com>;tag=1").displayName()).isEqualTo("A \"quoted\\ name");
        assertThat(nameAddr("A.  G.\tBell <sip:a@example.com>").displayName()).isEqualTo("A. G. Bell");
        assertThat(nameAddr("\"\" <sip:a@example.com>").displayName()).isEmpty();
        assertThat(nameAddr("<sip:a@example.com>").displayName()).isNull();
        assertThat(nameAddr("sip:a@example.com").displayName()).isNull();
    }

    @Test
    void paramsAfterAnAddrSpecBelongToTheHeaderAndInsideBracketsToTheUri() {
        NameAddr addrSpec = nameAddr("sip:a@example.com;user=phone ; TAG=x");
        NameAddr bracketed = nameAddr("<sip:a@example.com;user=phone>;tag=x;q=\"0.5\"");

        assertThat(addrSpec).isEqualTo(new NameAddr(null, "sip:a@example.com", Map.of("user", "phone", "tag", "x")));
        assertThat(bracketed.uri()).isEqualTo("sip:a@example.com;user=phone");
        assertThat(bracketed.parameters()).containsExactly(Map.entry("tag", "x"), Map.entry("q", "\"0.5\""));
        assertThat(bracketed.sipUri().orElseThrow().parameters()).containsExactly(Map.entry("user", "phone"));
    }

    @Test
    void printsTheNameAddrFormThatReparsesEqual() {
        NameAddr value = nameAddr("Bob <sip:bob@example.com;transport=tcp>;tag=a6c85cf;expires=60");
        NameAddr tricky = new NameAddr("say \"hi\" \\ \u0007", "urn:service:sos", Map.of());

        assertThat(value.toString()).isEqualTo("\"Bob\" <sip:bob@example.com;transport=tcp>;tag=a6c85cf;expires=60");
        assertThat(NameAddr.parse(value.toString())).hasValue(value);
        assertThat(tricky.toString()).isEqualTo("\"say \\\"hi\\\" \\\\ \\\u0007\" <urn:service:sos>");
        assertThat(NameAddr.parse(tricky.toString())).hasValue(tricky);
    }

    @Test
    void tagsAreReadAndSet() {
        NameAddr to = nameAddr("<sip:bob@example.com>;foo=bar");

        assertThat(to.tag()).isEmpty();
        assertThat(to.withTag("314159").toString()).isEqualTo("<sip:bob@example.com>;foo=bar;tag=314159");
        assertThat(to.withTag("1").withTag("2").tag()).hasValue("2");
        assertThatThrownBy(() -> to.withTag("a b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsCommaSeparatedListsWithCommasInsideQuotesAndBrackets() {
        assertThat(NameAddr.parseAll("\"Doe, John\" <sip:j@example.com>;q=0.7, <sip:a,b@example.com>, sip:c@example.com;expires=5"))
                .extracting(NameAddr::uri)
                .containsExactly("sip:j@example.com", "sip:a,b@example.com", "sip:c@example.com");
        assertThat(NameAddr.parseAll("<sip:a@example.com>, ")).isEmpty();
        assertThat(NameAddr.parseAll("<sip:a@example.com>;;")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "<>", "\"Mr. J. User <sip:j.user@example.com>", "Bell, Alexander <sip:a.g.bell@example.com>",
            "< sip:t.watson@example.org >", "sip:user@example.com?Route=%3Csip:sip.example.com%3E", "\"x\" sip:a@example.com",
            "<sip:a@example.com>;tag=1;tag=2", "<sip:a@example.com", "<not a uri>", "<sip:a@b@c>", "isbn", "<sip:a@example.com> x",
            "\"ctl\u0001\" <sip:a@example.com>", "<sip:a@example.com>;tag=", "<sip:a@example.com>;q=\"open"})
    void refusesMalformedValues(String text) {
        assertThat(NameAddr.parse(text)).isEmpty();
    }

    @Test
    void constructorRefusesWhatCouldNotBeFormatted() {
        assertThatThrownBy(() -> new NameAddr("a\r\nb", "sip:a@b", Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NameAddr(null, "sip:a b", Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NameAddr(null, "sip:a@b", Map.of("tag", "a;b"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NameAddr(null, "sip:a@b", Map.of("t g", "x"))).isInstanceOf(IllegalArgumentException.class);
    }
}
