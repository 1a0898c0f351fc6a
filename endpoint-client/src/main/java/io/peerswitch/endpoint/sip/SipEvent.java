package io.peerswitch.endpoint.sip;

import io.peerswitch.wire.sip.SipRequest;
import io.peerswitch.wire.sip.SipResponse;
import java.net.InetSocketAddress;
import java.util.Optional;
import io.peerswitch.endpoint.identity.Authentication;
import io.peerswitch.endpoint.identity.PeerIdentity;

/** What a {@link SipTransport} reports to the softswitch, always on its event loop (RFC 3261 sections 17-18). */
public sealed interface SipEvent {

    /**
     * A request from a peer. {@code transaction} answers it (absent for ACK, which has none);
     * {@code source} is where the packet came from, the peer's address as its NAT shows it;
     * {@code authentication} who signed it (docs/security.md), checked before anything was learned from it.
     */
    record IncomingRequest(SipRequest request, Optional<ServerTransaction> transaction, InetSocketAddress source,
                           String transport, Authentication authentication) implements SipEvent {

        /** A request nobody signed. */
        public IncomingRequest(SipRequest request, Optional<ServerTransaction> transaction, InetSocketAddress source,
                               String transport) {
            this(request, transaction, source, transport, Authentication.UNSIGNED);
        }

        /** The certified peer that sent it, if its signature verified. */
        public Optional<PeerIdentity> peer() {
            return authentication.verifiedPeer();
        }
    }

    /** A response to a request we sent. */
    record IncomingResponse(ClientTransaction transaction, SipResponse response) implements SipEvent {
    }

    /**
     * A 2xx to an INVITE that arrived after its transaction ended: a retransmission because our ACK was
     * lost (RFC 3261 section 13.2.2.4), to be answered with the ACK again.
     */
    record Stray2xx(SipResponse response) implements SipEvent {
    }

    /** The transaction got no final response in time (Timer B or F, RFC 3261 section 17.1), or could not be sent. */
    record TransactionFailed(ClientTransaction transaction, String reason) implements SipEvent {
    }
}
