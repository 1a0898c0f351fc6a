package io.peerswitch.endpoint.sip;

import io.peerswitch.endpoint.loop.EventLoop;
import io.peerswitch.wire.sip.SipCodec;
import io.peerswitch.wire.sip.SipMessage;
import io.peerswitch.wire.sip.SipParseResult;
import io.peerswitch.wire.sip.SipRequest;
import io.peerswitch.wire.sip.SipResponse;
import io.peerswitch.wire.sip.SipUri;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A deterministic SIP network for protocol tests: {@link SipTransport}s that deliver to each other on one
 * {@link EventLoop} (usually a {@code ManualEventLoop}), every message formatted and parsed by our codec
 * as on a real wire. A test can drop messages and see everything sent. Transactions fail after
 * {@link #TRANSACTION_TIMEOUT} when the peer never answers (Timer B/F).
 */
public final class InMemorySipNetwork {

    /** Timer B / F: 64*T1. */
    public static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(32);

    private final EventLoop loop;
    private final Map<InetSocketAddress, Node> nodes = new HashMap<>();
    private final Map<Long, Pending> serverTx = new HashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final List<SipMessage> wire = new ArrayList<>();
    private Predicate<SipMessage> drop = m -> false;
    private final java.util.Set<InetSocketAddress> unsignedNodes = new java.util.HashSet<>();

    public InMemorySipNetwork(EventLoop loop) {
        this.loop = loop;
    }

    /** A transport at {@code address}. */
    public SipTransport node(InetSocketAddress address) {
        Node node = new Node(address);
        nodes.put(address, node);
        return node;
    }

    /** Takes {@code address} off the network (its packets vanish, like a NAT that drops them). */
    public void unplug(InetSocketAddress address) {
        nodes.remove(address);
    }

    /**
     * Makes what {@code address} sends arrive unsigned, as from an outside device or a forger; by default every
     * node signs honestly as its From user (the real signatures are tested over sockets, in the transport).
     */
    public void unsigned(InetSocketAddress address) {
        unsignedNodes.add(address);
    }

    private io.peerswitch.endpoint.identity.Authentication authentication(InetSocketAddress sender, SipRequest request) {
        if (unsignedNodes.contains(sender)) {
            return io.peerswitch.endpoint.identity.Authentication.UNSIGNED;
        }
        String user = request.from().sipUri().map(SipUri::user).map(u -> u.toLowerCase(java.util.Locale.ROOT)).orElse("");
        if (user.isEmpty()) {
            return io.peerswitch.endpoint.identity.Authentication.UNSIGNED; // a server or device, not a certified location
        }
        return new io.peerswitch.endpoint.identity.Authentication.Verified(
                new io.peerswitch.endpoint.identity.PeerIdentity(user, "mem-" + sender.getPort()));
    }

    /** Drops every message matching {@code rule} (once a rule is replaced, it no longer applies). */
    public void drop(Predicate<SipMessage> rule) {
        this.drop = rule;
    }

    /** Every message that went over the network, in order. */
    public List<SipMessage> wire() {
        return List.copyOf(wire);
    }

    /** The requests of {@code method} that went over the network. */
    public List<SipRequest> requests(String method) {
        return wire.stream().filter(m -> m instanceof SipRequest r && r.method().equals(method)).map(m -> (SipRequest) m).toList();
    }

    /** The responses with {@code status} that went over the network. */
    public List<SipResponse> responses(int status) {
        return wire.stream().filter(m -> m instanceof SipResponse r && r.status() == status).map(m -> (SipResponse) m).toList();
    }

    private record Pending(Node from, ClientTransaction client, Node to, SipRequest request) {
    }

    private <T extends SipMessage> Optional<T> onWire(T message) {
        byte[] bytes = SipCodec.format(message);
        SipParseResult parsed = SipCodec.parse(bytes, 0, bytes.length);
        if (!(parsed instanceof SipParseResult.Parsed(SipMessage copy))) {
            throw new AssertionError("our own message does not parse: " + parsed + "\n" + new String(bytes));
        }
        wire.add(copy);
        if (drop.test(copy)) {
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        T typed = (T) copy;
        return Optional.of(typed);
    }

    private Node target(SipRequest request) {
        return SipUri.parse(request.requestUri())
                .map(u -> nodes.get(new InetSocketAddress(u.host(), u.port() < 0 ? 5060 : u.port())))
                .orElse(null);
    }

    private final class Node implements SipTransport {

        private final InetSocketAddress address;
        private final Map<Long, Pending> clients = new HashMap<>();
        private Consumer<SipEvent> listener = e -> { };

        Node(InetSocketAddress address) {
            this.address = address;
        }

        @Override
        public InetSocketAddress localAddress() {
            return address;
        }

        @Override
        public ClientTransaction send(SipRequest request) {
            ClientTransaction tx = new ClientTransaction(ids.incrementAndGet(), request.method());
            SipRequest withVia = request.addFirstHeader("Via", "SIP/2.0/UDP " + address.getHostString() + ":" + address.getPort()
                    + ";branch=z9hG4bK" + tx.id() + ";rport");
            Node to = target(withVia);
            Optional<SipRequest> delivered = onWire(withVia);
            Pending pending = new Pending(this, tx, to, withVia);
            clients.put(tx.id(), pending);
            loop.schedule(TRANSACTION_TIMEOUT, () -> {
                if (clients.remove(tx.id()) != null) {
                    listener.accept(new SipEvent.TransactionFailed(tx, "timeout"));
                }
            });
            if (to != null && delivered.isPresent() && nodes.get(to.address) == to) {
                ServerTransaction stx = new ServerTransaction(ids.incrementAndGet(), request.method());
                serverTx.put(stx.id(), pending);
                loop.execute(() -> to.listener.accept(new SipEvent.IncomingRequest(delivered.get(), Optional.of(stx), address, "UDP", authentication(address, delivered.get()))));
            }
            return tx;
        }

        @Override
        public void respond(ServerTransaction transaction, SipResponse response) {
            Pending pending = serverTx.get(transaction.id());
            if (pending == null) {
                return;
            }
            if (response.status() >= 200) {
                serverTx.remove(transaction.id());
            }
            Optional<SipResponse> delivered = onWire(response);
            if (delivered.isEmpty() || nodes.get(pending.from().address) != pending.from()) {
                return;
            }
            loop.execute(() -> {
                Node from = pending.from();
                if (!from.clients.containsKey(pending.client().id())) {
                    return;
                }
                if (response.status() >= 200) {
                    from.clients.remove(pending.client().id());
                }
                from.listener.accept(new SipEvent.IncomingResponse(pending.client(), delivered.get()));
            });
        }

        @Override
        public void retransmit(SipResponse response) {
            Optional<SipResponse> delivered = onWire(response);
            String via = response.vias().getFirst().host() + ":" + response.vias().getFirst().port();
            Node to = nodes.values().stream().filter(n -> (n.address.getHostString() + ":" + n.address.getPort()).equals(via))
                    .findFirst().orElse(null);
            if (to != null && delivered.isPresent()) {
                loop.execute(() -> to.listener.accept(new SipEvent.Stray2xx(delivered.get())));
            }
        }

        @Override
        public void ack(SipRequest ack) {
            SipRequest withVia = ack.addFirstHeader("Via", "SIP/2.0/UDP " + address.getHostString() + ":" + address.getPort()
                    + ";branch=z9hG4bK" + ids.incrementAndGet());
            Node to = target(withVia);
            Optional<SipRequest> delivered = onWire(withVia);
            if (to != null && delivered.isPresent() && nodes.get(to.address) == to) {
                loop.execute(() -> to.listener.accept(new SipEvent.IncomingRequest(delivered.get(), Optional.empty(), address, "UDP", authentication(address, delivered.get()))));
            }
        }

        @Override
        public void cancel(ClientTransaction invite) {
            Pending pending = clients.get(invite.id());
            if (pending == null) {
                return;
            }
            SipRequest i = pending.request();
            SipRequest cancel = new SipRequest("CANCEL", i.requestUri(), List.of(), new byte[0])
                    .addHeader("Via", i.vias().getFirst().toString())
                    .addHeader("Max-Forwards", "70")
                    .addHeader("From", i.header("From").orElseThrow())
                    .addHeader("To", i.header("To").orElseThrow())
                    .addHeader("Call-ID", i.callId())
                    .addHeader("CSeq", i.cseq().number() + " CANCEL");
            Optional<SipRequest> delivered = onWire(cancel);
            Node to = pending.to();
            if (to != null && delivered.isPresent() && nodes.get(to.address) == to) {
                ServerTransaction stx = new ServerTransaction(ids.incrementAndGet(), "CANCEL");
                serverTx.put(stx.id(), new Pending(this, new ClientTransaction(ids.incrementAndGet(), "CANCEL"), to, cancel));
                loop.execute(() -> to.listener.accept(new SipEvent.IncomingRequest(delivered.get(), Optional.of(stx), address, "UDP", authentication(address, delivered.get()))));
            }
        }

        @Override
        public void setListener(Consumer<SipEvent> listener) {
            this.listener = listener;
        }

        @Override
        public void close() {
            nodes.remove(address);
        }
    }
}
