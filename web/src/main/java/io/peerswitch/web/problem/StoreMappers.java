package io.peerswitch.web.problem;

import io.peerswitch.server.store.MailboxFullException;
import io.peerswitch.server.store.NotABuddyException;
import io.peerswitch.server.store.StoredItemNotFoundException;
import io.peerswitch.wire.problem.Problem;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** The store-and-forward refusals as RFC 9457 problems. */
public final class StoreMappers {

    private StoreMappers() {
    }

    /** Addressed to someone who is not an accepted buddy: 403 (the same for an unknown user). */
    @Provider
    public static class NotABuddy implements ExceptionMapper<NotABuddyException> {
        @Override
        public Response toResponse(NotABuddyException e) {
            return Problems.of(Problem.of("not-a-buddy", "Not an accepted buddy", 403, e.getMessage())).build();
        }
    }

    /** The recipient's mailbox holds as much as the server keeps: 409; it empties when they log in. */
    @Provider
    public static class MailboxFull implements ExceptionMapper<MailboxFullException> {
        @Override
        public Response toResponse(MailboxFullException e) {
            return Problems.of(Problem.of("mailbox-full", "The recipient's mailbox is full", 409, e.getMessage())).build();
        }
    }

    /** No such stored item of the caller: 404. */
    @Provider
    public static class NotFound implements ExceptionMapper<StoredItemNotFoundException> {
        @Override
        public Response toResponse(StoredItemNotFoundException e) {
            return Problems.of(Problem.of("not-found", "No such stored item", 404, e.getMessage())).build();
        }
    }
}
