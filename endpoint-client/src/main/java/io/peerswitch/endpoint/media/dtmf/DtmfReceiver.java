package io.peerswitch.endpoint.media.dtmf;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.Optional;

/**
 * Reports each received key press once (RFC 4733 section 2.5.2): every packet of one event carries
 * the same RTP timestamp, so the first packet with a new timestamp reports the digit and the
 * updates and retransmitted end packets that follow are ignored. A small mutable state object owned
 * by the media receive loop; no clock.
 */
public final class DtmfReceiver {

    /** How many recent events are remembered, so that late duplicates of earlier key presses stay silent. */
    public static final int REMEMBERED_EVENTS = 16;

    private final Deque<Key> recent = new ArrayDeque<>(REMEMBERED_EVENTS);

    /**
     * Takes one decoded telephone-event packet and returns its digit if it starts a key press not
     * seen before.
     *
     * @param rtpTimestamp  the packet's RTP timestamp (the event's start)
     */
    public Optional<Character> onEvent(long rtpTimestamp, DtmfEvent event) {
        Objects.requireNonNull(event, "event");
        Key key = new Key(rtpTimestamp, event.event());
        if (recent.contains(key)) {
            return Optional.empty();
        }
        if (recent.size() == REMEMBERED_EVENTS) {
            recent.removeFirst();
        }
        recent.addLast(key);
        return Optional.of(event.digit());
    }

    private record Key(long timestamp, int event) {
    }
}
