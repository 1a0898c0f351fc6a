package io.peerswitch.server.store;

import io.peerswitch.wire.pending.PendingItem;

/**
 * Something was stored for {@code recipientId} (claim 15): fired inside the storing transaction, observed
 * after it commits by the SIP face, which tells the recipient's subscribed locations at once (the
 * message waiting indication of FIG. 10 step 1010) — a buddy may have found an online endpoint unreachable.
 */
public record ItemStored(String recipientId, PendingItem item) {
}
