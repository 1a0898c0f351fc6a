package io.peerswitch.endpoint.voicemail;

import io.peerswitch.endpoint.server.AccessServerClient;
import io.peerswitch.endpoint.server.AccessServerException;
import io.peerswitch.wire.store.RecipientKeys;
import io.peerswitch.wire.store.Voicemail;
import io.peerswitch.wire.store.VoicemailDeposit;
import io.peerswitch.wire.store.Voicemails;

/**
 * The access server's voicemail store as one session sees it (FIG. 10 step 1008, FIG. 11 steps 1104-1114;
 * {@code /api/v1/voicemails} in docs/rest-api.md). Blocking: callers run it off the softswitch's loop.
 */
public interface VoicemailServer {

    /** Announces a voicemail; a repeated deposit ID answers the one announced the first time (resume at its {@code received}). */
    Voicemail announce(VoicemailDeposit deposit) throws AccessServerException;

    /** Uploads {@code length} bytes of {@code audio} from {@code from} at the server's {@code offset}. */
    Voicemail upload(String id, long offset, byte[] audio, int from, int length) throws AccessServerException;

    /** One voicemail as the server keeps it now. */
    Voicemail voicemail(String id) throws AccessServerException;

    /** The message key credentials of {@code userId}'s installations, to seal a voicemail for (403 unless a mutual buddy). */
    RecipientKeys keysOf(String userId) throws AccessServerException;

    /** The complete voicemails left for this user, oldest first. */
    Voicemails list() throws AccessServerException;

    /** The audio of a voicemail left for this user. */
    byte[] audio(String id, int maxBytes) throws AccessServerException;

    /** Deletes a voicemail left for this user; false when it was gone already, which counts as done. */
    boolean delete(String id) throws AccessServerException;

    /** The voicemail store of the session holding {@code token}. */
    static VoicemailServer of(AccessServerClient server, String token) {
        return new VoicemailServer() {
            @Override
            public Voicemail announce(VoicemailDeposit deposit) throws AccessServerException {
                return server.announceVoicemail(token, deposit);
            }

            @Override
            public Voicemail upload(String id, long offset, byte[] audio, int from, int length) throws AccessServerException {
                return server.uploadVoicemail(token, id, offset, audio, from, length);
            }

            @Override
            public Voicemail voicemail(String id) throws AccessServerException {
                return server.voicemail(token, id);
            }

            @Override
            public RecipientKeys keysOf(String userId) throws AccessServerException {
                return server.recipientKeys(token, userId);
            }

            @Override
            public Voicemails list() throws AccessServerException {
                return server.voicemails(token);
            }

            @Override
            public byte[] audio(String id, int maxBytes) throws AccessServerException {
                return server.voicemailAudio(token, id, maxBytes);
            }

            @Override
            public boolean delete(String id) throws AccessServerException {
                return server.deleteVoicemail(token, id);
            }
        };
    }
}
