package io.peerswitch.endpoint.buddy;

import io.peerswitch.endpoint.server.AccessServerClient;
import io.peerswitch.endpoint.server.AccessServerException;
import io.peerswitch.wire.buddy.BuddyChange;
import io.peerswitch.wire.buddy.BuddyRequest;
import io.peerswitch.wire.buddy.BuddyRequestCreate;
import io.peerswitch.wire.buddy.BuddyRequestCreated;
import io.peerswitch.wire.buddy.BuddyRequests;
import io.peerswitch.wire.session.ProfileSnapshot;

/**
 * The access server's buddy list operations as one session sees them (FIG. 7 steps 710-714 and 720,
 * FIG. 8 steps 806-818, FIG. 9 step 918; {@code /api/v1/buddies} in docs/rest-api.md). Blocking: callers
 * run it off the softswitch's loop.
 */
public interface BuddyServer {

    /** Asks to become buddies with {@code create.to()}: the request kept, and the target's online locations. */
    BuddyRequestCreated request(BuddyRequestCreate create) throws AccessServerException;

    /** The requests waiting for our answer, oldest first. */
    BuddyRequests requests() throws AccessServerException;

    /** One request we made or that is to us; 404 when there is none such. */
    BuddyRequest find(String requestId) throws AccessServerException;

    /** Grants or denies a request to us; the server updates both profiles and deletes the request. */
    BuddyChange answer(String requestId, boolean grant) throws AccessServerException;

    /** Withdraws a request we made. */
    void withdraw(String requestId) throws AccessServerException;

    /** Deletes the relation from both buddy lists. */
    BuddyChange delete(String userId) throws AccessServerException;

    /** Blocks {@code userId}. */
    BuddyChange block(String userId) throws AccessServerException;

    /** Unblocks {@code userId}. */
    BuddyChange unblock(String userId) throws AccessServerException;

    /** Our profile and routing table as the server sees them now. */
    ProfileSnapshot profile() throws AccessServerException;

    /** The buddy operations of the session holding {@code token}. */
    static BuddyServer of(AccessServerClient server, String token) {
        return new BuddyServer() {
            @Override
            public BuddyRequestCreated request(BuddyRequestCreate create) throws AccessServerException {
                return server.requestBuddy(token, create);
            }

            @Override
            public BuddyRequests requests() throws AccessServerException {
                return server.buddyRequests(token);
            }

            @Override
            public BuddyRequest find(String requestId) throws AccessServerException {
                return server.buddyRequest(token, requestId);
            }

            @Override
            public BuddyChange answer(String requestId, boolean grant) throws AccessServerException {
                return server.answerBuddyRequest(token, requestId, grant);
            }

            @Override
            public void withdraw(String requestId) throws AccessServerException {
                server.withdrawBuddyRequest(token, requestId);
            }

            @Override
            public BuddyChange delete(String userId) throws AccessServerException {
                return server.deleteBuddy(token, userId);
            }

            @Override
            public BuddyChange block(String userId) throws AccessServerException {
                return server.blockBuddy(token, userId);
            }

            @Override
            public BuddyChange unblock(String userId) throws AccessServerException {
                return server.unblockBuddy(token, userId);
            }

            @Override
            public ProfileSnapshot profile() throws AccessServerException {
                return server.profile(token);
            }
        };
    }
}
