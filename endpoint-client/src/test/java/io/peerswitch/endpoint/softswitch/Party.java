package io.peerswitch.endpoint.softswitch;

import io.peerswitch.endpoint.buddy.BuddyControl;
import io.peerswitch.endpoint.buddy.BuddyEvent;
import io.peerswitch.endpoint.call.CallControl;
import io.peerswitch.endpoint.call.CallView;
import io.peerswitch.endpoint.call.MediaChannel;
import io.peerswitch.endpoint.call.sdp.NegotiatedMedia;
import io.peerswitch.endpoint.im.ImControl;
import io.peerswitch.endpoint.loop.ManualEventLoop;
import io.peerswitch.endpoint.media.session.MediaStats;
import io.peerswitch.endpoint.peer.PeerControl;
import io.peerswitch.endpoint.presence.PresenceControl;
import io.peerswitch.endpoint.routing.RoutingTable;
import io.peerswitch.endpoint.sip.InMemorySipNetwork;
import io.peerswitch.endpoint.sip.LocalParty;
import io.peerswitch.endpoint.sip.SignalingAgent;
import io.peerswitch.endpoint.sip.SipTransport;
import io.peerswitch.wire.nat.NatType;
import io.peerswitch.wire.nat.TransportAddress;
import io.peerswitch.wire.profile.Buddy;
import io.peerswitch.wire.profile.PresenceStatus;
import io.peerswitch.wire.profile.Profile;
import io.peerswitch.wire.profile.RelationState;
import io.peerswitch.wire.routing.RoutingEntry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** One endpoint's softswitch parts on an {@link InMemorySipNetwork}, with recorded media and events. */
final class Party {

    final String user;
    final InetSocketAddress address;
    final SipTransport transport;
    final PeerControl peers = new PeerControl();
    final RoutingTable routing = new RoutingTable();
    final SignalingAgent agent;
    final PresenceControl presence;
    final ImControl im;
    final CallControl calls;
    /** Buddy list operations; the server is a fake, asked on the loop thread itself (no HTTP). */
    final BuddyControl buddies;
    final List<BuddyEvent> buddyEvents = new ArrayList<>();
    final List<CallView> callEvents = new ArrayList<>();
    final List<ImControl.Received> inbox = new ArrayList<>();
    final Map<String, FakeMedia> media = new LinkedHashMap<>();
    boolean dnd;
    /** The DTLS certificate fingerprint the next calls' media offers, if any. */
    java.util.Optional<io.peerswitch.endpoint.media.dtls.Fingerprint> fingerprint = java.util.Optional.empty();

    Party(String user, String ip, ManualEventLoop loop, InMemorySipNetwork network, boolean autoAnswer) {
        this.user = user;
        this.address = new InetSocketAddress(ip, 5060);
        this.transport = network.node(address);
        LocalParty me = new LocalParty(user, null, "example.com", address, "UDP");
        this.agent = new SignalingAgent(transport, loop, peers::isAcceptedBuddy);
        this.presence = new PresenceControl(agent, routing, peers, () -> me, Duration.ofSeconds(5));
        this.im = new ImControl(agent, routing, peers, () -> me);
        im.onReceived(inbox::add);
        this.calls = new CallControl(agent, routing, peers, () -> me, callId -> {
            FakeMedia m = new FakeMedia(ip, 40000 + 2 * media.size());
            m.fingerprint = fingerprint;
            media.put(callId, m);
            return m;
        }, new CallControl.Settings(autoAnswer, Duration.ofSeconds(30), () -> dnd, 4), callEvents::add);
        this.buddies = new BuddyControl(agent, peers, routing, presence, () -> me, Runnable::run, location -> { });
        buddies.onEvent(buddyEvents::add);
    }

    /** Loads a profile listing {@code buddies} (accepted) and a routing table with the given online ones. */
    void login(List<String> buddies, List<Party> online) {
        List<Buddy> list = buddies.stream().map(b -> new Buddy(b, b, RelationState.ACCEPTED,
                online.stream().anyMatch(p -> p.user.equals(b)), PresenceStatus.AVAILABLE)).toList();
        peers.load(new Profile(user, user, user + "@example.com", PresenceStatus.AVAILABLE, null, List.of(), list));
        routing.load(online.stream().map(p -> new RoutingEntry(p.user, p.user + "-loc", TransportAddress.of(p.address), null,
                NatType.NO_NAT, java.time.Instant.EPOCH, null)).toList());
    }

    CallView lastCall() {
        return callEvents.getLast();
    }

    /** Media that records what call control asked of it. */
    static final class FakeMedia implements MediaChannel {
        final String ip;
        final int port;
        NegotiatedMedia started;
        final List<NegotiatedMedia> updates = new ArrayList<>();
        final List<String> digits = new ArrayList<>();
        boolean closed;
        Consumer<Character> dtmf;
        /** Set to offer DTLS-SRTP; then {@link #failure} and {@link #securing} say where its handshake stands. */
        java.util.Optional<io.peerswitch.endpoint.media.dtls.Fingerprint> fingerprint = java.util.Optional.empty();
        String failure;
        boolean securing = true;

        FakeMedia(String ip, int port) {
            this.ip = ip;
            this.port = port;
        }

        @Override
        public String address() {
            return ip;
        }

        @Override
        public int port() {
            return port;
        }

        @Override
        public void start(NegotiatedMedia negotiated, Consumer<Character> dtmf) {
            started = negotiated;
            this.dtmf = dtmf;
        }

        @Override
        public java.util.Optional<io.peerswitch.endpoint.media.dtls.Fingerprint> fingerprint() {
            return fingerprint;
        }

        @Override
        public java.util.Optional<String> securityFailure() {
            return java.util.Optional.ofNullable(failure);
        }

        @Override
        public boolean securing() {
            return fingerprint.isPresent() && failure == null && securing;
        }

        @Override
        public void update(NegotiatedMedia negotiated) {
            updates.add(negotiated);
        }

        @Override
        public void dtmf(String d) {
            digits.add(d);
        }

        @Override
        public MediaStats stats() {
            return new MediaStats(0, 0, 0, 0, 0, started == null ? null : started.codec().encodingName(), null, null, null, null);
        }

        @Override
        public Closed close() {
            closed = true;
            return new Closed(stats(), null);
        }
    }
}
