package io.peerswitch.reflector.stun;

import io.peerswitch.wire.stun.StunClass;
import io.peerswitch.wire.stun.StunCodec;
import io.peerswitch.wire.stun.StunDecodeResult;
import io.peerswitch.wire.stun.StunMessage;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A STUN Binding server on one UDP socket (RFC 8489 sections 6.3 and 6.3.1.2): one thread reads
 * datagrams, {@link BindingHandler} decides, and the response, with FINGERPRINT (section 7), goes back
 * to the datagram's source from the same socket. Everything else is dropped and counted.
 */
public final class StunServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StunServer.class.getName());

    private final DatagramChannel channel;
    private final InetSocketAddress localAddress;
    private final StunServerCounters counters = new StunServerCounters();
    private final Thread receiver;

    private StunServer(DatagramChannel channel, InetSocketAddress localAddress) {
        this.channel = channel;
        this.localAddress = localAddress;
        this.receiver = Thread.ofPlatform().name("stun-server-" + localAddress.getPort()).unstarted(this::receive);
    }

    /**
     * Binds {@code bindAddress} (port 0 picks a free port; see {@link #localAddress()}) and starts
     * answering. An IPv4 address gets an IPv4 socket; an IPv6 one, including {@code ::}, a dual-stack socket.
     *
     * @throws IOException if the address cannot be bound, e.g. because the port is in use
     */
    public static StunServer start(InetSocketAddress bindAddress) throws IOException {
        DatagramChannel channel = DatagramChannel.open(bindAddress.getAddress() instanceof Inet4Address
                ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6);
        try {
            channel.bind(bindAddress);
            StunServer server = new StunServer(channel, (InetSocketAddress) channel.getLocalAddress());
            server.receiver.start();
            return server;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The address and port the socket is bound to. */
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /** What the server has done so far. */
    public StunServerCounters counters() {
        return counters;
    }

    /** Blocks until the server has stopped, i.e. until {@link #close()} has been called. */
    public void awaitTermination() throws InterruptedException {
        receiver.join();
    }

    /** Closes the socket and waits for the reading thread to finish; calling it again does nothing. */
    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "closing the STUN socket on " + localAddress + " failed", e);
        }
        try {
            receiver.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void receive() {
        // One byte more than a message may have, so that a longer datagram shows as such instead of being cut.
        ByteBuffer buffer = ByteBuffer.allocate(StunCodec.MAX_MESSAGE_SIZE + 1);
        while (channel.isOpen()) {
            buffer.clear();
            InetSocketAddress source;
            try {
                source = (InetSocketAddress) channel.receive(buffer);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                counters.failed.increment();
                LOG.log(Level.WARNING, "reading from the STUN socket on " + localAddress + " failed", e);
                continue;
            }
            buffer.flip();
            try {
                handle(buffer, source);
            } catch (RuntimeException e) {
                // A bug must cost one datagram, not the server.
                counters.failed.increment();
                LOG.log(Level.SEVERE, "handling a datagram from " + source + " failed", e);
            }
        }
    }

    private void handle(ByteBuffer datagram, InetSocketAddress source) {
        counters.received.increment();
        if (datagram.remaining() > StunCodec.MAX_MESSAGE_SIZE) {
            counters.oversized.increment();
            LOG.fine(() -> "dropped a datagram from " + source + " longer than " + StunCodec.MAX_MESSAGE_SIZE + " bytes");
            return;
        }
        switch (StunCodec.decode(datagram)) {
            case StunDecodeResult.Malformed malformed -> {
                counters.malformed.increment();
                LOG.fine(() -> "dropped a datagram from " + source + ": " + malformed.reason());
            }
            case StunDecodeResult.Decoded decoded -> respond(decoded.message(), source);
        }
    }

    private void respond(StunMessage message, InetSocketAddress source) {
        Optional<StunMessage> response = BindingHandler.handle(message, source);
        if (response.isEmpty()) {
            counters.ignored.increment();
            LOG.fine(() -> "ignored a " + message.messageClass() + " " + message.method() + " from " + source);
            return;
        }
        // Counted before sending, so that whoever holds the response also sees it counted.
        (response.get().messageClass() == StunClass.SUCCESS_RESPONSE ? counters.answered : counters.rejected).increment();
        try {
            channel.send(ByteBuffer.wrap(StunCodec.encodeWithFingerprint(response.get())), source);
        } catch (IOException e) {
            counters.failed.increment();
            LOG.log(Level.FINE, "sending a response to " + source + " failed", e);
        }
    }
}
