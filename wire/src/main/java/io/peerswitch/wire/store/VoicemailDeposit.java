package io.peerswitch.wire.store;

import io.peerswitch.wire.Fields;
import io.peerswitch.wire.InvalidFieldException;
import io.peerswitch.wire.session.InstanceIds;
import java.util.HexFormat;
import java.util.Set;

/**
 * A voicemail an endpoint recorded for a buddy who was busy, did not answer, was unreachable or offline
 * (FIG. 10 step 1006, FIG. 11 step 1104), announced before its bytes are uploaded: its size and SHA-256
 * let the server resume an interrupted upload and prove the whole arrived. {@code depositId} makes the
 * announcement idempotent, as for messages.
 *
 * @param contentType {@code audio/wav} (RIFF WAVE, any codec the endpoint plays)
 * @param size        bytes of the envelope, 1 to the server's limit
 * @param sha256      the SHA-256 of the envelope, 64 lower-case hex digits
 * @param durationMillis the recording's length, for lists; optional
 */
public record VoicemailDeposit(String to, String depositId, String contentType, Long size, String sha256, Long durationMillis) {

    /** What a voicemail is uploaded as: sealed (RFC 8551 section 3.2.2), its WAV inside. */
    public static final String SEALED = "application/pkcs7-mime";
    /** What the server keeps: sealed voicemails only (those kept before schema version 7 may be {@code audio/wav}). */
    public static final Set<String> CONTENT_TYPES = Set.of(SEALED);

    public VoicemailDeposit {
        to = Fields.text(to, "to", 64);
        depositId = InstanceIds.check(depositId, "depositId");
        Fields.required(contentType, "contentType");
        if (!CONTENT_TYPES.contains(contentType)) {
            throw new InvalidFieldException("contentType", "must be " + SEALED
                    + ": the server keeps only what is sealed for the recipient's message keys (GET /api/v1/messages/keys/{userId})");
        }
        Fields.required(size, "size");
        if (size < 1) {
            throw new InvalidFieldException("size", "must be at least 1");
        }
        Fields.required(sha256, "sha256");
        if (sha256.length() != 64 || !sha256.chars().allMatch(c -> HexFormat.isHexDigit(c) && !Character.isUpperCase(c))) {
            throw new InvalidFieldException("sha256", "must be 64 lower-case hex digits");
        }
        if (durationMillis != null && durationMillis < 0) {
            throw new InvalidFieldException("durationMillis", "must not be negative");
        }
    }
}
