package io.peerswitch.endpoint.sip;

import io.peerswitch.wire.sip.SipRequest;
import io.peerswitch.wire.sip.SipResponse;
import java.net.InetSocketAddress;

/**
 * The SIP stack as the softswitch sees it: send requests in client transactions, answer requests through
 * server transactions, send what lives outside transactions (ACK for 2xx, 2xx retransmissions), and receive
 * {@link SipEvent}s on the event loop. Dialogs (RFC 3261 section 12) are the caller's business, not the stack's.
 */
public interface SipTransport extends AutoCloseable {

    /** The address SIP listens on (UDP and TCP share the port). */
    InetSocketAddress localAddress();

    /**
     * Sends {@code request} in a new client transaction to the host and port of its Request-URI, over TCP
     * when the URI says {@code transport=tcp}, else UDP. The top Via (with rport, RFC 3581) is added here.
     */
    ClientTransaction send(SipRequest request);

    /** Answers the request of {@code transaction}; provisional responses may precede the final one. */
    void respond(ServerTransaction transaction, SipResponse response);

    /**
     * Sends {@code response} again outside any transaction, to where its top Via says: the 2xx
     * retransmissions of RFC 3261 section 13.3.1.4.
     */
    void retransmit(SipResponse response);

    /** Sends the ACK for a 2xx (RFC 3261 section 13.2.2.4): a request of its own, outside any transaction. */
    void ack(SipRequest ack);

    /** Sends a CANCEL for the INVITE of {@code invite} (RFC 3261 section 9.1). */
    void cancel(ClientTransaction invite);

    /**
     * A check run on each incoming request before any transaction exists (RFC 3261 section 8.2.7), given
     * what authenticating it found: when it returns a response, the transport sends it statelessly (an ACK
     * is dropped) and the request goes no further. It may run on a network thread, so it must be thread-safe.
     */
    default void setGate(java.util.function.BiFunction<SipRequest, io.peerswitch.endpoint.identity.Authentication,
            java.util.Optional<SipResponse>> gate) {
    }

    /**
     * Makes responses to requests whose To user passes {@code expectSigned} count only when that user signed
     * them (docs/security.md): a forged response never reaches a transaction. Thread-safe predicate.
     */
    default void expectSignedResponses(java.util.function.Predicate<String> expectSigned) {
    }

    /**
     * Sends a keepalive (a double CRLF, RFC 5626 section 4.4.1) over UDP from the SIP socket straight to
     * {@code to}, never through a reflector: it opens or holds the NAT pinhole towards exactly that address
     * (FIG. 6 steps 608, 622).
     */
    default void ping(InetSocketAddress to) {
    }

    /** Where events go; set once, before traffic starts. */
    void setListener(java.util.function.Consumer<SipEvent> listener);

    /** Stops listening and releases the sockets. */
    @Override
    void close();
}
