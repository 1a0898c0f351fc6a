package io.peerswitch.wire.provisioning;

/** What an import changed: accounts created and updated, buddy relations and subscriptions written. */
public record ImportReport(int created, int updated, int relations, int subscriptions) {
}
