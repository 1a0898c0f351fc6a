package io.peerswitch.endpoint.softswitch;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerswitch.endpoint.im.ImControl.Outcome;
import io.peerswitch.endpoint.im.ImControl.Outcome.Cause;
import io.peerswitch.endpoint.loop.ManualEventLoop;
import io.peerswitch.endpoint.sip.InMemorySipNetwork;
import io.peerswitch.wire.profile.PresenceStatus;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Why a message was not delivered directly, as the softswitch sees it over the wire: offline (claims 16,
 * 17) and unreachable (claim 18) ones go to the access server, refusals do not.
 */
class UndeliveredMessageTest {

    private final ManualEventLoop loop = new ManualEventLoop(Instant.parse("2026-11-22T10:00:00Z"));
    private final InMemorySipNetwork network = new InMemorySipNetwork(loop);
    private final Party alice = new Party("alice", "198.18.0.1", loop, network, false);
    private final Party bob = new Party("bob", "198.18.0.2", loop, network, false);

    @Test
    void aBuddyWithoutLocationIsOfflineAndNothingIsSent() {
        alice.login(List.of("bob"), List.of());
        CompletableFuture<Outcome> sent = alice.im.send("bob", "are you there?");
        loop.runPending();
        assertThat(sent).isCompletedWithValue(new Outcome.NotDelivered("bob is not online", Cause.OFFLINE));
        assertThat(network.requests("MESSAGE")).isEmpty();
    }

    @Test
    void aBuddyThatAnnouncedGoingOfflineIsOffline() {
        alice.login(List.of("bob"), List.of());
        alice.presence.goOnline(PresenceStatus.AVAILABLE, null);
        bob.login(List.of("alice"), List.of(alice));
        bob.presence.goOnline(PresenceStatus.AVAILABLE, null);
        loop.runPending();
        bob.presence.goOffline();
        loop.runPending();

        CompletableFuture<Outcome> sent = alice.im.send("bob", "bye?");
        loop.runPending();
        assertThat(sent.join()).isInstanceOfSatisfying(Outcome.NotDelivered.class,
                n -> assertThat(n.cause()).isEqualTo(Cause.OFFLINE));
    }

    @Test
    void aLocationThatNeverAnswersIsUnreachableAtTheTransactionTimeout() {
        bob.login(List.of("alice"), List.of());
        network.unplug(bob.address);
        alice.login(List.of("bob"), List.of(bob));
        CompletableFuture<Outcome> sent = alice.im.send("bob", "hello?");
        loop.advance(InMemorySipNetwork.TRANSACTION_TIMEOUT.minusSeconds(1));
        assertThat(sent).isNotDone();
        loop.advance(InMemorySipNetwork.TRANSACTION_TIMEOUT);
        assertThat(sent.join()).isInstanceOfSatisfying(Outcome.NotDelivered.class,
                n -> assertThat(n.cause()).isEqualTo(Cause.UNREACHABLE));
        assertThat(network.requests("MESSAGE")).hasSize(1);
    }

    @Test
    void aBuddyWhoRefusesIsNotStoredFor() {
        bob.login(List.of(), List.of());
        alice.login(List.of("bob"), List.of(bob));
        CompletableFuture<Outcome> sent = alice.im.send("bob", "let me in");
        loop.runPending();
        assertThat(sent.join()).isEqualTo(new Outcome.NotDelivered("403 Forbidden", Cause.REFUSED));
        assertThat(Cause.REFUSED.storable()).isFalse();
    }
}
