package io.peerswitch.endpoint.softswitch;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerswitch.endpoint.buddy.BuddyControl;
import io.peerswitch.endpoint.buddy.BuddyEvent;
import io.peerswitch.endpoint.im.ImControl.Outcome;
import io.peerswitch.endpoint.loop.ManualEventLoop;
import io.peerswitch.endpoint.peer.Reachability;
import io.peerswitch.endpoint.sip.Ids;
import io.peerswitch.endpoint.sip.InMemorySipNetwork;
import io.peerswitch.endpoint.sip.SignalingAgent;
import io.peerswitch.wire.WireJson;
import io.peerswitch.wire.buddy.BuddyNotice;
import io.peerswitch.wire.buddy.BuddyRequest;
import io.peerswitch.wire.pending.PendingItem;
import io.peerswitch.wire.profile.PresenceStatus;
import io.peerswitch.wire.profile.RelationState;
import io.peerswitch.wire.sip.SipRequest;
import io.peerswitch.wire.sip.SipResponse;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Buddy list operations (FIG. 7-9) between endpoints on the in-memory SIP network, with the access server's
 * buddy rules faked in memory: the server first, then the other endpoint directly; and the gate rule for
 * notices from strangers (claim 1).
 */
class BuddyTest {

    private final ManualEventLoop loop = new ManualEventLoop(Instant.parse("2026-11-22T10:00:00Z"));
    private final InMemorySipNetwork network = new InMemorySipNetwork(loop);
    private final FakeBuddyServer server = new FakeBuddyServer();
    private final Party alice = new Party("alice", "198.18.0.1", loop, network, false);
    private final Party bob = new Party("bob", "198.18.0.2", loop, network, false);

    /** Logs {@code p} in with {@code buddies} (accepted), the online ones among them in its routing table. */
    private void login(Party p, List<String> buddies, List<Party> online) {
        p.login(buddies, online);
        server.online(p);
        p.presence.goOnline(PresenceStatus.AVAILABLE, null);
        loop.runPending();
    }

    private void loginStrangers() {
        login(alice, List.of(), List.of());
        login(bob, List.of(), List.of());
    }

    private void loginBuddies() {
        server.buddies("alice", "bob");
        login(alice, List.of("bob"), List.of());
        login(bob, List.of("alice"), List.of(alice));
        assertThat(alice.peers.buddy("bob").orElseThrow().reachability()).isEqualTo(Reachability.CONFIRMED);
        assertThat(bob.peers.buddy("alice").orElseThrow().reachability()).isEqualTo(Reachability.CONFIRMED);
    }

    private <T> T done(CompletableFuture<T> future) {
        loop.runPending();
        assertThat(future).isDone();
        return future.join();
    }

    /** A MESSAGE with a buddy notice as {@code from} would send it, outside BuddyControl (a forger's). */
    private CompletableFuture<Integer> forge(Party from, Party to, BuddyNotice notice) {
        SipRequest message = new SipRequest("MESSAGE", "sip:" + to.user + "@" + to.address.getHostString() + ":5060", List.of(), new byte[0])
                .addHeader("Max-Forwards", "70")
                .addHeader("From", "<sip:" + from.user + "@example.com>;tag=" + Ids.tag())
                .addHeader("To", "<sip:" + to.user + "@example.com>")
                .addHeader("Call-ID", Ids.callId(from.address.getHostString()))
                .addHeader("CSeq", "1 MESSAGE")
                .withBody(BuddyNotice.CONTENT_TYPE, WireJson.encode(notice));
        CompletableFuture<Integer> status = new CompletableFuture<>();
        from.agent.send(message, new SignalingAgent.ResponseHandler() {
            @Override
            public void onResponse(SipResponse response) {
                if (response.status() >= 200) {
                    status.complete(response.status());
                }
            }

            @Override
            public void onFailure(String reason) {
                status.complete(0);
            }
        });
        return status;
    }

    @Test
    void aRequestToAnOnlineUserIsConfirmedWithTheServerThenGrantedAndBothGoGreen() {
        loginStrangers();

        BuddyEvent.RequestSent sent = done(alice.buddies.request("bob", "it's Alice from the bridge club"));

        assertThat(sent).isEqualTo(new BuddyEvent.RequestSent("bob", "r1", true, null));
        assertThat(bob.buddyEvents).containsExactly(new BuddyEvent.RequestReceived("alice", "r1", "it's Alice from the bridge club",
                Instant.EPOCH.plusSeconds(1)));
        assertThat(server.calls).containsExactly("alice POST buddies/requests", "bob GET buddies/requests/r1");
        assertThat(alice.peers.buddy("bob").orElseThrow().relation()).isEqualTo(RelationState.PENDING);
        assertThat(bob.buddies.waiting()).extracting(BuddyRequest::from).containsExactly("alice");

        BuddyEvent.AnswerSent answered = done(bob.buddies.answer("alice", true));
        loop.runPending();

        assertThat(answered).isEqualTo(new BuddyEvent.AnswerSent("alice", "r1", true));
        assertThat(alice.buddyEvents).contains(new BuddyEvent.RequestAnswered("bob", "r1", true));
        assertThat(server.hasRequests()).isFalse();
        assertThat(bob.buddies.waiting()).isEmpty();
        assertThat(alice.peers.isAcceptedBuddy("bob")).isTrue();
        assertThat(bob.peers.isAcceptedBuddy("alice")).isTrue();
        assertThat(alice.peers.buddy("bob").orElseThrow().reachability()).isEqualTo(Reachability.CONFIRMED);
        assertThat(bob.peers.buddy("alice").orElseThrow().reachability()).isEqualTo(Reachability.CONFIRMED);
        assertThat(alice.presence.hasPresenceWith("bob")).isTrue();
        assertThat(network.requests("SUBSCRIBE")).as("one subscription each way").hasSize(2);
        assertThat(network.responses(403)).isEmpty();
        assertThat(done(alice.im.send("bob", "hello, buddy"))).isInstanceOf(Outcome.Delivered.class);
    }

    @Test
    void aDeniedRequestIsToldToTheRequesterAndLeavesNoRelation() {
        loginStrangers();
        done(alice.buddies.request("bob", null));

        done(bob.buddies.answer("r1", false));

        assertThat(bob.buddyEvents).containsExactly(new BuddyEvent.RequestReceived("alice", "r1", null, Instant.EPOCH.plusSeconds(1)),
                new BuddyEvent.AnswerSent("alice", "r1", false));
        assertThat(alice.buddyEvents).containsExactly(new BuddyEvent.RequestSent("bob", "r1", true, null),
                new BuddyEvent.RequestAnswered("bob", "r1", false));
        assertThat(alice.peers.buddy("bob")).isEmpty();
        assertThat(bob.peers.buddy("alice")).isEmpty();
        assertThat(network.requests("SUBSCRIBE")).isEmpty();
    }

    @Test
    void aRequestToAnOfflineUserWaitsOnTheServerAndComesWithItsLogin() {
        server.registered("bob");
        login(alice, List.of(), List.of());

        BuddyEvent.RequestSent sent = done(alice.buddies.request("bob", "hi"));
        assertThat(sent).isEqualTo(new BuddyEvent.RequestSent("bob", "r1", false, "the access server tells bob"));
        assertThat(network.requests("MESSAGE")).isEmpty();

        login(bob, List.of(), List.of());
        done(bob.buddies.retrieve(List.of(new PendingItem(BuddyControl.PENDING_KIND, "r1", "alice", Instant.EPOCH))));
        assertThat(bob.buddyEvents).containsExactly(new BuddyEvent.RequestReceived("alice", "r1", "hi", Instant.EPOCH.plusSeconds(1)));

        done(bob.buddies.answer("alice", true));
        loop.runPending();
        assertThat(alice.buddyEvents).contains(new BuddyEvent.RequestAnswered("bob", "r1", true));
        assertThat(alice.peers.buddy("bob").orElseThrow().reachability()).isEqualTo(Reachability.CONFIRMED);
        assertThat(bob.peers.buddy("alice").orElseThrow().reachability()).isEqualTo(Reachability.CONFIRMED);
    }

    @Test
    void aRequestNoticeTheServerDoesNotConfirmIsRefusedAndNothingHappens() {
        Party mallory = new Party("mallory", "198.18.0.9", loop, network, false);
        Party carol = new Party("carol", "198.18.0.3", loop, network, false);
        loginStrangers();
        login(mallory, List.of(), List.of());
        login(carol, List.of(), List.of());
        BuddyRequest toCarol = server.storedRequest("mallory", "carol");
        BuddyRequest aliceToBob = server.storedRequest("alice", "bob");

        CompletableFuture<Integer> unknownId = forge(mallory, bob, new BuddyNotice(BuddyNotice.REQUEST, "r99", "let me in"));
        CompletableFuture<Integer> notToBob = forge(mallory, bob, new BuddyNotice(BuddyNotice.REQUEST, toCarol.id(), null));
        CompletableFuture<Integer> notFromMallory = forge(mallory, bob, new BuddyNotice(BuddyNotice.REQUEST, aliceToBob.id(), null));
        loop.runPending();

        assertThat(unknownId).isCompletedWithValue(403);
        assertThat(notToBob).isCompletedWithValue(403);
        assertThat(notFromMallory).isCompletedWithValue(403);
        assertThat(server.calls).containsExactly("bob GET buddies/requests/r99", "bob GET buddies/requests/" + toCarol.id(),
                "bob GET buddies/requests/" + aliceToBob.id());
        assertThat(bob.buddyEvents).isEmpty();
        assertThat(bob.buddies.waiting()).isEmpty();
        assertThat(bob.peers.buddy("mallory")).isEmpty();
        assertThat(bob.routing.locations("mallory")).isEmpty();
    }

    @Test
    void aRequestNoticeIsRefusedWhenTheServerCannotConfirmIt() {
        loginStrangers();
        server.storedRequest("alice", "bob");
        server.offline(bob);
        CompletableFuture<Integer> loggedOut = forge(alice, bob, new BuddyNotice(BuddyNotice.REQUEST, "r1", null));
        loop.runPending();
        server.online(bob);
        server.down = true;
        CompletableFuture<Integer> serverDown = forge(alice, bob, new BuddyNotice(BuddyNotice.REQUEST, "r1", null));
        loop.runPending();

        assertThat(loggedOut).isCompletedWithValue(403);
        assertThat(serverDown).isCompletedWithValue(500);
        assertThat(bob.buddyEvents).isEmpty();
    }

    @Test
    void theGateStillRefusesStrangersEverythingButBuddyNotices() {
        Party mallory = new Party("mallory", "198.18.0.9", loop, network, false);
        loginBuddies();
        login(mallory, List.of(), List.of(alice));
        int before = network.requests("SUBSCRIBE").size();

        CompletableFuture<Outcome> text = mallory.im.send("alice", "hi");
        CompletableFuture<Integer> granted = forge(mallory, alice, new BuddyNotice(BuddyNotice.GRANTED, "r1", null));
        CompletableFuture<Integer> deleted = forge(mallory, alice, new BuddyNotice(BuddyNotice.DELETED, null, null));
        CompletableFuture<Integer> unblocked = forge(mallory, alice, new BuddyNotice(BuddyNotice.UNBLOCKED, null, null));
        loop.runPending();

        assertThat(text.join()).isInstanceOfSatisfying(Outcome.NotDelivered.class, n -> assertThat(n.reason()).startsWith("403"));
        assertThat(granted).isCompletedWithValue(403);
        assertThat(deleted).isCompletedWithValue(403);
        assertThat(unblocked).isCompletedWithValue(403);
        assertThat(alice.buddyEvents).isEmpty();
        assertThat(alice.peers.buddies()).extracting(b -> b.userId()).containsExactly("bob");
        assertThat(server.calls).as("nothing a stranger says but a request makes us ask the server").isEmpty();
        assertThat(network.requests("SUBSCRIBE")).hasSize(before);
    }

    @Test
    void aGrantForARequestWeDidNotMakeIsRefused() {
        loginStrangers();
        CompletableFuture<Integer> granted = forge(bob, alice, new BuddyNotice(BuddyNotice.GRANTED, "r7", null));
        loop.runPending();
        assertThat(granted).isCompletedWithValue(403);
        assertThat(alice.peers.buddy("bob")).isEmpty();
        assertThat(alice.buddyEvents).isEmpty();
    }

    @Test
    void aDeletionRemovesBothSidesAndEndsPresenceInRealTime() {
        loginBuddies();

        BuddyEvent.Removed removed = done(alice.buddies.delete("bob"));
        loop.runPending();

        assertThat(removed).isEqualTo(new BuddyEvent.Removed("bob", false));
        assertThat(bob.buddyEvents).containsExactly(new BuddyEvent.Removed("alice", true));
        assertThat(alice.peers.buddy("bob")).isEmpty();
        assertThat(bob.peers.buddy("alice")).isEmpty();
        assertThat(alice.routing.locations("bob")).isEmpty();
        assertThat(bob.routing.locations("alice")).isEmpty();
        assertThat(alice.presence.hasPresenceWith("bob")).isFalse();
        assertThat(bob.presence.hasPresenceWith("alice")).isFalse();
        assertThat(server.relation("bob", "alice")).isNull();

        CompletableFuture<Integer> again = forge(bob, alice, new BuddyNotice(BuddyNotice.DELETED, null, null));
        loop.runPending();
        assertThat(again).as("no longer on the list").isCompletedWithValue(403);
    }

    @Test
    void aBlockedBuddyShowsOfflineBothWaysAndAnUnblockRestoresPresence() {
        loginBuddies();

        done(bob.buddies.block("alice"));
        loop.runPending();

        assertThat(alice.buddyEvents).containsExactly(new BuddyEvent.Blocked("bob", true));
        assertThat(bob.peers.buddy("alice").orElseThrow().relation()).isEqualTo(RelationState.BLOCKED);
        assertThat(bob.peers.buddy("alice").orElseThrow().reachability()).isEqualTo(Reachability.OFFLINE);
        assertThat(alice.peers.buddy("bob").orElseThrow().reachability()).isEqualTo(Reachability.OFFLINE);
        assertThat(alice.presence.hasPresenceWith("bob")).isFalse();
        assertThat(bob.presence.hasPresenceWith("alice")).isFalse();
        assertThat(done(alice.im.send("bob", "why?"))).isInstanceOfSatisfying(Outcome.NotDelivered.class,
                n -> assertThat(n.cause()).isEqualTo(Outcome.Cause.OFFLINE));

        done(bob.buddies.unblock("alice"));
        loop.runPending();

        assertThat(alice.buddyEvents).containsExactly(new BuddyEvent.Blocked("bob", true), new BuddyEvent.Unblocked("bob", true));
        assertThat(bob.buddyEvents).containsExactly(new BuddyEvent.Blocked("alice", false), new BuddyEvent.Unblocked("alice", false));
        assertThat(alice.peers.buddy("bob").orElseThrow().reachability()).isEqualTo(Reachability.CONFIRMED);
        assertThat(bob.peers.buddy("alice").orElseThrow().reachability()).isEqualTo(Reachability.CONFIRMED);
        assertThat(done(alice.im.send("bob", "thanks"))).isInstanceOf(Outcome.Delivered.class);
    }

    @Test
    void aRepeatedRequestNoticeIsShownOnceAndAskedOnce() {
        loginStrangers();
        done(alice.buddies.request("bob", "hi"));
        BuddyEvent.RequestSent again = done(alice.buddies.request("bob", "hi"));

        assertThat(again.delivered()).isTrue();
        assertThat(bob.buddyEvents).hasSize(1);
        assertThat(server.calls).containsExactly("alice POST buddies/requests", "bob GET buddies/requests/r1",
                "alice POST buddies/requests");
    }

    @Test
    void aStrangerWhoAskedCanBeBlockedAndUnblockingForgetsIt() {
        loginStrangers();
        done(alice.buddies.request("bob", "hi"));

        done(bob.buddies.block("alice"));
        loop.runPending();

        assertThat(bob.buddies.waiting()).isEmpty();
        assertThat(server.hasRequests()).isFalse();
        assertThat(bob.peers.buddy("alice").orElseThrow().relation()).isEqualTo(RelationState.BLOCKED);
        assertThat(alice.buddyEvents).endsWith(new BuddyEvent.Blocked("bob", true));

        done(bob.buddies.unblock("alice"));
        loop.runPending();

        assertThat(bob.peers.buddy("alice")).isEmpty();
        assertThat(bob.buddyEvents).endsWith(new BuddyEvent.Unblocked("alice", false));
        assertThat(alice.buddyEvents).as("a forgotten stranger is not told").doesNotContain(new BuddyEvent.Unblocked("bob", true));
    }
}
