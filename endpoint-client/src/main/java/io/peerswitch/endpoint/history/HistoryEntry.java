package io.peerswitch.endpoint.history;

import java.time.Instant;

/** One instant message as the endpoint remembers it (RFC 3428 MESSAGE, sent or received). */
public record HistoryEntry(long id, Instant at, Direction direction, String peer, String text, Status status) {

    /** Which way the message went. */
    public enum Direction { IN, OUT }

    /**
     * What became of it: received (directly, or retrieved from the access server); sent and confirmed (a
     * 2xx); sent and not confirmed; not delivered directly but left on the access server for the buddy's
     * next login (claims 15-18).
     */
    public enum Status { RECEIVED, DELIVERED, FAILED, STORED }
}
