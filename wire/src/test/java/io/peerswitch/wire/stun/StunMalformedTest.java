package io.peerswitch.wire.stun;

import static io.peerswitch.wire.stun.Fixtures.SAMPLE_IPV4_RESPONSE;
import static io.peerswitch.wire.stun.Fixtures.SAMPLE_LONG_TERM_REQUEST;
import static io.peerswitch.wire.stun.Fixtures.SAMPLE_REQUEST;
import static io.peerswitch.wire.stun.Fixtures.hex;
import static io.peerswitch.wire.stun.Fixtures.vector;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerswitch.wire.stun.StunDecodeResult.Malformed;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bytes that are not a STUN message: each decodes to {@link Malformed} with a reason naming the fault, never an exception. */
class StunMalformedTest {

    private static final String HEADER_REST = "2112a442 000102030405060708090a0b";

    /** A Binding request whose length field counts {@code attributes}. */
    private static byte[] request(String attributes) {
        byte[] body = hex(attributes);
        return ByteBuffer.allocate(StunCodec.HEADER_SIZE + body.length)
                .putShort((short) 0x0001)
                .putShort((short) body.length)
                .put(hex(HEADER_REST))
                .put(body)
                .array();
    }

    /** {@code raw} with {@code attribute} appended and the length field grown to match. */
    private static byte[] append(byte[] raw, String attribute) {
        byte[] extra = hex(attribute);
        byte[] out = Arrays.copyOf(raw, raw.length + extra.length);
        System.arraycopy(extra, 0, out, raw.length, extra.length);
        ByteBuffer.wrap(out).putShort(2, (short) (out.length - StunCodec.HEADER_SIZE));
        return out;
    }

    private static byte[] with(byte[] raw, int index, int value) {
        byte[] out = raw.clone();
        out[index] = (byte) value;
        return out;
    }

    private static byte[] random(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static Stream<Arguments> malformed() {
        byte[] sample = vector(SAMPLE_REQUEST);
        return Stream.of(
                Arguments.of("empty", new byte[0], "empty datagram"),
                Arguments.of("header truncated", Arrays.copyOf(sample, 19), "only 19 bytes"),
                Arguments.of("body truncated", Arrays.copyOf(sample, sample.length - 4),
                        "length field says 88 bytes of attributes but 84 follow"),
                Arguments.of("trailing bytes", Arrays.copyOf(sample, sample.length + 4),
                        "length field says 88 bytes of attributes but 92 follow"),
                Arguments.of("bad cookie", with(sample, 7, 0x43), "magic cookie is 0x2112A443"),
                Arguments.of("RFC 3489 request, no cookie",
                        hex("0001 0000 0123456789abcdef0123456789abcdef"), "an RFC 3489 agent, or not STUN"),
                Arguments.of("top bits set (RTP)", with(sample, 0, 0x80), "first byte 0x80 does not start with two zero bits"),
                Arguments.of("length not a multiple of 4", with(sample, 3, 0x57), "length field 87 is not a multiple of 4"),
                Arguments.of("length beyond the datagram", with(sample, 3, 0x5c), "length field says 92 bytes"),
                Arguments.of("attribute overrunning the message", request("8022 0100 41424344"),
                        "SOFTWARE at offset 20 claims 256 bytes (256 padded) but only 4 remain"),
                Arguments.of("padding overrunning the message", request("8022 0005 41424344"),
                        "SOFTWARE at offset 20 claims 5 bytes (8 padded) but only 4 remain"),
                Arguments.of("attribute after FINGERPRINT", append(vector(SAMPLE_IPV4_RESPONSE), "8022 0001 41000000"),
                        "SOFTWARE at offset 80 follows FINGERPRINT"),
                Arguments.of("attribute after MESSAGE-INTEGRITY", append(vector(SAMPLE_LONG_TERM_REQUEST), "8022 0001 41000000"),
                        "SOFTWARE at offset 116 follows MESSAGE-INTEGRITY"),
                Arguments.of("second MESSAGE-INTEGRITY", append(vector(SAMPLE_LONG_TERM_REQUEST),
                        "0008 0014 0000000000000000000000000000000000000000"), "MESSAGE-INTEGRITY at offset 116 follows MESSAGE-INTEGRITY"),
                Arguments.of("wrong FINGERPRINT", with(sample, 25, 'X'), "FINGERPRINT 0xe57a3bcf does not match"),
                Arguments.of("address family 3", request("0020 0008 0003 a147 e112a643"),
                        "XOR-MAPPED-ADDRESS at offset 20: address family 0x03 is neither IPv4 (0x01) nor IPv6 (0x02)"),
                Arguments.of("IPv4 address of 8 bytes", request("0001 000c 0001 0d96 c0000201 00000000"),
                        "MAPPED-ADDRESS at offset 20: value is 12 bytes; an IPv4 address takes 8"),
                Arguments.of("IPv6 address of 4 bytes", request("802c 0008 0002 0d96 20010db8"),
                        "OTHER-ADDRESS at offset 20: value is 8 bytes; an IPv6 address takes 20"),
                Arguments.of("address without port", request("0001 0002 0001 0000"), "shorter than family and port"),
                Arguments.of("short MESSAGE-INTEGRITY", request("0008 0010 00000000000000000000000000000000"),
                        "MESSAGE-INTEGRITY at offset 20: value is 16 bytes, not 20"),
                Arguments.of("long FINGERPRINT", request("8028 0008 0000000000000000"), "FINGERPRINT at offset 20: value is 8 bytes, not 4"),
                Arguments.of("short PRIORITY", request("0024 0002 0001 0000"), "PRIORITY at offset 20: value is 2 bytes, not 4"),
                Arguments.of("short ICE-CONTROLLED", request("8029 0004 00000001"), "ICE-CONTROLLED at offset 20: value is 4 bytes, not 8"),
                Arguments.of("short CHANGE-REQUEST", request("0003 0000"), "CHANGE-REQUEST at offset 20: value is 0 bytes, not 4"),
                Arguments.of("ERROR-CODE class 7", request("0009 0004 00000714"), "ERROR-CODE at offset 20: class 7 is not 3 to 6"),
                Arguments.of("ERROR-CODE number 100", request("0009 0004 00000464"), "ERROR-CODE at offset 20: number 100 is not 0 to 99"),
                Arguments.of("ERROR-CODE without number", request("0009 0002 0000 0000"), "shorter than class and number"),
                Arguments.of("UNKNOWN-ATTRIBUTES of odd length", request("000a 0003 000300 00"),
                        "UNKNOWN-ATTRIBUTES at offset 20: value is 3 bytes, not a whole number of 16-bit types"),
                Arguments.of("USERNAME not UTF-8", request("0006 0002 c328 0000"), "USERNAME at offset 20: USERNAME is not valid UTF-8"),
                Arguments.of("SOFTWARE of 128 characters", request("8022 0080 " + "41".repeat(128)),
                        "SOFTWARE at offset 20: SOFTWARE has 128 characters; at most 127 are allowed"),
                Arguments.of("REALM cut inside a character", request("0014 0001 e3000000"), "REALM at offset 20: REALM is not valid UTF-8"),
                Arguments.of("SIP", "OPTIONS sip:reflector.example SIP/2.0\r\n".getBytes(StandardCharsets.US_ASCII),
                        "does not start with two zero bits"),
                Arguments.of("random garbage", random(200, 1), "does not start with two zero bits"),
                Arguments.of("64 KiB of random bytes", random(65_536, 2), "65536 bytes, more than the 1500"),
                Arguments.of("one byte over the limit", random(StunCodec.MAX_MESSAGE_SIZE + 1, 3), "1501 bytes"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void decodesToMalformedWithAReason(String description, byte[] raw, String reason) {
        byte[] before = raw.clone();

        StunDecodeResult fromArray = StunCodec.decode(raw);
        StunDecodeResult fromBuffer = StunCodec.decode(ByteBuffer.wrap(raw));

        assertThat(fromArray).as(HexFormat.of().formatHex(raw, 0, Math.min(raw.length, 64)))
                .isInstanceOfSatisfying(Malformed.class, m -> assertThat(m.reason()).contains(reason));
        assertThat(fromBuffer).isEqualTo(fromArray);
        assertThat(raw).as("decoding leaves the input alone").isEqualTo(before);
    }
}
