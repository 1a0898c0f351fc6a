package io.peerswitch.endpoint.cli;

import io.peerswitch.endpoint.Softswitch;
import io.peerswitch.endpoint.SoftswitchEvent;
import io.peerswitch.endpoint.buddy.BuddyEvent;
import io.peerswitch.endpoint.call.CallState;
import io.peerswitch.endpoint.call.CallView;
import io.peerswitch.endpoint.peer.BuddyView;
import io.peerswitch.endpoint.peer.Reachability;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The CLI's view of a running softswitch: the latest state of buddies and calls, and the messages not
 * yet waited for, so scripts can wait for "bob online", "a call ringing" or "a message" without races.
 */
final class Session {

    private final Softswitch softswitch;
    private final Transcript transcript;
    private final Map<String, BuddyView> buddies = new LinkedHashMap<>();
    private final Map<String, CallView> calls = new LinkedHashMap<>();
    private final Deque<SoftswitchEvent.MessageReceived> unread = new ArrayDeque<>();
    private final Deque<BuddyEvent.RequestReceived> buddyRequests = new ArrayDeque<>();
    /** Buddy list outcomes not yet waited for: user and word ({@code accepted}, {@code denied}, {@code removed} ...). */
    private final Deque<String[]> buddyOutcomes = new ArrayDeque<>();
    /** Voicemail events not yet waited for: received ones, message-waiting indications, ones we left. */
    private final Deque<io.peerswitch.endpoint.voicemail.VoicemailEvent> voicemailEvents = new ArrayDeque<>();

    Session(Softswitch softswitch, Transcript transcript) {
        this.softswitch = softswitch;
        this.transcript = transcript;
        softswitch.onEvent(this::record);
    }

    Softswitch softswitch() {
        return softswitch;
    }

    Transcript transcript() {
        return transcript;
    }

    private synchronized void record(SoftswitchEvent event) {
        switch (event) {
            case SoftswitchEvent.BuddyChanged b -> buddies.put(b.buddy().userId(), b.buddy());
            case SoftswitchEvent.CallChanged c -> calls.put(c.call().id(), c.call());
            case SoftswitchEvent.MessageReceived m -> unread.add(m);
            case SoftswitchEvent.BuddyListEvent(BuddyEvent e) -> recordBuddy(e);
            case SoftswitchEvent.VoicemailChanged(io.peerswitch.endpoint.voicemail.VoicemailEvent e) -> voicemailEvents.add(e);
            default -> { }
        }
        notifyAll();
        transcript.event(event);
    }

    private void recordBuddy(BuddyEvent event) {
        String word = switch (event) {
            case BuddyEvent.RequestReceived r -> {
                buddyRequests.add(r);
                yield null;
            }
            case BuddyEvent.RequestSent r -> null;
            case BuddyEvent.AnswerSent a -> a.granted() ? "accepted" : "denied";
            case BuddyEvent.RequestAnswered a -> a.granted() ? "accepted" : "denied";
            case BuddyEvent.Removed r -> "removed";
            case BuddyEvent.Blocked b -> "blocked";
            case BuddyEvent.Unblocked u -> "unblocked";
        };
        if (word != null) {
            buddyOutcomes.add(new String[] {event.userId(), word});
        }
        if ("removed".equals(word) || "denied".equals(word) && event instanceof BuddyEvent.RequestAnswered) {
            buddies.remove(event.userId());
        }
    }

    /** Takes the oldest buddy request not yet waited for (from {@code from}, if given), waiting for one. */
    synchronized BuddyEvent.RequestReceived awaitBuddyRequest(String from, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (BuddyEvent.RequestReceived r : buddyRequests) {
                if (from == null || r.from().equals(from)) {
                    buddyRequests.remove(r);
                    return r;
                }
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new CommandFailure("no buddy request" + (from == null ? "" : " from " + from) + " within " + timeout.toSeconds() + " s");
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /**
     * Waits until a buddy list operation with {@code buddy} ends in {@code word} ({@code accepted},
     * {@code denied}, {@code removed}, {@code blocked}, {@code unblocked}), taking that outcome; for
     * {@code accepted}, an accepted buddy on the list will do too.
     */
    synchronized void awaitBuddyOutcome(String buddy, String word, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (String[] outcome : buddyOutcomes) {
                if (outcome[0].equals(buddy) && outcome[1].equals(word)) {
                    buddyOutcomes.remove(outcome);
                    return;
                }
            }
            BuddyView b = buddies.get(buddy);
            if ("accepted".equals(word) && b != null && b.accepted()) {
                return;
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new CommandFailure(buddy + " was not " + word + " within " + timeout.toSeconds() + " s");
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** The call {@code id}, or the latest call when {@code id} is null. */
    synchronized Optional<CallView> call(String id) {
        if (id != null) {
            return Optional.ofNullable(calls.get(id));
        }
        return calls.values().stream().reduce((a, b) -> b);
    }

    /** The latest call in {@code state}. */
    synchronized Optional<CallView> latest(CallState state) {
        return calls.values().stream().filter(c -> c.state() == state).reduce((a, b) -> b);
    }

    /** Waits until {@code buddy} satisfies {@code condition}. */
    synchronized BuddyView awaitBuddy(String buddy, Predicate<BuddyView> condition, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            BuddyView b = buddies.get(buddy);
            if (b != null && condition.test(b)) {
                return b;
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new CommandFailure(buddy + " did not become that within " + timeout.toSeconds() + " s"
                        + (b == null ? " (not a buddy?)" : "; now " + Transcript.buddy(b)));
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** Waits until some call (of {@code peer}, if given) is in {@code state}. */
    synchronized CallView awaitCall(CallState state, String peer, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<CallView> found = calls.values().stream()
                    .filter(c -> c.state() == state && (peer == null || c.peer().equals(peer))).reduce((a, b) -> b);
            if (found.isPresent()) {
                return found.get();
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new CommandFailure("no call became " + state.name().toLowerCase() + " within " + timeout.toSeconds() + " s");
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** Waits until call {@code id} is in {@code state} (or ended). */
    synchronized CallView awaitCall(String id, Predicate<CallView> condition, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            CallView c = calls.get(id);
            if (c != null && condition.test(c)) {
                return c;
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new CommandFailure("call " + id + " did not get there within " + timeout.toSeconds() + " s"
                        + (c == null ? "" : "; now " + Transcript.call(c)));
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** Takes the oldest unread message (from {@code from}, if given), waiting for one. */
    synchronized SoftswitchEvent.MessageReceived awaitMessage(String from, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (SoftswitchEvent.MessageReceived m : unread) {
                if (from == null || m.from().equals(from)) {
                    unread.remove(m);
                    return m;
                }
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new CommandFailure("no message" + (from == null ? "" : " from " + from) + " within " + timeout.toSeconds() + " s");
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /**
     * Takes the oldest voicemail event not yet waited for that {@code wanted} accepts, waiting for one:
     * {@code received} (a voicemail kept here), {@code waiting} (a message-waiting indication) or {@code left}.
     */
    synchronized io.peerswitch.endpoint.voicemail.VoicemailEvent awaitVoicemail(
            Predicate<io.peerswitch.endpoint.voicemail.VoicemailEvent> wanted, String what, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (io.peerswitch.endpoint.voicemail.VoicemailEvent e : voicemailEvents) {
                if (wanted.test(e)) {
                    voicemailEvents.remove(e);
                    return e;
                }
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new CommandFailure("no " + what + " within " + timeout.toSeconds() + " s");
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** Whether {@code b} can be reached directly now. */
    static boolean confirmed(BuddyView b) {
        return b.reachability() == Reachability.CONFIRMED;
    }

    /** A command that could not do what it was asked. */
    static final class CommandFailure extends RuntimeException {

        @java.io.Serial
        private static final long serialVersionUID = 1L;

        CommandFailure(String message) {
            super(message);
        }
    }
}
