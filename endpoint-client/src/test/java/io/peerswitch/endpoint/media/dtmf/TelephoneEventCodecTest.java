package io.peerswitch.endpoint.media.dtmf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerswitch.endpoint.testing.Hex;
import io.peerswitch.endpoint.testing.Mutations;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TelephoneEventCodecTest {

    private static DtmfDecodeResult decode(String annotatedHex) {
        byte[] bytes = Hex.bytes(annotatedHex);
        return TelephoneEventCodec.decode(bytes, 0, bytes.length);
    }

    @Test
    void decodesAnUpdateAndAnEndPacket() {
        assertThat(decode("""
                05      # event 5
                0a      # E=0 R=0 volume 10 (-10 dBm0)
                03 20   # duration 800 (100 ms at 8000 Hz)
                """)).isEqualTo(new DtmfDecodeResult.Decoded(new DtmfEvent(5, false, 10, 800)));
        assertThat(decode("""
                0b      # event 11 (#)
                8a      # E=1 R=0 volume 10
                ff ff   # duration 65535
                """)).isEqualTo(new DtmfDecodeResult.Decoded(new DtmfEvent(11, true, 10, 65_535)));
    }

    @Test
    void ignoresTheReservedBit() {
        assertThat(decode("05 ca 0320")).isEqualTo(new DtmfDecodeResult.Decoded(new DtmfEvent(5, true, 10, 800)));
        assertThat(decode("05 4a 0320")).isEqualTo(new DtmfDecodeResult.Decoded(new DtmfEvent(5, false, 10, 800)));
    }

    @Test
    void encodesWithTheReservedBitClear() {
        assertThat(TelephoneEventCodec.encode(new DtmfEvent(5, true, 10, 800))).isEqualTo(Hex.bytes("05 8a 0320"));
        assertThat(TelephoneEventCodec.encode(new DtmfEvent(15, false, 63, 1))).isEqualTo(Hex.bytes("0f 3f 0001"));
    }

    @Test
    void roundTripsEveryDigit() {
        for (char digit : DtmfEvent.DIGITS.toCharArray()) {
            DtmfEvent event = new DtmfEvent(DtmfEvent.eventCode(digit), digit % 2 == 0, 7, 1234);
            byte[] payload = TelephoneEventCodec.encode(event);

            assertThat(TelephoneEventCodec.decode(payload, 0, payload.length)).isEqualTo(new DtmfDecodeResult.Decoded(event));
            assertThat(event.digit()).isEqualTo(digit);
        }
    }

    @Test
    void namesDigitsByRfc4733Table() {
        assertThat(DtmfEvent.eventCode('0')).isZero();
        assertThat(DtmfEvent.eventCode('9')).isEqualTo(9);
        assertThat(DtmfEvent.eventCode('*')).isEqualTo(10);
        assertThat(DtmfEvent.eventCode('#')).isEqualTo(11);
        assertThat(DtmfEvent.eventCode('a')).isEqualTo(12);
        assertThat(DtmfEvent.eventCode('D')).isEqualTo(15);
        assertThat(DtmfEvent.isDigit('b')).isTrue();
        assertThat(DtmfEvent.isDigit('E')).isFalse();
        assertThatThrownBy(() -> DtmfEvent.eventCode('E')).hasMessageContaining("not a DTMF digit");
        assertThatThrownBy(() -> new DtmfEvent(16, false, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DtmfEvent(0, false, 64, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DtmfEvent(0, false, 0, 65_536)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reportsPayloadsThatAreNotDtmfEvents() {
        assertThat(decode("05 0a 03")).isEqualTo(new DtmfDecodeResult.Malformed("telephone-event payload is 4 bytes, got 3"));
        assertThat(decode("05 0a 0320 00")).isInstanceOf(DtmfDecodeResult.Malformed.class);
        assertThat(decode("10 0a 0320")).isEqualTo(new DtmfDecodeResult.Malformed(
                "event 16 is not a DTMF digit (RFC 4733 section 3.2)"));
        assertThat(TelephoneEventCodec.decode(null, 0, 4)).isInstanceOf(DtmfDecodeResult.Malformed.class);
        assertThat(TelephoneEventCodec.decode(new byte[4], 1, 4)).isInstanceOf(DtmfDecodeResult.Malformed.class);
    }

    @Test
    void survivesTenThousandMutations() {
        Random random = new Random(4733);
        byte[] seed = Hex.bytes("05 8a 0320");
        int decoded = 0;
        for (int round = 0; round < Mutations.ROUNDS; round++) {
            byte[] input = Mutations.mutate(seed, random);

            if (TelephoneEventCodec.decode(input, 0, input.length) instanceof DtmfDecodeResult.Decoded(DtmfEvent event)) {
                decoded++;
                byte[] again = TelephoneEventCodec.encode(event);
                assertThat(again[0]).isEqualTo(input[0]);
                assertThat(again[1]).isEqualTo((byte) (input[1] & 0xBF));
                assertThat(again[2]).isEqualTo(input[2]);
                assertThat(again[3]).isEqualTo(input[3]);
            }
        }
        assertThat(decoded).isBetween(100, Mutations.ROUNDS - 100);
    }
}
