package io.peerswitch.reflector.stun;

import io.peerswitch.wire.stun.ChangeRequest;
import io.peerswitch.wire.stun.ErrorCode;
import io.peerswitch.wire.stun.Software;
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
 * What a single-address STUN server answers to a message (RFC 8489 section 6.3.1): a Binding success
 * response carrying the request's source as XOR-MAPPED-ADDRESS, error 420 for attributes it cannot
 * honour, and nothing for anything that is not a Binding request.
 */
public final class BindingHandler {

    /** The SOFTWARE attribute every response carries (section 14.14). */
    public static final Software SOFTWARE = new Software("Peerswitch reflector");

    /** Reason phrase of error 420, as the IANA registry of STUN error codes recommends. */
    public static final String UNKNOWN_ATTRIBUTE_REASON = "Unknown Attribute";

    private BindingHandler() {
    }

    /**
     * The response to {@code message}, received from {@code source}, without FINGERPRINT (the caller
     * appends it when encoding), or empty when the message is to be silently discarded: indications,
     * responses and requests of other methods (section 6.3).
     *
     * <p>Only RFC 5389 and later clients get an answer: an RFC 3489 request has no magic cookie, so it
     * never decodes, and MAPPED-ADDRESS (which only such clients need) is not sent. CHANGE-REQUEST is
     * answered with 420, as RFC 5780 section 6.1 requires of a server without an alternate address, so
     * a client classifying its NAT is never misled into reading an unchanged source as a changed one.
     * USERNAME and MESSAGE-INTEGRITY are ignored: Binding needs no authentication here (section 9).
     */
    public static Optional<StunMessage> handle(StunMessage message, InetSocketAddress source) {
        if (message.messageClass() != StunClass.REQUEST || !message.method().equals(StunMethod.BINDING)) {
            return Optional.empty();
        }
        List<Integer> unknown = new ArrayList<>(message.unknownComprehensionRequired());
        if (message.attribute(ChangeRequest.class).isPresent()) {
            unknown.add(ChangeRequest.TYPE);
        }
        if (!unknown.isEmpty()) {
            return Optional.of(new StunMessage(StunClass.ERROR_RESPONSE, StunMethod.BINDING, message.transactionId(), List.of(
                    new ErrorCode(ErrorCode.UNKNOWN_ATTRIBUTE, UNKNOWN_ATTRIBUTE_REASON),
                    new UnknownAttributes(unknown),
                    SOFTWARE)));
        }
        return Optional.of(new StunMessage(StunClass.SUCCESS_RESPONSE, StunMethod.BINDING, message.transactionId(), List.of(
                new XorMappedAddress(source),
                SOFTWARE)));
    }
}
