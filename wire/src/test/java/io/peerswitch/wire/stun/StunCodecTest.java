package io.peerswitch.wire.stun;

import static io.peerswitch.wire.stun.Fixtures.SAMPLE_IPV4_RESPONSE;
import static io.peerswitch.wire.stun.Fixtures.SAMPLE_REQUEST;
import static io.peerswitch.wire.stun.Fixtures.hex;
import static io.peerswitch.wire.stun.Fixtures.vector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerswitch.wire.stun.StunDecodeResult.Decoded;
import io.peerswitch.wire.stun.StunDecodeResult.Malformed;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Encoding and decoding against hand-annotated bytes, round trips of every attribute, and the value types' invariants. */
class StunCodecTest {

    private static final TransactionId ID = new TransactionId(hex("000102030405060708090a0b"));

    private static StunMessage decoded(byte[] raw) {
        StunDecodeResult result = StunCodec.decode(raw);
        if (result instanceof Malformed malformed) {
            throw new AssertionError("expected a message, got: " + malformed.reason());
        }
        return ((Decoded) result).message();
    }

    private static InetSocketAddress address(String ip, int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(ip), port);
    }

    private static StunMessage message(StunClass messageClass, StunAttribute... attributes) {
        return new StunMessage(messageClass, StunMethod.BINDING, ID, List.of(attributes));
    }

    @Test
    void bindingRequestWithoutAttributes() {
        byte[] raw = hex("""
                0001                        # Binding request: method 0x001, class bits C1 C0 = 00
                0000                        # message length: no attributes
                2112a442                    # magic cookie
                000102030405060708090a0b    # transaction ID
                """);
        StunMessage request = message(StunClass.REQUEST);

        assertThat(decoded(raw)).isEqualTo(request);
        assertThat(StunCodec.encode(request)).isEqualTo(raw);
    }

    @Test
    void unknownAttributeErrorResponse() {
        byte[] raw = hex("""
                0111                        # Binding error response: C1 (bit 8) and C0 (bit 4) set
                0040                        # message length: 64 bytes of attributes
                2112a442 000102030405060708090a0b
                0009 0015                   # ERROR-CODE, 21 bytes
                0000 04 14                  # 21 reserved bits, class 4, number 20: 420
                556e6b6e6f776e20417474726962757465 000000   # "Unknown Attribute", 3 bytes of zero padding
                000a 0006                   # UNKNOWN-ATTRIBUTES, 6 bytes: three types
                0003 7fff 0023 0000         # CHANGE-REQUEST, 0x7FFF, 0x0023, 2 bytes of padding
                8022 0014                   # SOFTWARE, 20 bytes
                50656572737769746368207265666c6563746f72    # "Peerswitch reflector"
                """);
        StunMessage response = message(StunClass.ERROR_RESPONSE,
                new ErrorCode(420, "Unknown Attribute"),
                new UnknownAttributes(List.of(0x0003, 0x7FFF, 0x0023)),
                new Software("Peerswitch reflector"));

        assertThat(decoded(raw)).isEqualTo(response);
        assertThat(StunCodec.encode(response)).isEqualTo(raw);
    }

    @Test
    void xorMappedAddressIsXoredWithTheMagicCookie() throws Exception {
        byte[] raw = hex("""
                0101 000c 2112a442 000102030405060708090a0b   # Binding success response, 12 bytes
                0020 0008                   # XOR-MAPPED-ADDRESS, 8 bytes
                00 01                       # reserved, family IPv4
                f523                        # port 54321 (0xd431) XOR 0x2112
                ea12d547                    # 203.0.113.5 (cb007105) XOR 2112a442
                """);
        StunMessage response = message(StunClass.SUCCESS_RESPONSE, new XorMappedAddress(address("203.0.113.5", 54321)));

        assertThat(decoded(raw)).isEqualTo(response);
        assertThat(StunCodec.encode(response)).isEqualTo(raw);
    }

    @Test
    void classicAndRfc5780AddressAttributesAreInClear() throws Exception {
        byte[] raw = hex("""
                0101 0048 2112a442 000102030405060708090a0b   # Binding success response, 72 bytes
                0001 0008 00 01 0d96 c0000201                 # MAPPED-ADDRESS 192.0.2.1:3478
                0004 0008 00 01 0d96 c6336407                 # SOURCE-ADDRESS 198.51.100.7:3478
                0005 0008 00 01 0d97 c6336408                 # CHANGED-ADDRESS 198.51.100.8:3479
                802b 0008 00 01 0d96 c6336407                 # RESPONSE-ORIGIN 198.51.100.7:3478
                802c 0014 00 02 0d97 20010db8000000000000000000000008   # OTHER-ADDRESS [2001:db8::8]:3479
                """);
        StunMessage response = message(StunClass.SUCCESS_RESPONSE,
                new MappedAddress(address("192.0.2.1", 3478)),
                new SourceAddress(address("198.51.100.7", 3478)),
                new ChangedAddress(address("198.51.100.8", 3479)),
                new ResponseOrigin(address("198.51.100.7", 3478)),
                new OtherAddress(address("2001:db8::8", 3479)));

        assertThat(decoded(raw)).isEqualTo(response);
        assertThat(StunCodec.encode(response)).isEqualTo(raw);
    }

    @Test
    void changeRequestAndIceAttributes() {
        byte[] raw = hex("""
                0001 001c 2112a442 000102030405060708090a0b   # Binding request, 28 bytes
                0003 0004 00000006          # CHANGE-REQUEST: change IP (0x4) and change port (0x2)
                0024 0004 ffffffff          # PRIORITY 2^32 - 1
                802a 0008 8000000000000001  # ICE-CONTROLLING, tie-breaker with the top bit set
                """);
        StunMessage request = message(StunClass.REQUEST,
                new ChangeRequest(true, true),
                new Priority(Priority.MAX_PRIORITY),
                new IceControlling(0x8000000000000001L));

        assertThat(decoded(raw)).isEqualTo(request);
        assertThat(StunCodec.encode(request)).isEqualTo(raw);
    }

    @Test
    void changeRequestFlagsAreIndependent() {
        StunMessage portOnly = decoded(hex("0001 0008 2112a442 000102030405060708090a0b 0003 0004 00000002"));
        StunMessage ipOnly = decoded(hex("0001 0008 2112a442 000102030405060708090a0b 0003 0004 00000004"));

        assertThat(portOnly.attribute(ChangeRequest.class)).contains(new ChangeRequest(false, true));
        assertThat(ipOnly.attribute(ChangeRequest.class)).contains(new ChangeRequest(true, false));
    }

    @ParameterizedTest
    @CsvSource({
            "REQUEST, 0x001, 0x0001",
            "INDICATION, 0x001, 0x0011",
            "SUCCESS_RESPONSE, 0x001, 0x0101",
            "ERROR_RESPONSE, 0x001, 0x0111",
            "REQUEST, 0xFFF, 0x3EEF",
            "ERROR_RESPONSE, 0xFFF, 0x3FFF",
            "SUCCESS_RESPONSE, 0x080, 0x0300",
            "INDICATION, 0x010, 0x0030",
    })
    void messageTypeInterleavesClassBitsWithMethodBits(StunClass messageClass, String method, String type) {
        StunMessage message = new StunMessage(messageClass, new StunMethod(Integer.decode(method)), ID, List.of());
        byte[] raw = StunCodec.encode(message);

        assertThat(ByteBuffer.wrap(raw).getShort() & 0xFFFF).isEqualTo(Integer.decode(type));
        assertThat(decoded(raw)).isEqualTo(message);
    }

    @Test
    void everyAttributeSurvivesARoundTrip() throws Exception {
        byte[] mapped = InetAddress.getByName("192.0.2.1").getAddress();
        byte[] v4InV6 = new byte[16];
        v4InV6[10] = (byte) 0xFF;
        v4InV6[11] = (byte) 0xFF;
        System.arraycopy(mapped, 0, v4InV6, 12, 4);
        StunMessage message = message(StunClass.SUCCESS_RESPONSE,
                new XorMappedAddress(address("198.51.100.20", 1)),
                new XorMappedAddress(address("2001:db8::1", 65535)),
                new XorMappedAddress(new InetSocketAddress(Inet6Address.getByAddress(null, v4InV6, -1), 5060)),
                new MappedAddress(address("::1", 0)),
                new ResponseOrigin(address("2001:db8::2", 3478)),
                new OtherAddress(address("198.51.100.9", 3479)),
                new ChangedAddress(address("2001:db8::3", 3479)),
                new SourceAddress(address("198.51.100.8", 3478)),
                new Username("alice"),
                new Realm("peerswitch.example"),
                new Nonce("obMatJos2AAACf//499k954d6OL34oL9FSTvy64sA"),
                new Software("Peerswitch \u00e9t\u00e9 \uD83D\uDCDE"),
                new ErrorCode(699, ""),
                new UnknownAttributes(List.of()),
                new UnknownAttributes(List.of(0x0000, 0xFFFF)),
                new ChangeRequest(false, false),
                new Priority(0),
                new IceControlled(-1L),
                new IceControlling(0),
                new UnknownAttribute(0x7FFF, new byte[0]),
                new UnknownAttribute(0xC001, new byte[] {1, 2, 3, 4, 5}),
                new MessageIntegrity(new byte[MessageIntegrity.LENGTH]));

        StunMessage back = decoded(StunCodec.encode(message));

        assertThat(back).isEqualTo(message);
        assertThat(back.attributes().get(2)).isEqualTo(message.attributes().get(2));
        assertThat(((XorMappedAddress) back.attributes().get(2)).address().getAddress())
                .as("an IPv6 family stays IPv6 even for an IPv4-mapped address").isInstanceOf(Inet6Address.class);
    }

    @Test
    void paddingIsIgnoredOnReceipt() {
        StunMessage zero = decoded(hex("0001 0008 2112a442 000102030405060708090a0b 8022 0001 41 000000"));
        StunMessage junk = decoded(hex("0001 0008 2112a442 000102030405060708090a0b 8022 0001 41 ffffff"));

        assertThat(zero).isEqualTo(junk).isEqualTo(message(StunClass.REQUEST, new Software("A")));
    }

    @Test
    void integrityAndFingerprintRoundTrip() {
        StunMessage request = message(StunClass.REQUEST, new Username("bob:alice"), new Priority(42));
        IntegrityKey key = IntegrityKey.shortTerm("secret");

        byte[] raw = StunCodec.encodeWithIntegrityAndFingerprint(request, key);

        assertThat(StunCodec.verifyIntegrity(raw, key)).isTrue();
        assertThat(StunCodec.verifyFingerprint(raw)).isTrue();
        assertThat(StunCodec.verifyIntegrity(raw, IntegrityKey.shortTerm("Secret"))).isFalse();
        List<StunAttribute> attributes = decoded(raw).attributes();
        assertThat(attributes).hasSize(4).startsWith(new Username("bob:alice"), new Priority(42));
        assertThat(attributes.get(2)).isInstanceOf(MessageIntegrity.class);
        assertThat(attributes.get(3)).isInstanceOf(Fingerprint.class);
    }

    @Test
    void integrityWithoutFingerprintAndFingerprintWithoutIntegrity() {
        StunMessage request = message(StunClass.REQUEST, new Software("x"));
        IntegrityKey key = IntegrityKey.longTerm("user", "realm", "pass");

        byte[] signed = StunCodec.encodeWithIntegrity(request, key);
        byte[] fingerprinted = StunCodec.encodeWithFingerprint(request);

        assertThat(StunCodec.verifyIntegrity(signed, key)).isTrue();
        assertThat(StunCodec.verifyFingerprint(signed)).isFalse();
        assertThat(StunCodec.verifyFingerprint(fingerprinted)).isTrue();
        assertThat(StunCodec.verifyIntegrity(fingerprinted, key)).isFalse();
        assertThat(decoded(fingerprinted).attributes()).hasSize(2).first().isEqualTo(new Software("x"));
    }

    @Test
    void integrityCoversEveryByteBeforeIt() {
        IntegrityKey key = IntegrityKey.shortTerm("secret");
        byte[] raw = StunCodec.encodeWithIntegrity(message(StunClass.REQUEST, new Software("abcd")), key);
        byte[] tampered = raw.clone();
        tampered[StunCodec.HEADER_SIZE + 4] = 'X';

        assertThat(decoded(tampered).attribute(Software.class)).contains(new Software("Xbcd"));
        assertThat(StunCodec.verifyIntegrity(tampered, key)).isFalse();
        assertThat(StunCodec.verifyIntegrity(raw, key)).isTrue();
    }

    @Test
    void verificationOfNonStunBytesIsFalseNotAnException() {
        byte[] garbage = "INVITE sip:bob@example.org SIP/2.0\r\n".getBytes(StandardCharsets.US_ASCII);

        assertThat(StunCodec.verifyIntegrity(garbage, IntegrityKey.shortTerm("k"))).isFalse();
        assertThat(StunCodec.verifyFingerprint(garbage)).isFalse();
        assertThat(StunCodec.verifyFingerprint(new byte[0])).isFalse();
    }

    @Test
    void appendingRefusesWhatWouldBreakTheOrderOrIsNotStun() {
        byte[] withFingerprint = vector(SAMPLE_IPV4_RESPONSE);
        byte[] withIntegrity = StunCodec.encodeWithIntegrity(message(StunClass.REQUEST), IntegrityKey.shortTerm("k"));

        assertThatThrownBy(() -> StunCodec.appendFingerprint(withFingerprint)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already ends in FINGERPRINT");
        assertThatThrownBy(() -> StunCodec.appendIntegrity(withFingerprint, IntegrityKey.shortTerm("k")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already ends");
        assertThatThrownBy(() -> StunCodec.appendIntegrity(withIntegrity, IntegrityKey.shortTerm("k")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already ends");
        assertThatThrownBy(() -> StunCodec.appendFingerprint(new byte[] {1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a STUN message");
        assertThat(StunCodec.verifyFingerprint(StunCodec.appendFingerprint(withIntegrity))).isTrue();
    }

    @Test
    void encodingRefusesMessagesLargerThanTheLimit() {
        List<StunAttribute> attributes = new ArrayList<>(Collections.nCopies(
                (StunCodec.MAX_MESSAGE_SIZE - StunCodec.HEADER_SIZE) / 8, new Priority(1)));
        StunMessage largest = message(StunClass.REQUEST, attributes.toArray(StunAttribute[]::new));
        attributes.add(new Priority(1));
        StunMessage tooLarge = message(StunClass.REQUEST, attributes.toArray(StunAttribute[]::new));

        assertThat(StunCodec.encode(largest)).hasSize(StunCodec.MAX_MESSAGE_SIZE);
        assertThatThrownBy(() -> StunCodec.encode(tooLarge)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1508 bytes");
        assertThatThrownBy(() -> StunCodec.encodeWithFingerprint(largest)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1508 bytes");
    }

    @Test
    void looksLikeStunSeparatesStunFromSipRtpAndDtls() {
        byte[] stun = vector(SAMPLE_REQUEST);
        byte[] sip = "REGISTER sip:peerswitch.example SIP/2.0\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] rtp = hex("80 00 1234 00000000 deadbeef 2112a442 0000000000000000");
        byte[] dtls = hex("16 fefd 0000 000000000000 0010 2112a442 00000000000000");
        byte[] shared = new byte[stun.length + 7];
        System.arraycopy(stun, 0, shared, 7, stun.length);

        assertThat(StunCodec.looksLikeStun(stun, 0, stun.length)).isTrue();
        assertThat(StunCodec.looksLikeStun(shared, 7, stun.length)).isTrue();
        assertThat(StunCodec.looksLikeStun(sip, 0, sip.length)).isFalse();
        assertThat(StunCodec.looksLikeStun(rtp, 0, rtp.length)).isFalse();
        assertThat(StunCodec.looksLikeStun(dtls, 0, dtls.length)).isFalse();
        assertThat(StunCodec.looksLikeStun(stun, 0, StunCodec.HEADER_SIZE - 1)).isFalse();
        byte[] noCookie = stun.clone();
        noCookie[4] = 0;
        assertThat(StunCodec.looksLikeStun(noCookie, 0, noCookie.length)).isFalse();
    }

    @Test
    void decodingABufferReadsFromPositionToLimitAndLeavesItAlone() {
        byte[] stun = vector(SAMPLE_REQUEST);
        ByteBuffer buffer = ByteBuffer.allocate(stun.length + 10);
        buffer.position(3);
        buffer.put(stun);
        buffer.flip().position(3);

        StunDecodeResult result = StunCodec.decode(buffer);

        assertThat(result).isEqualTo(StunCodec.decode(stun)).isInstanceOf(Decoded.class);
        assertThat(buffer.position()).isEqualTo(3);
        assertThat(buffer.limit()).isEqualTo(3 + stun.length);
    }

    @Test
    void textAttributesHoldFewerThan128Characters() {
        String longest = "\uD83D\uDCDE".repeat(StunCodec.MAX_TEXT_CHARACTERS);

        assertThat(new Software(longest).value()).hasSize(2 * StunCodec.MAX_TEXT_CHARACTERS);
        assertThat(StunCodec.encode(message(StunClass.REQUEST, new Software(longest)))).hasSize(StunCodec.HEADER_SIZE + 4 + 4 * StunCodec.MAX_TEXT_CHARACTERS);
        assertThatThrownBy(() -> new Software("x".repeat(128))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SOFTWARE has 128 characters");
        assertThatThrownBy(() -> new Realm("x".repeat(128))).hasMessageContaining("REALM");
        assertThatThrownBy(() -> new Nonce("x".repeat(128))).hasMessageContaining("NONCE");
        assertThatThrownBy(() -> new ErrorCode(400, "x".repeat(128))).hasMessageContaining("reason phrase");
        assertThatThrownBy(() -> new Software("\uD83D")).hasMessageContaining("unpaired surrogate");
    }

    @Test
    void usernameHoldsAtMost763Bytes() {
        assertThat(new Username("\u00e9".repeat(381) + "a").value()).hasSize(382);
        assertThatThrownBy(() -> new Username("\u00e9".repeat(382))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("764 bytes");
    }

    @Test
    void valueTypesCopyTheirBytesAndCompareByContent() {
        byte[] id = hex("0102030405060708090a0b0c");
        TransactionId transactionId = new TransactionId(id);
        id[0] = 99;
        transactionId.bytes()[1] = 99;
        byte[] hmac = new byte[20];
        MessageIntegrity integrity = new MessageIntegrity(hmac);
        hmac[0] = 1;
        byte[] value = {7};
        UnknownAttribute unknown = new UnknownAttribute(0x4000, value);
        value[0] = 8;
        byte[] keyBytes = {1, 2};
        IntegrityKey key = new IntegrityKey(keyBytes);
        keyBytes[0] = 9;

        assertThat(transactionId.bytes()).isEqualTo(hex("0102030405060708090a0b0c"));
        assertThat(transactionId).isEqualTo(new TransactionId(hex("0102030405060708090a0b0c")))
                .hasSameHashCodeAs(new TransactionId(hex("0102030405060708090a0b0c")))
                .hasToString("0102030405060708090a0b0c");
        assertThat(integrity).isEqualTo(new MessageIntegrity(new byte[20])).hasSameHashCodeAs(new MessageIntegrity(new byte[20]));
        assertThat(unknown.value()).containsExactly(7);
        assertThat(unknown).isEqualTo(new UnknownAttribute(0x4000, new byte[] {7}))
                .isNotEqualTo(new UnknownAttribute(0x4001, new byte[] {7}));
        assertThat(key.bytes()).containsExactly(1, 2);
        assertThat(key).hasToString("IntegrityKey[2 bytes]");
        assertThat(message(StunClass.REQUEST, new Software("a")))
                .isEqualTo(new StunMessage(StunClass.REQUEST, StunMethod.BINDING,
                        new TransactionId(hex("000102030405060708090a0b")), List.of(new Software("a"))));
        assertThat(TransactionId.random()).isNotEqualTo(TransactionId.random());
    }

    @Test
    void messagesKeepMessageIntegrityAndFingerprintLast() {
        MessageIntegrity integrity = new MessageIntegrity(new byte[20]);
        Fingerprint fingerprint = new Fingerprint(0);
        Software software = new Software("s");

        assertThat(message(StunClass.REQUEST, software, integrity, fingerprint).attributes()).hasSize(3);
        assertThatThrownBy(() -> message(StunClass.REQUEST, fingerprint, software))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FINGERPRINT must be the last");
        assertThatThrownBy(() -> message(StunClass.REQUEST, integrity, software))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only FINGERPRINT may follow");
        assertThatThrownBy(() -> message(StunClass.REQUEST, fingerprint, integrity))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void recordsRefuseValuesTheWireCannotCarry() throws Exception {
        assertThatThrownBy(() -> new TransactionId(new byte[16])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StunMethod(0x1000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ErrorCode(299, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ErrorCode(700, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Priority(Priority.MAX_PRIORITY + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UnknownAttributes(List.of(0x10000))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MessageIntegrity(new byte[19])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UnknownAttribute(XorMappedAddress.TYPE, new byte[8]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("XOR-MAPPED-ADDRESS has a record");
        assertThatThrownBy(() -> new XorMappedAddress(InetSocketAddress.createUnresolved("stun.example", 3478)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unresolved");
        assertThatThrownBy(() -> new IntegrityKey(new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThat(new XorMappedAddress(address("192.0.2.1", 1)).address().getPort()).isEqualTo(1);
    }

    @Test
    void unknownComprehensionRequiredListsEachRequiredTypeOnce() {
        StunMessage request = message(StunClass.REQUEST,
                new UnknownAttribute(0x7001, new byte[0]),
                new UnknownAttribute(0x8001, new byte[0]),
                new Software("s"),
                new UnknownAttribute(0x0002, new byte[4]),
                new UnknownAttribute(0x7001, new byte[4]));

        assertThat(request.unknownComprehensionRequired()).containsExactly(0x7001, 0x0002);
        assertThat(request.attribute(UnknownAttribute.class)).contains(new UnknownAttribute(0x7001, new byte[0]));
        assertThat(request.attribute(Username.class)).isEmpty();
        assertThat(Arrays.asList(StunAttribute.isComprehensionRequired(0x7FFF),
                StunAttribute.isComprehensionRequired(0x8000))).containsExactly(true, false);
    }
}
