package io.peerswitch.endpoint.sip;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The dialogs this endpoint is in, as far as admitting in-dialog requests needs (RFC 3261 section 12.2.2:
 * a request with a To tag that matches no dialog gets 481): Call-ID and our tag, with the peer it is with —
 * a certified user, or an outside device that does not sign. Bounded, least recently used forgotten first;
 * the controls keep the real dialog state. Thread-safe: the transport's gate reads it on network threads.
 */
public final class Dialogs {

    /** Dialogs remembered; beyond it the least recently used one is forgotten (and counted). */
    public static final int MAX_DIALOGS = 4096;

    /**
     * The far end of a dialog.
     *
     * @param userId  the certified user it is with, or {@code null} for an outside device
     * @param outside whether that end does not sign its requests (a gateway, IP-PBX or lab peer)
     */
    public record Peer(String userId, boolean outside) {
    }

    private final AtomicLong forgotten = new AtomicLong();
    private final Map<String, Peer> dialogs = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Peer> eldest) {
            if (size() > MAX_DIALOGS) {
                forgotten.incrementAndGet();
                return true;
            }
            return false;
        }
    };

    /** Remembers the dialog (or early dialog) {@code callId} in which our tag is {@code localTag}. */
    public void remember(String callId, String localTag, Peer peer) {
        synchronized (dialogs) {
            dialogs.put(key(callId, localTag), peer);
        }
    }

    /** The far end of the dialog {@code callId} whose tag of ours is {@code localTag}, if we are in it. */
    public Optional<Peer> find(String callId, String localTag) {
        synchronized (dialogs) {
            return Optional.ofNullable(dialogs.get(key(callId, localTag)));
        }
    }

    /** How many dialogs are remembered. */
    public int size() {
        synchronized (dialogs) {
            return dialogs.size();
        }
    }

    /** Dialogs forgotten because {@link #MAX_DIALOGS} were remembered. */
    public long forgotten() {
        return forgotten.get();
    }

    private static String key(String callId, String localTag) {
        return callId + "\n" + localTag;
    }
}
