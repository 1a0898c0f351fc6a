package io.peerswitch.reflector.stun;

import io.peerswitch.wire.stun.ChangeRequest;
import io.peerswitch.wire.stun.ErrorCode;
import io.peerswitch.wire.stun.OtherAddress;
import io.peerswitch.wire.stun.ResponseOrigin;
import io.peerswitch.wire.stun.Software;
import io.peerswitch.wire.stun.StunAttribute;
import io.peerswitch.wire.stun.StunClass;
import io.peerswitch.wire.stun.StunMessage;
import io.peerswitch.wire.stun.StunMethod;
import io.peerswitch.wire.stun.UnknownAttributes;
import io.peerswitch.wire.stun.XorMappedAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a STUN server answers to a message (RFC 8489 section 6.3.1, RFC 5780 section 6.1): a Binding
 * success response carrying the request's source as XOR-MAPPED-ADDRESS, sent from the socket a
 * CHANGE-REQUEST asks for, with RESPONSE-ORIGIN and OTHER-ADDRESS when the server has an alternate
 * address; error 420 for attributes it cannot honour; nothing for anything that is not a Binding request.
 */
public final class BindingHandler {

    /** The SOFTWARE attribute every response carries (section 14.14). */
    public static final Software SOFTWARE = new Software("Peerswitch reflector");

    /** Reason phrase of error 420, as the IANA registry of STUN error codes recommends. */
    public static final String UNKNOWN_ATTRIBUTE_REASON = "Unknown Attribute";

    /** A response and the socket it goes out of. */
    public record Reply(StunMessage response, StunAddresses.Slot from) {
    }

    private BindingHandler() {
    }

    /**
     * The response to {@code message}, received from {@code source} on the socket {@code receivedOn} of a
     * server listening on {@code addresses}, without FINGERPRINT (the caller appends it when encoding), or
     * empty when the message is to be silently discarded: indications, responses and requests of other
     * methods (RFC 8489 section 6.3).
     *
     * <p>Only RFC 5389 and later clients get an answer: an RFC 3489 request has no magic cookie, so it
     * never decodes, and neither MAPPED-ADDRESS nor CHANGED-ADDRESS (which only such clients need, and
     * which RFC 5389 clients would reject as unknown comprehension-required attributes) is sent. Without
     * an alternate address CHANGE-REQUEST is answered with 420, as RFC 5780 section 6.1 requires, so a
     * client classifying its NAT is never misled into reading an unchanged source as a changed one.
     * USERNAME and MESSAGE-INTEGRITY are ignored: Binding needs no authentication here (section 9).
     */
    public static Optional<Reply> handle(StunMessage message, InetSocketAddress source, StunAddresses addresses,
                                         StunAddresses.Slot receivedOn) {
        if (message.messageClass() != StunClass.REQUEST || !message.method().equals(StunMethod.BINDING)) {
            return Optional.empty();
        }
        List<Integer> unknown = new ArrayList<>(message.unknownComprehensionRequired());
        Optional<ChangeRequest> change = message.attribute(ChangeRequest.class);
        if (change.isPresent() && !addresses.discovery()) {
            unknown.add(ChangeRequest.TYPE);
        }
        if (!unknown.isEmpty()) {
            return Optional.of(new Reply(new StunMessage(StunClass.ERROR_RESPONSE, StunMethod.BINDING, message.transactionId(),
                    List.of(new ErrorCode(ErrorCode.UNKNOWN_ATTRIBUTE, UNKNOWN_ATTRIBUTE_REASON), new UnknownAttributes(unknown),
                            SOFTWARE)), receivedOn));
        }
        StunAddresses.Slot from = change.map(c -> receivedOn.changed(c.changeIp(), c.changePort())).orElse(receivedOn);
        List<StunAttribute> attributes = new ArrayList<>(4);
        attributes.add(new XorMappedAddress(source));
        InetSocketAddress origin = addresses.address(from);
        if (!origin.getAddress().isAnyLocalAddress() && origin.getPort() != 0) {
            attributes.add(new ResponseOrigin(origin));
        }
        if (addresses.discovery()) {
            attributes.add(new OtherAddress(addresses.address(receivedOn.changed(true, true))));
        }
        attributes.add(SOFTWARE);
        return Optional.of(new Reply(new StunMessage(StunClass.SUCCESS_RESPONSE, StunMethod.BINDING, message.transactionId(),
                attributes), from));
    }
}
