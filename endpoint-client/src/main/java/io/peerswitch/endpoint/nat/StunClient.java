package io.peerswitch.endpoint.nat;

import io.peerswitch.endpoint.loop.EventLoop;
import io.peerswitch.endpoint.sip.jain.Datagram;
import io.peerswitch.wire.stun.ErrorCode;
import io.peerswitch.wire.stun.OtherAddress;
import io.peerswitch.wire.stun.ResponseOrigin;
import io.peerswitch.wire.stun.StunAttribute;
import io.peerswitch.wire.stun.StunClass;
import io.peerswitch.wire.stun.StunCodec;
import io.peerswitch.wire.stun.StunDecodeResult;
import io.peerswitch.wire.stun.StunMessage;
import io.peerswitch.wire.stun.StunMethod;
import io.peerswitch.wire.stun.TransactionId;
import io.peerswitch.wire.stun.XorMappedAddress;
import io.peerswitch.wire.stun.MappedAddress;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * STUN Binding requests sent from a socket the endpoint already uses (the SIP socket): the request is
 * retransmitted as RFC 8489 section 6.2.1 prescribes (RTO doubling from {@link #INITIAL_RTO}), and the
 * answer, handed in by the socket's demultiplexer, completes the future with the mapped address.
 */
public final class StunClient {

    private static final Logger LOG = Logger.getLogger(StunClient.class.getName());

    /** First retransmission timeout (RFC 8489 section 6.2.1 recommends 500 ms). */
    public static final Duration INITIAL_RTO = Duration.ofMillis(500);
    /** Requests sent at most (Rc, RFC 8489 section 6.2.1). */
    public static final int MAX_REQUESTS = 7;

    private final DatagramSocket socket;
    private final EventLoop loop;
    private final Map<TransactionId, CompletableFuture<Answer>> pending = new ConcurrentHashMap<>();

    public StunClient(DatagramSocket socket, EventLoop loop) {
        this.socket = socket;
        this.loop = loop;
    }

    /** Asks {@code server} for this socket's public address; fails with {@link StunTimeoutException} after {@code deadline}. */
    public CompletableFuture<InetSocketAddress> binding(InetSocketAddress server, Duration deadline) {
        return request(server, List.of(), deadline).thenApply(Answer::mapped);
    }

    /**
     * Sends a Binding request with {@code attributes} (e.g. CHANGE-REQUEST, RFC 5780 section 7.2) to
     * {@code server}; completes with the success response from wherever it comes, fails with the error
     * response's code, or with {@link StunTimeoutException} after {@code deadline}.
     */
    public CompletableFuture<Answer> request(InetSocketAddress server, List<StunAttribute> attributes, Duration deadline) {
        TransactionId id = TransactionId.random();
        byte[] request = StunCodec.encodeWithFingerprint(new StunMessage(StunClass.REQUEST, StunMethod.BINDING, id, attributes));
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        pending.put(id, answer);
        loop.execute(() -> transmit(server, request, id, 1, INITIAL_RTO));
        EventLoop.Timer overall = loop.schedule(deadline, () -> answer.completeExceptionally(
                new StunTimeoutException("no STUN answer from " + server + " within " + deadline.toMillis() + " ms")));
        return answer.whenComplete((address, failure) -> {
            pending.remove(id);
            overall.cancel();
        });
    }

    /**
     * A Binding success response: the mapped address, and what a server capable of NAT behaviour
     * discovery adds (RFC 5780 sections 7.3 and 7.4); {@code source} is where it really came from.
     */
    public record Answer(InetSocketAddress mapped, Optional<InetSocketAddress> otherAddress,
                         Optional<InetSocketAddress> responseOrigin, InetSocketAddress source) {
    }

    /** Takes a datagram the SIP socket could not use; answers to our requests complete their futures. */
    public void onDatagram(Datagram datagram) {
        byte[] data = datagram.data();
        if (!StunCodec.looksLikeStun(data, 0, data.length)) {
            return;
        }
        if (!(StunCodec.decode(data) instanceof StunDecodeResult.Decoded(StunMessage message))) {
            LOG.fine(() -> "malformed STUN from " + datagram.source() + " dropped");
            return;
        }
        CompletableFuture<Answer> answer = pending.get(message.transactionId());
        if (answer == null || message.messageClass() == StunClass.REQUEST || message.messageClass() == StunClass.INDICATION) {
            return;
        }
        Optional<InetSocketAddress> mapped = message.attribute(XorMappedAddress.class).map(XorMappedAddress::address)
                .or(() -> message.attribute(MappedAddress.class).map(MappedAddress::address));
        if (message.messageClass() == StunClass.SUCCESS_RESPONSE && mapped.isPresent()) {
            answer.complete(new Answer(mapped.get(), message.attribute(OtherAddress.class).map(OtherAddress::address),
                    message.attribute(ResponseOrigin.class).map(ResponseOrigin::address), datagram.source()));
        } else if (message.messageClass() == StunClass.ERROR_RESPONSE) {
            answer.completeExceptionally(new StunErrorException(message.attribute(ErrorCode.class)
                    .map(e -> e.code() + " " + e.reason()).orElse("an error without ERROR-CODE") + " from " + datagram.source()));
        } else {
            answer.completeExceptionally(new IOException("the STUN server answered without a mapped address: " + message));
        }
    }

    private void transmit(InetSocketAddress server, byte[] request, TransactionId id, int attempt, Duration rto) {
        CompletableFuture<Answer> answer = pending.get(id);
        if (answer == null || answer.isDone()) {
            return;
        }
        try {
            socket.send(new DatagramPacket(request, request.length, server));
        } catch (IOException e) {
            answer.completeExceptionally(e);
            return;
        }
        if (attempt < MAX_REQUESTS) {
            loop.schedule(rto, () -> transmit(server, request, id, attempt + 1, rto.multipliedBy(2)));
        }
    }

    /** The STUN server refused the request (e.g. 420 for a CHANGE-REQUEST it cannot honour). */
    public static final class StunErrorException extends IOException {

        @java.io.Serial
        private static final long serialVersionUID = 1L;

        public StunErrorException(String message) {
            super(message);
        }
    }

    /** No answer from the STUN server in time. */
    public static final class StunTimeoutException extends IOException {

        @java.io.Serial
        private static final long serialVersionUID = 1L;

        public StunTimeoutException(String message) {
            super(message);
        }
    }
}
