package io.peerswitch.endpoint.voicemail;

import io.peerswitch.endpoint.server.AccessServerException;
import io.peerswitch.wire.store.Voicemail;
import io.peerswitch.wire.store.VoicemailDeposit;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * Leaves one voicemail on the access server (FIG. 10 step 1006, FIG. 11 step 1104): announce with size and
 * SHA-256, then upload in pieces from wherever the server says it stands, so a broken connection or a
 * restarted server costs at most the piece in flight. Blocking; runs off the softswitch's loop.
 */
public final class VoicemailUpload {

    private static final Logger LOG = Logger.getLogger(VoicemailUpload.class.getName());

    /** Bytes per PUT: about 32 s of G.711 audio. */
    public static final int PIECE_BYTES = 256 * 1024;
    /** Failed exchanges (no answer, 5xx, a lost offset) tolerated in one upload before it is given up. */
    public static final int MAX_FAILURES = 5;
    /** The pause after the first failure; doubled after each further one. */
    public static final Duration FIRST_PAUSE = Duration.ofMillis(500);

    /** Waits between attempts (a virtual thread's sleep in production, nothing in tests). */
    public interface Pause {
        void pause(Duration duration) throws InterruptedException;
    }

    private final VoicemailServer server;
    private final Pause pause;
    private final int pieceBytes;

    public VoicemailUpload(VoicemailServer server, Pause pause, int pieceBytes) {
        if (pieceBytes < 1) {
            throw new IllegalArgumentException("pieceBytes must be at least 1");
        }
        this.server = server;
        this.pause = pause;
        this.pieceBytes = pieceBytes;
    }

    /**
     * Uploads {@code audio} as {@code deposit} announces it and returns the complete voicemail. A refusal
     * (403 not a buddy, 409 mailbox full, 413 too large) fails at once; no answer or a 5xx is retried with
     * the same deposit ID, resuming at the server's offset; a checksum mismatch starts once more from 0.
     */
    public Voicemail upload(VoicemailDeposit deposit, byte[] audio) throws AccessServerException {
        if (audio.length != deposit.size()) {
            throw new IllegalArgumentException("the deposit announces " + deposit.size() + " bytes, the audio has " + audio.length);
        }
        int failures = 0;
        boolean restarted = false;
        Voicemail voicemail = null;
        while (true) {
            try {
                if (voicemail == null) {
                    voicemail = server.announce(deposit);
                }
                if (voicemail.complete()) {
                    return voicemail;
                }
                long offset = voicemail.received();
                int length = (int) Math.min(pieceBytes, audio.length - offset);
                voicemail = server.upload(voicemail.id(), offset, audio, (int) offset, length);
            } catch (AccessServerException e) {
                if (e.isProblem("checksum-mismatch") && !restarted) {
                    restarted = true;
                    LOG.warning(() -> "voicemail " + deposit.depositId() + ": the server's bytes did not match; uploading again");
                    voicemail = null;
                    continue;
                }
                if (!retryable(e) || ++failures > MAX_FAILURES) {
                    throw e;
                }
                int attempt = failures;
                LOG.info(() -> "voicemail " + deposit.depositId() + ": " + e.getMessage() + "; trying again (" + attempt + ")");
                sleep(FIRST_PAUSE.multipliedBy(1L << (attempt - 1)));
                voicemail = resumeFrom(voicemail);
            }
        }
    }

    /** Where the server stands after a failure: asked again when we know the voicemail, else announced anew. */
    private Voicemail resumeFrom(Voicemail known) {
        if (known == null) {
            return null;
        }
        try {
            return server.voicemail(known.id());
        } catch (AccessServerException e) {
            return null; // announcing again with the same deposit ID answers the same voicemail
        }
    }

    /** No answer, a server failure, or an offset the server does not share: worth asking where it stands. */
    static boolean retryable(AccessServerException failure) {
        return failure.status() == 0 || failure.status() >= 500 || failure.isProblem("offset-mismatch");
    }

    private void sleep(Duration duration) throws AccessServerException {
        try {
            pause.pause(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AccessServerException("interrupted while uploading a voicemail", e);
        }
    }
}
