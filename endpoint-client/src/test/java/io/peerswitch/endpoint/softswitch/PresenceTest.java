package io.peerswitch.endpoint.softswitch;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerswitch.endpoint.loop.ManualEventLoop;
import io.peerswitch.endpoint.peer.Reachability;
import io.peerswitch.endpoint.presence.PresenceControl;
import io.peerswitch.endpoint.sip.InMemorySipNetwork;
import io.peerswitch.wire.profile.PresenceStatus;
import io.peerswitch.wire.sip.SipRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Presence directly between buddies (FIG. 4 step 410, FIG. 5 steps 510-514), deterministically. */
class PresenceTest {

    private final ManualEventLoop loop = new ManualEventLoop(Instant.parse("2026-11-22T10:00:00Z"));
    private final InMemorySipNetwork network = new InMemorySipNetwork(loop);
    private final Party alice = new Party("alice", "198.18.0.1", loop, network, false);
    private final Party bob = new Party("bob", "198.18.0.2", loop, network, false);

    private Reachability seenByAlice(String who) {
        return alice.peers.buddy(who).orElseThrow().reachability();
    }

    @Test
    void aBuddyWhoLogsInLaterAnnouncesItselfAndBothConfirmEachOther() {
        alice.login(List.of("bob"), List.of());
        alice.presence.goOnline(PresenceStatus.AVAILABLE, null);
        loop.runPending();
        assertThat(seenByAlice("bob")).isEqualTo(Reachability.OFFLINE);

        bob.login(List.of("alice"), List.of(alice));
        bob.presence.goOnline(PresenceStatus.BUSY, "in a meeting");
        loop.runPending();

        assertThat(seenByAlice("bob")).isEqualTo(Reachability.CONFIRMED);
        assertThat(alice.peers.buddy("bob").orElseThrow().status()).isEqualTo(PresenceStatus.BUSY);
        assertThat(alice.peers.buddy("bob").orElseThrow().note()).isEqualTo("in a meeting");
        assertThat(alice.routing.best("bob")).hasValueSatisfying(l -> assertThat(l.targetUri()).isEqualTo("sip:bob@198.18.0.2:5060"));
        assertThat(bob.peers.buddy("alice").orElseThrow().reachability()).isEqualTo(Reachability.CONFIRMED);
        assertThat(network.requests("SUBSCRIBE")).extracting(SipRequest::requestUri)
                .containsExactly("sip:alice@198.18.0.1:5060", "sip:bob@198.18.0.2:5060");
        assertThat(network.requests("NOTIFY")).hasSize(2);
    }

    @Test
    void aBuddyThatDoesNotAnswerBecomesUnreachableUntilItSpeaks() {
        bob.login(List.of("alice"), List.of());
        network.unplug(bob.address);
        alice.login(List.of("bob"), List.of(bob));
        alice.presence.goOnline(PresenceStatus.AVAILABLE, null);
        loop.runPending();
        assertThat(seenByAlice("bob")).isEqualTo(Reachability.ONLINE);

        loop.advance(Duration.ofSeconds(5));
        assertThat(seenByAlice("bob")).isEqualTo(Reachability.UNREACHABLE);

        Party bobAgain = new Party("bob", "198.18.0.2", loop, network, false);
        bobAgain.login(List.of("alice"), List.of(alice));
        bobAgain.presence.goOnline(PresenceStatus.AVAILABLE, null);
        loop.runPending();
        assertThat(seenByAlice("bob")).isEqualTo(Reachability.CONFIRMED);
    }

    @Test
    void statusChangesAndGoingOfflineAreAnnouncedDirectly() {
        alice.login(List.of("bob"), List.of());
        alice.presence.goOnline(PresenceStatus.AVAILABLE, null);
        bob.login(List.of("alice"), List.of(alice));
        bob.presence.goOnline(PresenceStatus.AVAILABLE, null);
        loop.runPending();

        bob.presence.setStatus(PresenceStatus.AWAY, "lunch");
        loop.runPending();
        assertThat(alice.peers.buddy("bob").orElseThrow().status()).isEqualTo(PresenceStatus.AWAY);

        bob.presence.goOffline();
        loop.runPending();
        assertThat(seenByAlice("bob")).isEqualTo(Reachability.OFFLINE);
        assertThat(alice.routing.locations("bob")).isEmpty();
        assertThat(network.requests("SUBSCRIBE").getLast().header("Expires")).contains("0");
    }

    @Test
    void subscriptionsAreRefreshedAtHalfTheirLifetimeAndLapseWithoutIt() {
        alice.login(List.of("bob"), List.of());
        alice.presence.goOnline(PresenceStatus.AVAILABLE, null);
        bob.login(List.of("alice"), List.of(alice));
        bob.presence.goOnline(PresenceStatus.AVAILABLE, null);
        loop.runPending();
        int before = network.requests("SUBSCRIBE").size();

        loop.advance(PresenceControl.SUBSCRIPTION.dividedBy(2).plusSeconds(1));
        assertThat(network.requests("SUBSCRIBE")).hasSize(before + 2);
        assertThat(seenByAlice("bob")).isEqualTo(Reachability.CONFIRMED);

        network.unplug(alice.address);
        loop.advance(PresenceControl.SUBSCRIPTION.plusMinutes(1));
        assertThat(network.requests("NOTIFY").getLast().header("Subscription-State").orElseThrow()).startsWith("terminated");
    }

    @Test
    void aWatcherWhoseNotifyFailsIsDroppedAndNotToldAgain() {
        alice.login(List.of("bob"), List.of());
        alice.presence.goOnline(PresenceStatus.AVAILABLE, null);
        bob.login(List.of("alice"), List.of(alice));
        bob.presence.goOnline(PresenceStatus.AVAILABLE, null);
        loop.runPending();

        network.unplug(bob.address);
        alice.presence.setStatus(PresenceStatus.AWAY, "lunch");
        loop.advance(InMemorySipNetwork.TRANSACTION_TIMEOUT.plusSeconds(1));
        int notifies = network.requests("NOTIFY").size();

        alice.presence.setStatus(PresenceStatus.BUSY, null);
        loop.runPending();
        assertThat(network.requests("NOTIFY")).as("no NOTIFY to a subscription that is gone (RFC 6665 section 4.2.2)")
                .hasSize(notifies);
    }

    @Test
    void strangersAndOtherEventPackagesAreRefused() {
        Party mallory = new Party("mallory", "198.18.0.9", loop, network, false);
        mallory.login(List.of("alice"), List.of(alice));
        alice.login(List.of("bob"), List.of());
        alice.presence.goOnline(PresenceStatus.AVAILABLE, null);
        mallory.presence.goOnline(PresenceStatus.AVAILABLE, null);
        loop.runPending();

        assertThat(network.responses(403)).hasSize(1);
        assertThat(alice.peers.buddy("mallory")).isEmpty();
        assertThat(network.requests("NOTIFY")).isEmpty();
    }
}
