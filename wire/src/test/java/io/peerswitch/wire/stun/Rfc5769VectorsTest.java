package io.peerswitch.wire.stun;

import static io.peerswitch.wire.stun.Fixtures.SAMPLE_IPV4_RESPONSE;
import static io.peerswitch.wire.stun.Fixtures.SAMPLE_IPV6_RESPONSE;
import static io.peerswitch.wire.stun.Fixtures.SAMPLE_LONG_TERM_REQUEST;
import static io.peerswitch.wire.stun.Fixtures.SAMPLE_REQUEST;
import static io.peerswitch.wire.stun.Fixtures.hex;
import static io.peerswitch.wire.stun.Fixtures.vector;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerswitch.wire.stun.StunDecodeResult.Decoded;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The four test vectors of RFC 5769 section 2, with the parameters /work/shared/conformance/rfc5769/EXPECTED.md lists. */
class Rfc5769VectorsTest {

    private static final IntegrityKey SHORT_TERM = IntegrityKey.shortTerm("VOkJxbRl1RmTxUk/WvJxBt");
    private static final String USERNAME_2_4 = "\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9";
    private static final IntegrityKey LONG_TERM = IntegrityKey.longTerm(USERNAME_2_4, "example.org", "TheMatrIX");
    private static final TransactionId ID_2_1_TO_2_3 = new TransactionId(hex("b7e7a701 bc34d686 fa87dfae"));
    private static final TransactionId ID_2_4 = new TransactionId(hex("78ad3433 c6ad72c0 29da412e"));

    private static StunMessage decoded(String name) {
        StunDecodeResult result = StunCodec.decode(vector(name));
        assertThat(result).isInstanceOf(Decoded.class);
        return ((Decoded) result).message();
    }

    private static MessageIntegrity integrity(String hex) {
        return new MessageIntegrity(hex(hex));
    }

    @ParameterizedTest
    @CsvSource({
            "sample_ipv4_response.bin, 21170621e9953d24ba2a2f4fd1e69ddbe27862017fbfa322c24ff23ee3762ebe",
            "sample_ipv6_response.bin, 9988ed75363e230b1bcd8cce931ca110dc8f0b2f9eff3db68dd023539629e1de",
            "sample_request.bin, b4d80e931289ed2b4f6c289d8e8278286b80d9baaff3d504cfbdc6b6e6ed5899",
            "sample_request_long_term_auth.bin, 4b1c777e02d65a3474034eb58dc78ee689c62109751cf5f320f0522ebdc33cdd",
    })
    void vectorsAreTheBytesExpectedMdLists(String name, String sha256) throws Exception {
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(vector(name)))).isEqualTo(sha256);
    }

    @Test
    void sampleRequestDecodesToEveryListedAttribute() {
        StunMessage request = decoded(SAMPLE_REQUEST);

        assertThat(request.messageClass()).isEqualTo(StunClass.REQUEST);
        assertThat(request.method()).isEqualTo(StunMethod.BINDING);
        assertThat(request.transactionId()).isEqualTo(ID_2_1_TO_2_3);
        assertThat(request.attributes()).containsExactly(
                new Software("STUN test client"),
                new Priority(0x6e0001ffL),
                new IceControlled(0x932ff9b151263b36L),
                new Username("evtj:h6vY"),
                integrity("9aeaa70c bfd8cb56 781ef2b5 b2d3f249 c1b571a2"),
                new Fingerprint(0xe57a3bcf));
        assertThat(request.attribute(Priority.class)).hasValueSatisfying(p -> assertThat(p.priority()).isEqualTo(1845494271L));
        assertThat(request.unknownComprehensionRequired()).isEmpty();
    }

    @Test
    void sampleIpv4ResponseCarries192_0_2_1Port32853() throws Exception {
        StunMessage response = decoded(SAMPLE_IPV4_RESPONSE);

        assertThat(response.messageClass()).isEqualTo(StunClass.SUCCESS_RESPONSE);
        assertThat(response.method()).isEqualTo(StunMethod.BINDING);
        assertThat(response.transactionId()).isEqualTo(ID_2_1_TO_2_3);
        assertThat(response.attributes()).containsExactly(
                new Software("test vector"),
                new XorMappedAddress(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853)),
                integrity("2b91f599 fd9e90c3 8c7489f9 2af9ba53 f06be7d7"),
                new Fingerprint(0xc07d4c96));
    }

    @Test
    void sampleIpv6ResponseCarries2001Db8Port32853() throws Exception {
        StunMessage response = decoded(SAMPLE_IPV6_RESPONSE);

        assertThat(response.messageClass()).isEqualTo(StunClass.SUCCESS_RESPONSE);
        assertThat(response.transactionId()).isEqualTo(ID_2_1_TO_2_3);
        assertThat(response.attributes()).containsExactly(
                new Software("test vector"),
                new XorMappedAddress(new InetSocketAddress(
                        InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853)),
                integrity("a382954e 4be67bf1 1784c97c 8292c275 bfe3ed41"),
                new Fingerprint(0xc8fb0b4c));
        InetSocketAddress mapped = response.attribute(XorMappedAddress.class).orElseThrow().address();
        assertThat(mapped.getAddress().getHostAddress()).isEqualTo("2001:db8:1234:5678:11:2233:4455:6677");
    }

    @Test
    void sampleLongTermRequestCarriesUsernameNonceAndRealm() {
        StunMessage request = decoded(SAMPLE_LONG_TERM_REQUEST);

        assertThat(request.messageClass()).isEqualTo(StunClass.REQUEST);
        assertThat(request.transactionId()).isEqualTo(ID_2_4);
        assertThat(request.attributes()).containsExactly(
                new Username(USERNAME_2_4),
                new Nonce("f//499k954d6OL34oL9FSTvy64sA"),
                new Realm("example.org"),
                integrity("f6702465 6dd64a3e 02b8e071 2e85c9a2 8ca89666"));
        assertThat(request.attribute(Fingerprint.class)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({SAMPLE_REQUEST, SAMPLE_IPV4_RESPONSE, SAMPLE_IPV6_RESPONSE})
    void shortTermIntegrityAndFingerprintVerify(String name) {
        byte[] raw = vector(name);

        assertThat(StunCodec.verifyIntegrity(raw, SHORT_TERM)).isTrue();
        assertThat(StunCodec.verifyFingerprint(raw)).isTrue();
        assertThat(StunCodec.verifyIntegrity(raw, IntegrityKey.shortTerm("VOkJxbRl1RmTxUk/WvJxBT"))).isFalse();
    }

    @Test
    void longTermIntegrityVerifiesWithTheMd5Key() {
        byte[] raw = vector(SAMPLE_LONG_TERM_REQUEST);

        assertThat(StunCodec.verifyIntegrity(raw, LONG_TERM)).isTrue();
        assertThat(StunCodec.verifyIntegrity(raw, IntegrityKey.longTerm(USERNAME_2_4, "example.org", "TheMatrix"))).isFalse();
        assertThat(StunCodec.verifyIntegrity(raw, SHORT_TERM)).isFalse();
        assertThat(StunCodec.verifyFingerprint(raw)).as("2.4 has no FINGERPRINT").isFalse();
    }

    @ParameterizedTest
    @CsvSource({
            "sample_request.bin, 0x20",
            "sample_ipv4_response.bin, 0x20",
            "sample_ipv6_response.bin, 0x20",
            "sample_request_long_term_auth.bin, 0x00",
    })
    void reEncodingADecodedVectorReproducesItsBytes(String name, String padding) {
        byte[] raw = vector(name);

        assertThat(StunCodec.encode(decoded(name), Integer.decode(padding).byteValue())).isEqualTo(raw);
    }

    @ParameterizedTest
    @CsvSource({
            "sample_request.bin, 0x20, short, true",
            "sample_ipv4_response.bin, 0x20, short, true",
            "sample_ipv6_response.bin, 0x20, short, true",
            "sample_request_long_term_auth.bin, 0x00, long, false",
    })
    void computingIntegrityAndFingerprintAfreshReproducesTheVector(String name, String padding, String credential,
                                                                   boolean fingerprint) {
        StunMessage vector = decoded(name);
        List<StunAttribute> unprotected = vector.attributes().stream()
                .filter(a -> !(a instanceof MessageIntegrity) && !(a instanceof Fingerprint))
                .toList();
        StunMessage bare = new StunMessage(vector.messageClass(), vector.method(), vector.transactionId(), unprotected);

        byte[] encoded = StunCodec.appendIntegrity(StunCodec.encode(bare, Integer.decode(padding).byteValue()),
                credential.equals("short") ? SHORT_TERM : LONG_TERM);
        if (fingerprint) {
            encoded = StunCodec.appendFingerprint(encoded);
        }

        assertThat(encoded).isEqualTo(vector(name));
    }
}
