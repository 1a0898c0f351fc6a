package io.peerswitch.server.sip;

import io.peerswitch.wire.sip.SipRequest;
import io.peerswitch.wire.sip.SipResponse;
import java.net.InetSocketAddress;
import java.util.function.Consumer;

/**
 * The access server's SIP transport as its services see it: requests in, responses out, and requests it
 * sends itself in client transactions (RFC 3261 section 17), all as the immutable messages of
 * {@code wire}. The JAIN-SIP RI is behind it ({@link JainSipServerChannel}), and only there.
 */
public interface ServerSipChannel extends AutoCloseable {

    /** A request that arrived, with the address it came from (the endpoint's flow, RFC 5626 section 3) and its transport. */
    record Incoming(SipRequest request, InetSocketAddress source, String transport, Object transaction) {
    }

    /** What became of a request sent: its final response, or a transport failure / timeout (RFC 3261 section 17.1.2.2). */
    sealed interface Outcome {
        record Answered(SipResponse response) implements Outcome {
        }

        record Failed(String reason) implements Outcome {
        }
    }

    /** Where requests go. */
    void onRequest(Consumer<Incoming> handler);

    /** Answers an incoming request in its server transaction. */
    void respond(Incoming incoming, SipResponse response);

    /**
     * Sends {@code request} in a new client transaction over {@code transport} to where its Request-URI
     * points (callers name the flow they answer over there, RFC 5626 section 5.3).
     */
    void send(SipRequest request, String transport, Consumer<Outcome> outcome);

    /**
     * A top Via for a request this channel will send over {@code transport} (RFC 3261 section 18.1.1: our
     * sent-by, a fresh branch, rport), for a caller that must sign the request whole before {@link #send}
     * (docs/security.md); a request that already has a Via is sent with it.
     */
    default String newVia(String transport) {
        return "SIP/2.0/" + transport.toUpperCase(java.util.Locale.ROOT) + " 127.0.0.1:5060;branch=z9hG4bK"
                + java.util.UUID.randomUUID().toString().replace("-", "") + ";rport";
    }

    /** The bound address. */
    InetSocketAddress localAddress();

    @Override
    void close();
}
