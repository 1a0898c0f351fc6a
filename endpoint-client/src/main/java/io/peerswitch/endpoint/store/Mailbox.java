package io.peerswitch.endpoint.store;

import io.peerswitch.endpoint.server.AccessServerClient;
import io.peerswitch.endpoint.server.AccessServerException;
import io.peerswitch.wire.store.MessageDeposit;
import io.peerswitch.wire.store.RecipientKeys;
import io.peerswitch.wire.store.StoredMessage;
import io.peerswitch.wire.store.StoredMessages;

/**
 * The access server's store of messages for offline buddies as one session sees it (claims 15-18,
 * {@code /api/v1/messages} in docs/rest-api.md). Blocking: callers run it off the softswitch's loop.
 */
public interface Mailbox {

    /** Leaves a message for a buddy; a repeated deposit ID answers with the message kept the first time. */
    StoredMessage deposit(MessageDeposit deposit) throws AccessServerException;

    /** The message key credentials of {@code userId}'s installations, to seal a deposit for (403 unless a mutual buddy). */
    RecipientKeys keysOf(String userId) throws AccessServerException;

    /** The messages kept for this user, oldest first. */
    StoredMessages stored() throws AccessServerException;

    /** Deletes a retrieved message on the server; false when it was gone already, which counts as done. */
    boolean delete(String id) throws AccessServerException;

    /** The mailbox of the session holding {@code token}. */
    static Mailbox of(AccessServerClient server, String token) {
        return new Mailbox() {
            @Override
            public StoredMessage deposit(MessageDeposit deposit) throws AccessServerException {
                return server.depositMessage(token, deposit);
            }

            @Override
            public RecipientKeys keysOf(String userId) throws AccessServerException {
                return server.recipientKeys(token, userId);
            }

            @Override
            public StoredMessages stored() throws AccessServerException {
                return server.storedMessages(token);
            }

            @Override
            public boolean delete(String id) throws AccessServerException {
                return server.deleteStoredMessage(token, id);
            }
        };
    }
}
