package io.peerswitch.wire.provisioning;

/** How an import treats accounts that exist already. */
public enum ImportMode {
    /** Every account in the file must be new; any existing one fails the whole import (409). */
    CREATE,
    /** New accounts are created, existing ones take the file's values; their buddy lists and subscriptions are replaced. */
    UPSERT
}
