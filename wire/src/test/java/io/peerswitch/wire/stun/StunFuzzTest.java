package io.peerswitch.wire.stun;

import static io.peerswitch.wire.stun.Fixtures.SAMPLE_IPV4_RESPONSE;
import static io.peerswitch.wire.stun.Fixtures.SAMPLE_IPV6_RESPONSE;
import static io.peerswitch.wire.stun.Fixtures.SAMPLE_LONG_TERM_REQUEST;
import static io.peerswitch.wire.stun.Fixtures.SAMPLE_REQUEST;
import static io.peerswitch.wire.stun.Fixtures.vector;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerswitch.wire.stun.StunDecodeResult.Decoded;
import io.peerswitch.wire.stun.StunDecodeResult.Malformed;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Seeded random mutations of the RFC 5769 vectors: decoding never throws, and whatever decodes re-encodes to itself. */
class StunFuzzTest {

    private static final long SEED = 5769L;
    private static final int ROUNDS = 10_000;

    /** The vectors, and the three with FINGERPRINT cut off so that mutations get past the CRC into the attributes. */
    private static List<byte[]> seeds() {
        List<byte[]> withFingerprint = List.of(vector(SAMPLE_REQUEST), vector(SAMPLE_IPV4_RESPONSE), vector(SAMPLE_IPV6_RESPONSE));
        List<byte[]> withoutFingerprint = withFingerprint.stream().map(StunFuzzTest::withoutFingerprint).toList();
        return Stream.of(withFingerprint, withoutFingerprint, List.of(vector(SAMPLE_LONG_TERM_REQUEST)))
                .flatMap(List::stream)
                .toList();
    }

    private static byte[] withoutFingerprint(byte[] raw) {
        byte[] out = Arrays.copyOf(raw, raw.length - 8);
        ByteBuffer.wrap(out).putShort(2, (short) (out.length - StunCodec.HEADER_SIZE));
        return out;
    }

    private static byte[] mutate(byte[] seed, Random random) {
        byte[] raw = seed.clone();
        int mutations = 1 + random.nextInt(3);
        for (int i = 0; i < mutations && raw.length > 0; i++) {
            switch (random.nextInt(6)) {
                case 0 -> raw[random.nextInt(raw.length)] ^= (byte) (1 << random.nextInt(8));
                case 1 -> raw[random.nextInt(raw.length)] = (byte) random.nextInt(256);
                case 2 -> raw = Arrays.copyOf(raw, random.nextInt(raw.length + 1));
                case 3 -> {
                    byte[] tail = new byte[random.nextInt(41)];
                    random.nextBytes(tail);
                    byte[] longer = Arrays.copyOf(raw, raw.length + tail.length);
                    System.arraycopy(tail, 0, longer, raw.length, tail.length);
                    raw = longer;
                }
                case 4 -> {
                    // An attribute length field: attributes start at offsets 20 + 4k, their lengths two bytes later.
                    int at = StunCodec.HEADER_SIZE + 4 * random.nextInt(Math.max(1, (raw.length - StunCodec.HEADER_SIZE) / 4)) + 2;
                    if (at + 1 < raw.length) {
                        raw[at] = (byte) random.nextInt(2);
                        raw[at + 1] = (byte) random.nextInt(256);
                    }
                }
                default -> {
                    // The header's length field, kept a multiple of 4 half of the time.
                    if (raw.length >= 4) {
                        int length = random.nextBoolean() ? 4 * random.nextInt(64) : random.nextInt(65_536);
                        ByteBuffer.wrap(raw).putShort(2, (short) length);
                    }
                }
            }
        }
        return raw;
    }

    @Test
    void decodingRandomMutationsNeverThrows() {
        Random random = new Random(SEED);
        List<byte[]> seeds = seeds();
        int decoded = 0;
        int malformed = 0;
        for (int round = 0; round < ROUNDS; round++) {
            byte[] raw = mutate(seeds.get(random.nextInt(seeds.size())), random);
            StunDecodeResult result;
            try {
                result = StunCodec.decode(raw);
            } catch (RuntimeException e) {
                throw new AssertionError("round " + round + " threw on " + HexFormat.of().formatHex(raw), e);
            }
            switch (result) {
                case Decoded d -> {
                    decoded++;
                    assertThat(StunCodec.looksLikeStun(raw, 0, raw.length)).isTrue();
                    byte[] again = StunCodec.encode(d.message());
                    if (d.message().attribute(Fingerprint.class).isEmpty()) {
                        // Padding may differ, so only a message without FINGERPRINT decodes again unchanged.
                        assertThat(StunCodec.decode(again)).as("round %d", round).isEqualTo(result);
                    }
                }
                case Malformed m -> {
                    malformed++;
                    assertThat(m.reason()).isNotBlank();
                }
            }
        }
        assertThat(decoded).as("mutations that still decode").isGreaterThan(ROUNDS / 100);
        assertThat(malformed).as("mutations that do not").isGreaterThan(ROUNDS / 2);
    }
}
