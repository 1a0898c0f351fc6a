package io.peerswitch.server.trunk;

/** Trunks were created, changed or deleted: fired in the changing transaction; the redirect server reloads after it commits. */
public record TrunksChanged(String name) {
}
