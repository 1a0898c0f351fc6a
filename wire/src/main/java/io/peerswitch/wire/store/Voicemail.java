package io.peerswitch.wire.store;

import io.peerswitch.wire.Fields;
import java.time.Instant;

/**
 * A voicemail the server keeps for {@code to} (FIG. 10 step 1008, FIG. 11 step 1106): complete once all
 * {@code size} bytes arrived and matched {@code sha256}; until then {@code received} says where an
 * interrupted upload resumes.
 */
public record Voicemail(String id, String from, String to, String contentType, long size, String sha256, Long durationMillis,
                        Instant createdAt, long received, boolean complete) {

    public Voicemail {
        Fields.required(id, "id");
        Fields.required(from, "from");
        Fields.required(to, "to");
        Fields.required(contentType, "contentType");
        Fields.required(sha256, "sha256");
        Fields.required(createdAt, "createdAt");
    }
}
