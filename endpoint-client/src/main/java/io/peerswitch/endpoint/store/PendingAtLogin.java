package io.peerswitch.endpoint.store;

import io.peerswitch.wire.pending.PendingItem;
import java.util.List;

/**
 * What a login announced as waiting for the user (FIG. 11 step 1110) and what became of the stored
 * messages among it (claim 15): {@code retrieved} shown for the first time, {@code repeated} retrieved at
 * an earlier login already (their deletion had failed), {@code notDeleted} still on the server (offered
 * again at the next login), {@code unreadable} left on the server because this installation cannot open them
 * (sealed for another installation of the user), and {@code problem} when they could not be fetched at all (else null).
 */
public record PendingAtLogin(List<PendingItem> items, int retrieved, int repeated, int notDeleted, int unreadable,
                             String problem) {

    public PendingAtLogin {
        items = List.copyOf(items);
    }

    /** The items of a login that announced no stored message, or before any was fetched. */
    public static PendingAtLogin nothingRetrieved(List<PendingItem> items) {
        return new PendingAtLogin(items, 0, 0, 0, 0, null);
    }

    /** How many of the items are stored messages. */
    public long messages() {
        return items.stream().filter(i -> OfflineMessages.PENDING_KIND.equals(i.kind())).count();
    }
}
