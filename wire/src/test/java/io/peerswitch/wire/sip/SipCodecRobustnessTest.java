package io.peerswitch.wire.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.peerswitch.wire.sip.SipParseResult.Dropped;
import io.peerswitch.wire.sip.SipParseResult.Parsed;
import io.peerswitch.wire.sip.SipParseResult.Rejected;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Parsing never throws, never hangs and always returns one of the three results, on every prefix of every
 * torture message and on seeded random mutations of them; what it does accept survives a format round trip.
 */
class SipCodecRobustnessTest {

    private static final int MUTATIONS = 25_000;
    private static final long SEED = 4475L;
    private static final byte[] INTERESTING = {' ', '\t', '\r', '\n', ':', ';', ',', '"', '\\', '<', '>', '%',
            '@', '[', ']', '=', '/', '?', '0', '9', 0x00, (byte) 0x7F, (byte) 0x80, (byte) 0xC3, (byte) 0xFF};

    /** Parses {@code bytes[0, length)} and checks the result's invariants; returns it. */
    private static SipParseResult parseChecked(byte[] bytes, int length) {
        SipParseResult result = SipCodec.parse(bytes, 0, length);
        assertThat(result).isNotNull();
        switch (result) {
            case Parsed parsed -> {
                byte[] formatted = SipCodec.format(parsed.message());
                assertThat(SipCodec.parse(formatted, 0, formatted.length)).isEqualTo(parsed);
            }
            case Rejected rejected -> {
                assertThat(rejected.status()).isIn(400, 501, 505, 513);
                assertThat(rejected.request().method()).isNotEqualTo("ACK");
                assertThat(rejected.request().headers("Via")).isNotEmpty();
                assertThat(rejected.reason()).isNotBlank().doesNotContain("\r", "\n");
            }
            case Dropped dropped -> assertThat(dropped.reason()).isNotBlank();
        }
        return result;
    }

    @Test
    void everyPrefixOfEveryTortureMessageIsJudged() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (String name : TortureMessages.all()) {
                byte[] message = TortureMessages.bytes(name);
                int headEnd = indexOf(message, "\r\n\r\n".getBytes());
                for (int length = 0; length <= message.length; length++) {
                    SipParseResult result = parseChecked(message, length);
                    if (length < headEnd + 4) {
                        // Without its blank line the header section is incomplete: never a valid message.
                        assertThat(result).as("%s cut at %d", name, length).isNotInstanceOf(Parsed.class);
                    }
                }
            }
        });
    }

    @Test
    void randomMutationsOfValidMessagesAreJudged() {
        List<byte[]> valid = TortureMessages.all().stream().map(TortureMessages::bytes)
                .filter(bytes -> SipCodec.parse(bytes, 0, bytes.length) instanceof Parsed).toList();
        assertThat(valid).hasSizeGreaterThan(20);
        Random random = new Random(SEED);
        int[] outcomes = new int[3];
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (int i = 0; i < MUTATIONS; i++) {
                byte[] original = valid.get(random.nextInt(valid.size()));
                byte[] mutated = mutate(original, random, 1 + random.nextInt(4));
                SipParseResult result = parseChecked(mutated, mutated.length);
                outcomes[result instanceof Parsed ? 0 : result instanceof Rejected ? 1 : 2]++;
            }
        });
        // The mutations reach every kind of verdict, so they exercise more than the first line.
        assertThat(Arrays.stream(outcomes).min().orElseThrow()).isGreaterThan(MUTATIONS / 50);
    }

    @Test
    void randomBytesAreJudged() {
        Random random = new Random(SEED);
        assertThatCode(() -> {
            for (int i = 0; i < 2_000; i++) {
                byte[] noise = new byte[random.nextInt(600)];
                random.nextBytes(noise);
                parseChecked(noise, noise.length);
            }
        }).doesNotThrowAnyException();
    }

    private static byte[] mutate(byte[] original, Random random, int edits) {
        byte[] bytes = original;
        for (int edit = 0; edit < edits; edit++) {
            int at = random.nextInt(bytes.length + 1);
            bytes = switch (random.nextInt(6)) {
                case 0 -> replace(bytes, Math.min(at, bytes.length - 1), (byte) random.nextInt(256));
                case 1 -> replace(bytes, Math.min(at, bytes.length - 1), INTERESTING[random.nextInt(INTERESTING.length)]);
                case 2 -> insert(bytes, at, new byte[] {INTERESTING[random.nextInt(INTERESTING.length)]});
                case 3 -> delete(bytes, at, 1 + random.nextInt(8));
                case 4 -> insert(bytes, at, Arrays.copyOfRange(bytes, Math.min(at, bytes.length),
                        Math.min(bytes.length, at + 1 + random.nextInt(40))));
                default -> Arrays.copyOf(bytes, at);
            };
            if (bytes.length == 0) {
                return bytes;
            }
        }
        return bytes;
    }

    private static byte[] replace(byte[] bytes, int at, byte value) {
        byte[] copy = bytes.clone();
        copy[at] = value;
        return copy;
    }

    private static byte[] insert(byte[] bytes, int at, byte[] inserted) {
        byte[] copy = new byte[bytes.length + inserted.length];
        System.arraycopy(bytes, 0, copy, 0, at);
        System.arraycopy(inserted, 0, copy, at, inserted.length);
        System.arraycopy(bytes, at, copy, at + inserted.length, bytes.length - at);
        return copy;
    }

    private static byte[] delete(byte[] bytes, int at, int count) {
        int end = Math.min(bytes.length, at + count);
        byte[] copy = new byte[bytes.length - (end - at)];
        System.arraycopy(bytes, 0, copy, 0, at);
        System.arraycopy(bytes, end, copy, at, bytes.length - end);
        return copy;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return haystack.length;
    }
}
