package io.peerswitch.wire.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CSeqTest {

    @Test
    void readsNumberAndMethod() {
        assertThat(CSeq.parse(" 0009 \t INVITE ")).hasValue(new CSeq(9, "INVITE"));
        assertThat(CSeq.parse("2147483647 NEWMETHOD")).hasValue(new CSeq(CSeq.MAX_NUMBER, "NEWMETHOD"));
        assertThat(new CSeq(1, "BYE").toString()).isEqualTo("1 BYE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1", "1 ", "1INVITE", "INVITE 1", "2147483648 INVITE", "36893488147419103232 REGISTER",
            "-1 INVITE", "1 IN VITE", "1 INVITE;x", "one INVITE"})
    void refusesMalformedOrOverlargeValues(String text) {
        assertThat(CSeq.parse(text)).isEmpty();
    }

    @Test
    void constructorChecksRanges() {
        assertThatThrownBy(() -> new CSeq(-1, "INVITE")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CSeq(1L << 31, "INVITE")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CSeq(1, "IN VITE")).isInstanceOf(IllegalArgumentException.class);
    }
}
