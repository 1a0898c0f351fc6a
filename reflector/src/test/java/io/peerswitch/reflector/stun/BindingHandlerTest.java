package io.peerswitch.reflector.stun;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerswitch.wire.stun.ChangeRequest;
import io.peerswitch.wire.stun.ErrorCode;
import io.peerswitch.wire.stun.IceControlled;
import io.peerswitch.wire.stun.IntegrityKey;
import io.peerswitch.wire.stun.MessageIntegrity;
import io.peerswitch.wire.stun.Priority;
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
import org.junit.jupiter.params.provider.EnumSource;

/** The Binding decision of RFC 8489 section 6.3.1 without any socket. */
class BindingHandlerTest {

    private static final TransactionId ID = TransactionId.random();

    private static InetSocketAddress source(String ip, int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(ip), port);
    }

    private static StunMessage request(StunAttribute... attributes) {
        return new StunMessage(StunClass.REQUEST, StunMethod.BINDING, ID, List.of(attributes));
    }

    @Test
    void answersWithTheSourceAsXorMappedAddress() throws Exception {
        InetSocketAddress source = source("198.51.100.7", 40_000);

        Optional<StunMessage> response = BindingHandler.handle(request(), source);

        assertThat(response).contains(new StunMessage(StunClass.SUCCESS_RESPONSE, StunMethod.BINDING, ID,
                List.of(new XorMappedAddress(source), new Software("Peerswitch reflector"))));
    }

    @Test
    void answersAnIpv6Source() throws Exception {
        InetSocketAddress source = source("2001:db8::7", 3478);

        StunMessage response = BindingHandler.handle(request(), source).orElseThrow();

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

        Optional<StunMessage> response = BindingHandler.handle(withCredentials, source("192.0.2.1", 1));

        assertThat(response).hasValueSatisfying(r -> assertThat(r.messageClass()).isEqualTo(StunClass.SUCCESS_RESPONSE));
    }

    @Test
    void unknownComprehensionRequiredAttributesGet420ListingThem() throws Exception {
        StunMessage message = request(new UnknownAttribute(0x7FFF, new byte[0]), new UnknownAttribute(0xC0DE, new byte[0]),
                new UnknownAttribute(0x0042, new byte[4]), new UnknownAttribute(0x7FFF, new byte[8]));

        StunMessage response = BindingHandler.handle(message, source("192.0.2.1", 1)).orElseThrow();

        assertThat(response).isEqualTo(new StunMessage(StunClass.ERROR_RESPONSE, StunMethod.BINDING, ID, List.of(
                new ErrorCode(420, "Unknown Attribute"),
                new UnknownAttributes(List.of(0x7FFF, 0x0042)),
                BindingHandler.SOFTWARE)));
    }

    @Test
    void changeRequestGets420BecauseThisServerHasNoAlternateAddress() throws Exception {
        StunMessage response = BindingHandler.handle(request(new ChangeRequest(false, true)), source("192.0.2.1", 1)).orElseThrow();

        assertThat(response.messageClass()).isEqualTo(StunClass.ERROR_RESPONSE);
        assertThat(response.attribute(ErrorCode.class)).hasValueSatisfying(e -> assertThat(e.code()).isEqualTo(420));
        assertThat(response.attribute(UnknownAttributes.class)).contains(new UnknownAttributes(List.of(ChangeRequest.TYPE)));
        assertThat(response.attribute(XorMappedAddress.class)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = StunClass.class, names = "REQUEST", mode = EnumSource.Mode.EXCLUDE)
    void dropsIndicationsAndResponses(StunClass messageClass) throws Exception {
        StunMessage message = new StunMessage(messageClass, StunMethod.BINDING, ID, List.of());

        assertThat(BindingHandler.handle(message, source("192.0.2.1", 1))).isEmpty();
    }

    @Test
    void dropsRequestsOfOtherMethods() throws Exception {
        StunMessage allocate = new StunMessage(StunClass.REQUEST, new StunMethod(0x003), ID, List.of());

        assertThat(BindingHandler.handle(allocate, source("192.0.2.1", 1))).isEmpty();
    }

    @Test
    void responsesEncodeWithFingerprintAndWithoutIntegrity() throws Exception {
        StunMessage response = BindingHandler.handle(request(), source("192.0.2.1", 1)).orElseThrow();

        byte[] wire = StunCodec.encodeWithFingerprint(response);

        assertThat(StunCodec.verifyFingerprint(wire)).isTrue();
        assertThat(StunCodec.verifyIntegrity(wire, IntegrityKey.shortTerm("any"))).isFalse();
    }
}
