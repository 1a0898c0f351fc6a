package io.peerswitch.web.json;

import io.peerswitch.wire.provisioning.ProvisioningFile;

/** The largest request body each kind of message may have; a bigger one gets 413 before it is parsed. */
public final class BodyLimits {

    /** Ordinary API messages: logins, registrations, keepalives, profile changes. */
    public static final long DEFAULT_BYTES = 64 * 1024;
    /** Provisioning files (JSON or CSV): 64 MiB holds about 30,000 accounts with 50 buddies each. */
    public static final long PROVISIONING_BYTES = 64L * 1024 * 1024;

    private BodyLimits() {
    }

    /** The limit for a body read as {@code type}. */
    public static long of(Class<?> type) {
        return type == ProvisioningFile.class ? PROVISIONING_BYTES : DEFAULT_BYTES;
    }
}
