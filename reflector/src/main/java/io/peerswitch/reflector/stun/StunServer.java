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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A STUN Binding server (RFC 8489 sections 6.3 and 6.3.1.2) on one UDP socket, or on four when it has an
 * alternate address for NAT behaviour discovery (RFC 5780 section 6): one thread per socket reads
 * datagrams, {@link BindingHandler} decides, and the response, with FINGERPRINT (section 7), goes to the
 * datagram's source from the socket the request asked for. Everything else is dropped and counted, except
 * datagrams a {@link SharedSocketProtocol} claims (the reflector of FIG. 24), which go to it instead.
 */
public final class StunServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StunServer.class.getName());

    /** Claims nothing: every datagram is STUN's. */
    private static final SharedSocketProtocol STUN_ONLY = new SharedSocketProtocol() {
        @Override
        public boolean claims(byte[] datagram, int offset, int length) {
            return false;
        }

        @Override
        public void handle(byte[] datagram, int offset, int length, InetSocketAddress source, Sockets sockets) {
            throw new IllegalStateException("claims nothing");
        }
    };

    private final StunAddresses addresses;
    private final SharedSocketProtocol shared;
    private final Map<StunAddresses.Slot, Listener> listeners = new LinkedHashMap<>();
    private final StunServerCounters counters = new StunServerCounters();

    private StunServer(StunAddresses addresses, SharedSocketProtocol shared) {
        this.addresses = addresses;
        this.shared = shared;
    }

    /**
     * Binds {@code bindAddress} alone (port 0 picks a free port; see {@link #localAddress()}) and starts
     * answering. An IPv4 address gets an IPv4 socket; an IPv6 one, including {@code ::}, a dual-stack socket.
     *
     * @throws IOException if the address cannot be bound, e.g. because the port is in use
     */
    public static StunServer start(InetSocketAddress bindAddress) throws IOException {
        return start(StunAddresses.single(bindAddress));
    }

    /**
     * Binds every socket {@code addresses} names (the primary alone, or all four of RFC 5780 section 6)
     * and starts answering; nothing stays bound when one of them fails.
     *
     * @throws IOException if an address cannot be bound
     */
    public static StunServer start(StunAddresses addresses) throws IOException {
        return start(addresses, STUN_ONLY);
    }

    /**
     * Like {@link #start(StunAddresses)}, and hands every datagram {@code shared} claims, on any of the
     * sockets, to it instead of decoding it as STUN.
     *
     * @throws IOException if an address cannot be bound
     */
    public static StunServer start(StunAddresses addresses, SharedSocketProtocol shared) throws IOException {
        Objects.requireNonNull(shared, "shared");
        List<DatagramChannel> opened = new ArrayList<>();
        try {
            StunAddresses bound = addresses;
            Map<StunAddresses.Slot, DatagramChannel> channels = new LinkedHashMap<>();
            for (StunAddresses.Slot slot : addresses.slots()) {
                InetSocketAddress address = addresses.address(slot);
                DatagramChannel channel = DatagramChannel.open(address.getAddress() instanceof Inet4Address
                        ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6);
                opened.add(channel);
                channel.bind(address);
                channels.put(slot, channel);
                if (slot.equals(StunAddresses.Slot.PRIMARY)) {
                    bound = new StunAddresses((InetSocketAddress) channel.getLocalAddress(), addresses.alternate());
                }
            }
            StunServer server = new StunServer(bound, shared);
            channels.forEach((slot, channel) -> server.listeners.put(slot, server.new Listener(slot, channel)));
            server.listeners.values().forEach(l -> l.thread.start());
            return server;
        } catch (IOException | RuntimeException e) {
            for (DatagramChannel channel : opened) {
                channel.close();
            }
            throw e;
        }
    }

    /** The primary address and port the server is bound to. */
    public InetSocketAddress localAddress() {
        return addresses.primary();
    }

    /** Every address the server answers on, with the primary's port as bound. */
    public StunAddresses addresses() {
        return addresses;
    }

    /** What the server has done so far. */
    public StunServerCounters counters() {
        return counters;
    }

    /** The primary socket, for services that send as the STUN server (the reflector of FIG. 24). */
    public DatagramChannel primaryChannel() {
        return listeners.get(StunAddresses.Slot.PRIMARY).channel;
    }

    /** Blocks until the server has stopped, i.e. until {@link #close()} has been called. */
    public void awaitTermination() throws InterruptedException {
        for (Listener listener : listeners.values()) {
            listener.thread.join();
        }
    }

    /** Closes the sockets and waits for the reading threads to finish; calling it again does nothing. */
    @Override
    public void close() {
        for (Listener listener : listeners.values()) {
            try {
                listener.channel.close();
            } catch (IOException e) {
                LOG.log(Level.WARNING, "closing the STUN socket on " + addresses.address(listener.slot) + " failed", e);
            }
        }
        try {
            awaitTermination();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One socket and the thread that reads it. */
    private final class Listener implements SharedSocketProtocol.Sockets {

        final StunAddresses.Slot slot;
        final DatagramChannel channel;
        final Thread thread;

        Listener(StunAddresses.Slot slot, DatagramChannel channel) {
            this.slot = slot;
            this.channel = channel;
            this.thread = Thread.ofPlatform().name("stun-" + slot.ip() + slot.port() + "-" + addresses.address(slot).getPort())
                    .unstarted(this::receive);
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
                    LOG.log(Level.WARNING, "reading from the STUN socket on " + addresses.address(slot) + " failed", e);
                    continue;
                }
                buffer.flip();
                try {
                    if (shared.claims(buffer.array(), 0, buffer.limit())) {
                        shared.handle(buffer.array(), 0, buffer.limit(), source, this);
                        continue;
                    }
                    handle(buffer, source);
                } catch (RuntimeException e) {
                    // A bug must cost one datagram, not the server.
                    counters.failed.increment();
                    LOG.log(Level.SEVERE, "handling a datagram from " + source + " failed", e);
                }
            }
        }

        @Override
        public StunAddresses addresses() {
            return addresses;
        }

        @Override
        public void send(StunAddresses.Slot from, ByteBuffer datagram, InetSocketAddress destination) throws IOException {
            Listener sender = from.equals(slot) ? this : listeners.get(from);
            if (sender == null) {
                throw new IllegalArgumentException("no socket for " + from);
            }
            sender.channel.send(datagram, destination);
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
            Optional<BindingHandler.Reply> reply = BindingHandler.handle(message, source, addresses, slot);
            if (reply.isEmpty()) {
                counters.ignored.increment();
                LOG.fine(() -> "ignored a " + message.messageClass() + " " + message.method() + " from " + source);
                return;
            }
            StunMessage response = reply.get().response();
            // Counted before sending, so that whoever holds the response also sees it counted.
            (response.messageClass() == StunClass.SUCCESS_RESPONSE ? counters.answered : counters.rejected).increment();
            if (!reply.get().from().equals(slot)) {
                counters.changed.increment();
            }
            try {
                listeners.get(reply.get().from()).channel.send(ByteBuffer.wrap(StunCodec.encodeWithFingerprint(response)), source);
            } catch (IOException e) {
                counters.failed.increment();
                LOG.log(Level.FINE, "sending a response to " + source + " failed", e);
            }
        }
    }
}
