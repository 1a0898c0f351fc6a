package io.peerswitch.server.sip.redirect;

import io.peerswitch.wire.sip.SipRequest;
import io.peerswitch.wire.sip.Via;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * The INVITE server transactions of a UAS that answers every INVITE at once with a final non-2xx response
 * (RFC 3261 section 17.2.1, figure 7, entered in state Completed): a retransmitted INVITE gets the same
 * response again, over UDP the response is retransmitted on Timer G until the ACK comes, the ACK moves the
 * transaction to Confirmed and is absorbed, Timer H gives up waiting for it and Timer I ends Confirmed.
 * Matching follows section 17.2.3 (branch and sent-by), or the RFC 2543 rules for branches without the
 * magic cookie. Owned by one thread; {@code A} is the caller's handle for where a response goes.
 *
 * @param <A> where a retransmitted response is sent (an address, a connection)
 */
public final class InviteServerTransactions<A> {

    /** RFC 3261 section 17.1.1.1: the round-trip estimate. */
    public static final Duration T1 = Duration.ofMillis(500);
    /** RFC 3261 section 17.1.1.1: the longest retransmit interval for INVITE responses. */
    public static final Duration T2 = Duration.ofSeconds(4);
    /** RFC 3261 section 17.1.1.1: the longest a message stays in the network. */
    public static final Duration T4 = Duration.ofSeconds(5);
    /** Timer H: how long to wait for the ACK, 64*T1. */
    public static final Duration TIMER_H = T1.multipliedBy(64);

    /** The states a transaction here can be in (figure 7; Proceeding is never held, Terminated means removed). */
    public enum State { COMPLETED, CONFIRMED }

    /** What the caller does with an incoming INVITE, ACK or CANCEL. */
    public sealed interface Verdict<A> {
        /** A new INVITE: decide, then {@link #completed} it. */
        record New<A>() implements Verdict<A> {
        }

        /** A retransmission: send this response again (null when Confirmed: absorb). */
        record Resend<A>(byte[] response, A destination) implements Verdict<A> {
        }

        /** An ACK or retransmission that needs nothing. */
        record Absorbed<A>() implements Verdict<A> {
        }

        /** A CANCEL for an INVITE already answered (200 to the CANCEL, section 9.2), or for none (481). */
        record Cancel<A>(boolean matched) implements Verdict<A> {
        }
    }

    /** A response to send again (Timer G). */
    public record Retransmission<A>(byte[] response, A destination) {
    }

    private record Key(String branch, String sentBy, String callId, long cseq, String fromTag, String requestUri) {
    }

    private static final class Transaction<A> {
        final Key key;
        final byte[] response;
        final A destination;
        final boolean reliable;
        State state = State.COMPLETED;
        Duration interval = T1;
        Instant nextG;
        Instant deadline; // Timer H in Completed, Timer I in Confirmed

        Transaction(Key key, byte[] response, A destination, boolean reliable, Instant now) {
            this.key = key;
            this.response = response;
            this.destination = destination;
            this.reliable = reliable;
            this.nextG = reliable ? null : now.plus(T1);
            this.deadline = now.plus(TIMER_H);
        }

        Instant due() {
            return nextG != null && nextG.isBefore(deadline) ? nextG : deadline;
        }
    }

    private record Timer<A>(Instant at, Transaction<A> transaction) {
    }

    private final int capacity;
    private final Map<Key, Transaction<A>> table = new HashMap<>();
    private final PriorityQueue<Timer<A>> timers = new PriorityQueue<>((a, b) -> a.at.compareTo(b.at));
    private long timedOut;

    /** A table holding at most {@code capacity} transactions; beyond that, INVITEs are answered statelessly (section 8.2.7). */
    public InviteServerTransactions(int capacity) {
        this.capacity = capacity;
    }

    /** Matches {@code request} (INVITE, ACK or CANCEL), arrived at {@code now}, against the table (section 17.2.3). */
    public Verdict<A> match(SipRequest request, Instant now) {
        Optional<Key> key = key(request);
        Transaction<A> t = key.map(table::get).orElse(null);
        return switch (request.method()) {
            case "INVITE" -> t == null ? new Verdict.New<>()
                    : t.state == State.COMPLETED ? new Verdict.Resend<>(t.response, t.destination) : new Verdict.Absorbed<>();
            case "CANCEL" -> new Verdict.Cancel<>(t != null);
            default -> {
                if (t != null && t.state == State.COMPLETED) {
                    t.state = State.CONFIRMED;
                    t.nextG = null;
                    if (t.reliable) {
                        table.remove(t.key); // Timer I is zero over reliable transports
                    } else {
                        t.deadline = now.plus(T4);
                        timers.add(new Timer<>(t.deadline, t));
                    }
                }
                yield new Verdict.Absorbed<>();
            }
        };
    }

    /** Records that INVITE {@code request} was answered with {@code response}, sent to {@code destination}, at {@code now}. */
    public void completed(SipRequest request, byte[] response, A destination, boolean reliable, Instant now) {
        Optional<Key> key = key(request);
        if (key.isEmpty() || table.size() >= capacity) {
            return;
        }
        Transaction<A> t = new Transaction<>(key.get(), response, destination, reliable, now);
        table.put(t.key, t);
        timers.add(new Timer<>(t.due(), t));
    }

    /** Fires the timers due at {@code now}: Timer G retransmissions to send; expired transactions removed. */
    public List<Retransmission<A>> fire(Instant now) {
        List<Retransmission<A>> out = new ArrayList<>();
        while (!timers.isEmpty() && !timers.peek().at.isAfter(now)) {
            Transaction<A> t = timers.poll().transaction;
            if (table.get(t.key) != t) {
                continue;
            }
            if (!t.deadline.isAfter(now)) {
                table.remove(t.key);
                if (t.state == State.COMPLETED) {
                    timedOut++;
                }
                continue;
            }
            if (t.nextG != null && !t.nextG.isAfter(now)) {
                out.add(new Retransmission<>(t.response, t.destination));
                t.interval = t.interval.multipliedBy(2).compareTo(T2) > 0 ? T2 : t.interval.multipliedBy(2);
                t.nextG = now.plus(t.interval);
            }
            timers.add(new Timer<>(t.due(), t));
        }
        return out;
    }

    /** When {@link #fire} next has something to do, if ever. */
    public Optional<Instant> nextDue() {
        return timers.isEmpty() ? Optional.empty() : Optional.of(timers.peek().at);
    }

    /** Transactions held. */
    public int size() {
        return table.size();
    }

    /** The state of the transaction {@code request} matches, if any. */
    public Optional<State> state(SipRequest request) {
        return key(request).map(table::get).map(t -> t.state);
    }

    /** Transactions that ended on Timer H: no ACK came. */
    public long timedOut() {
        return timedOut;
    }

    /** The matching key: branch and sent-by with the magic cookie, else the RFC 2543 fields (section 17.2.3). */
    private static Optional<Key> key(SipRequest request) {
        try {
            Via top = request.vias().get(0);
            String sentBy = top.host() + ":" + top.port();
            Optional<String> branch = top.branch().filter(b -> b.startsWith("z9hG4bK") && b.length() > 7);
            if (branch.isPresent()) {
                return Optional.of(new Key(branch.get(), sentBy, null, 0, null, null));
            }
            return Optional.of(new Key(top.branch().orElse(""), sentBy, request.callId(), request.cseq().number(),
                    request.from().tag().orElse(""), request.requestUri()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
