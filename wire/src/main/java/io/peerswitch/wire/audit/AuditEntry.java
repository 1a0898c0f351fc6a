package io.peerswitch.wire.audit;

import java.time.Instant;

/** One administrative change as the audit trail keeps it: who did what to which object, and when. */
public record AuditEntry(long id, Instant at, String actor, String action, String target, String detail) {
}
