package io.peerswitch.web.json;

import io.peerswitch.wire.provisioning.ProvisioningFile;
import io.peerswitch.wire.store.MessageDeposit;

/** The largest request body each kind of message may have; a bigger one gets 413 before it is parsed. */
public final class BodyLimits {

    /** Ordinary API messages: logins, registrations, keepalives, profile changes. */
    public static final long DEFAULT_BYTES = 64 * 1024;
    /** A message deposit: its sealed envelope of up to {@link MessageDeposit#MAX_ENVELOPE} base64 characters, and the JSON around it. */
    public static final long MESSAGE_DEPOSIT_BYTES = MessageDeposit.MAX_ENVELOPE + 1024;
    /** Provisioning files (JSON or CSV): 64 MiB holds about 30,000 accounts with 50 buddies each. */
    public static final long PROVISIONING_BYTES = 64L * 1024 * 1024;

    private BodyLimits() {
    }

    /** The limit for a body read as {@code type}. */
    public static long of(Class<?> type) {
        if (type == ProvisioningFile.class) {
            return PROVISIONING_BYTES;
        }
        return type == MessageDeposit.class ? MESSAGE_DEPOSIT_BYTES : DEFAULT_BYTES;
    }
}
