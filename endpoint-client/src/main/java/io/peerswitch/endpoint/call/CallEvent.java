package io.peerswitch.endpoint.call;

import io.peerswitch.endpoint.sip.SipEvent;
import io.peerswitch.wire.sip.SipRequest;
import io.peerswitch.wire.sip.SipResponse;

/** Everything that can happen to a call: SIP from the peer, the user's decisions, and the call's timers. */
sealed interface CallEvent {

    /** A 1xx to our INVITE. */
    record Provisional(SipResponse response) implements CallEvent {
    }

    /** A 2xx to our INVITE (or its retransmission). */
    record Accepted(SipResponse response) implements CallEvent {
    }

    /** A 3xx-6xx to our INVITE. */
    record Refused(SipResponse response) implements CallEvent {
    }

    /** Our INVITE got no final response in time or could not be sent. */
    record NoResponse(String reason) implements CallEvent {
    }

    /** The user answers an incoming call. */
    record Answer() implements CallEvent {
    }

    /** The user refuses an incoming call. */
    record Reject() implements CallEvent {
    }

    /** The user hangs up. */
    record Hangup() implements CallEvent {
    }

    /** Nobody answered our call in time. */
    record NoAnswerTimeout() implements CallEvent {
    }

    /** The ACK for our 2xx. */
    record Ack(SipRequest ack) implements CallEvent {
    }

    /** Time to send our 2xx again (RFC 3261 section 13.3.1.4: T1, doubling to T2). */
    record Retransmit2xx() implements CallEvent {
    }

    /** No ACK came within 64*T1 (RFC 3261 section 13.3.1.4): the call is ended with BYE. */
    record AckTimeout() implements CallEvent {
    }

    /** Time to look whether the call's DTLS-SRTP handshake failed (RFC 5763 section 5: no keys, no media). */
    record SecurityCheck() implements CallEvent {
    }

    /** The peer sent BYE. */
    record Bye(SipEvent.IncomingRequest request) implements CallEvent {
    }

    /** The peer cancelled its INVITE. */
    record Cancel(SipEvent.IncomingRequest request) implements CallEvent {
    }

    /** A final answer to our BYE or CANCEL, or none in time. */
    record Closed(String reason) implements CallEvent {
    }
}
