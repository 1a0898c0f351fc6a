package io.peerswitch.reflector.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerswitch.wire.stun.ChangeRequest;
import io.peerswitch.wire.stun.ErrorCode;
import io.peerswitch.wire.stun.IceControlled;
import io.peerswitch.wire.stun.IntegrityKey;
import io.peerswitch.wire.stun.MessageIntegrity;
import io.peerswitch.wire.stun.OtherAddress;
import io.peerswitch.wire.stun.Priority;
import io.peerswitch.wire.stun.ResponseOrigin;
import io.peerswitch.wire.stun.Software;
import io.peerswitch.wire.stun.StunAttribute;
import io.peerswitch.wire.stun.StunClass;
import io.peerswitch.wire.stun.StunCodec;
import io.peerswitch.wire.stun.StunDecodeResult;
import io.peerswitch.wire.stun.StunMessage;
import io.peerswitch.wire.stun.StunMethod;
import io.peerswitch.wire.stun.TransactionId;
import io.peerswitch.wire.stun.UnknownAttribute;
import io.peerswitch.wire.stun.UnknownAttributes;
import io.peerswitch.wire.stun.Username;
import io.peerswitch.wire.stun.XorMappedAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The Binding decision of RFC 8489 section 6.3.1 without any socket. */
class BindingHandlerTest {

    private static final TransactionId ID = TransactionId.random();

    private static InetSocketAddress source(String ip, int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(ip), port);
    }

    private static final StunAddresses SINGLE = StunAddresses.single(new InetSocketAddress(0));

    /** The answer of a one-address server bound to the wildcard (no RESPONSE-ORIGIN, no OTHER-ADDRESS). */
    private static Optional<StunMessage> handle(StunMessage message, InetSocketAddress source) {
        return BindingHandler.handle(message, source, SINGLE, StunAddresses.Slot.PRIMARY).map(BindingHandler.Reply::response);
    }

    private static StunMessage request(StunAttribute... attributes) {
        return new StunMessage(StunClass.REQUEST, StunMethod.BINDING, ID, List.of(attributes));
    }

    @Test
    void answersWithTheSourceAsXorMappedAddress() throws Exception {
        InetSocketAddress source = source("198.51.100.7", 40_000);

        Optional<StunMessage> response = handle(request(), source);

        assertThat(response).contains(new StunMessage(StunClass.SUCCESS_RESPONSE, StunMethod.BINDING, ID,
                List.of(new XorMappedAddress(source), new Software("Peerswitch reflector"))));
    }

    @Test
    void answersAnIpv6Source() throws Exception {
        InetSocketAddress source = source("2001:db8::7", 3478);

        StunMessage response = handle(request(), source).orElseThrow();

        assertThat(response.attribute(XorMappedAddress.class)).contains(new XorMappedAddress(source));
        byte[] wire = StunCodec.encodeWithFingerprint(response);
        assertThat(StunCodec.decode(wire)).isInstanceOfSatisfying(StunDecodeResult.Decoded.class,
                d -> assertThat(d.message().attribute(XorMappedAddress.class)).contains(new XorMappedAddress(source)));
    }

    @Test
    void ignoresKnownAndOptionalAttributesItDoesNotNeed() throws Exception {
        StunMessage withCredentials = new StunMessage(StunClass.REQUEST, StunMethod.BINDING, ID, List.of(
                new Username("alice:bob"), new Priority(1), new IceControlled(7), new UnknownAttribute(0xC0DE, new byte[3]),
                new MessageIntegrity(new byte[MessageIntegrity.LENGTH])));

        Optional<StunMessage> response = handle(withCredentials, source("192.0.2.1", 1));

        assertThat(response).hasValueSatisfying(r -> assertThat(r.messageClass()).isEqualTo(StunClass.SUCCESS_RESPONSE));
    }

    @Test
    void unknownComprehensionRequiredAttributesGet420ListingThem() throws Exception {
        StunMessage message = request(new UnknownAttribute(0x7FFF, new byte[0]), new UnknownAttribute(0xC0DE, new byte[0]),
                new UnknownAttribute(0x0042, new byte[4]), new UnknownAttribute(0x7FFF, new byte[8]));

        StunMessage response = handle(message, source("192.0.2.1", 1)).orElseThrow();

        assertThat(response).isEqualTo(new StunMessage(StunClass.ERROR_RESPONSE, StunMethod.BINDING, ID, List.of(
                new ErrorCode(420, "Unknown Attribute"),
                new UnknownAttributes(List.of(0x7FFF, 0x0042)),
                BindingHandler.SOFTWARE)));
    }

    @Test
    void changeRequestGets420BecauseThisServerHasNoAlternateAddress() throws Exception {
        StunMessage response = handle(request(new ChangeRequest(false, true)), source("192.0.2.1", 1)).orElseThrow();

        assertThat(response.messageClass()).isEqualTo(StunClass.ERROR_RESPONSE);
        assertThat(response.attribute(ErrorCode.class)).hasValueSatisfying(e -> assertThat(e.code()).isEqualTo(420));
        assertThat(response.attribute(UnknownAttributes.class)).contains(new UnknownAttributes(List.of(ChangeRequest.TYPE)));
        assertThat(response.attribute(XorMappedAddress.class)).isEmpty();
    }

    /** A discovery server: primary 192.0.2.10:3478, alternate 192.0.2.11:3479 (RFC 5780 section 6). */
    private static final StunAddresses TWO;

    static {
        try {
            TWO = new StunAddresses(source("192.0.2.10", 3478), Optional.of(source("192.0.2.11", 3479)));
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Test
    void aDiscoveryServerNamesWhereItAnsweredFromAndItsOtherAddress() throws Exception {
        BindingHandler.Reply reply = BindingHandler.handle(request(), source("198.51.100.7", 40000), TWO,
                StunAddresses.Slot.PRIMARY).orElseThrow();

        assertThat(reply.from()).isEqualTo(StunAddresses.Slot.PRIMARY);
        assertThat(reply.response().attributes()).containsExactly(
                new XorMappedAddress(source("198.51.100.7", 40000)),
                new ResponseOrigin(source("192.0.2.10", 3478)),
                new OtherAddress(source("192.0.2.11", 3479)),
                BindingHandler.SOFTWARE);
    }

    @ParameterizedTest
    @CsvSource({
            // received on (ip,port) | change ip | change port | answered from (ip,port) | origin        | other
            "0,0, false,false, 0,0, 192.0.2.10:3478, 192.0.2.11:3479",
            "0,0, true,true,   1,1, 192.0.2.11:3479, 192.0.2.11:3479",
            "0,0, false,true,  0,1, 192.0.2.10:3479, 192.0.2.11:3479",
            "0,0, true,false,  1,0, 192.0.2.11:3478, 192.0.2.11:3479",
            "1,1, true,true,   0,0, 192.0.2.10:3478, 192.0.2.10:3478",
            "0,1, true,false,  1,1, 192.0.2.11:3479, 192.0.2.11:3478",
    })
    void changeRequestPicksTheSocketItAsksFor(int ip, int port, boolean changeIp, boolean changePort, int fromIp, int fromPort,
                                              String origin, String other) throws Exception {
        BindingHandler.Reply reply = BindingHandler.handle(request(new ChangeRequest(changeIp, changePort)),
                source("198.51.100.7", 40000), TWO, new StunAddresses.Slot(ip, port)).orElseThrow();

        assertThat(reply.from()).isEqualTo(new StunAddresses.Slot(fromIp, fromPort));
        assertThat(reply.response().messageClass()).isEqualTo(StunClass.SUCCESS_RESPONSE);
        assertThat(reply.response().attribute(ResponseOrigin.class).orElseThrow().address()).isEqualTo(address(origin));
        assertThat(reply.response().attribute(OtherAddress.class).orElseThrow().address()).isEqualTo(address(other));
        assertThat(TWO.address(reply.from())).as("RESPONSE-ORIGIN is the socket it goes out of").isEqualTo(address(origin));
    }

    private static InetSocketAddress address(String text) throws Exception {
        int colon = text.lastIndexOf(':');
        return source(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
    }

    @Test
    void theAddressesRefuseAnAlternateThatCannotServeDiscovery() throws Exception {
        assertThatThrownBy(() -> new StunAddresses(source("192.0.2.10", 3478), Optional.of(source("192.0.2.10", 3479))))
                .hasMessageContaining("must differ");
        assertThatThrownBy(() -> new StunAddresses(source("192.0.2.10", 3478), Optional.of(source("192.0.2.11", 3478))))
                .hasMessageContaining("ports");
        assertThatThrownBy(() -> new StunAddresses(source("0.0.0.0", 3478), Optional.of(source("192.0.2.11", 3479))))
                .hasMessageContaining("wildcard");
        assertThatThrownBy(() -> new StunAddresses(source("192.0.2.10", 3478), Optional.of(source("2001:db8::1", 3479))))
                .hasMessageContaining("family");
        assertThat(TWO.slots()).hasSize(4);
        assertThat(StunAddresses.single(source("192.0.2.10", 3478)).slots()).containsExactly(StunAddresses.Slot.PRIMARY);
    }

    @ParameterizedTest
    @EnumSource(value = StunClass.class, names = "REQUEST", mode = EnumSource.Mode.EXCLUDE)
    void dropsIndicationsAndResponses(StunClass messageClass) throws Exception {
        StunMessage message = new StunMessage(messageClass, StunMethod.BINDING, ID, List.of());

        assertThat(handle(message, source("192.0.2.1", 1))).isEmpty();
    }

    @Test
    void dropsRequestsOfOtherMethods() throws Exception {
        StunMessage allocate = new StunMessage(StunClass.REQUEST, new StunMethod(0x003), ID, List.of());

        assertThat(handle(allocate, source("192.0.2.1", 1))).isEmpty();
    }

    @Test
    void responsesEncodeWithFingerprintAndWithoutIntegrity() throws Exception {
        StunMessage response = handle(request(), source("192.0.2.1", 1)).orElseThrow();

        byte[] wire = StunCodec.encodeWithFingerprint(response);

        assertThat(StunCodec.verifyFingerprint(wire)).isTrue();
        assertThat(StunCodec.verifyIntegrity(wire, IntegrityKey.shortTerm("any"))).isFalse();
    }
}
