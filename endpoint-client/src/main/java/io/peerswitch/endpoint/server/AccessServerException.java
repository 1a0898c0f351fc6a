package io.peerswitch.endpoint.server;

import io.peerswitch.wire.problem.Problem;
import java.io.Serial;
import java.util.Optional;

/** The access server refused a request (with its RFC 9457 problem) or could not be reached (status 0). */
public final class AccessServerException extends Exception {

    @Serial
    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Problem problem;

    public AccessServerException(int status, Problem problem, String message) {
        super(message);
        this.status = status;
        this.problem = problem;
    }

    public AccessServerException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
        this.problem = null;
    }

    /** The HTTP status, or 0 when no answer came. */
    public int status() {
        return status;
    }

    /** The server's problem document, when it sent one. */
    public Optional<Problem> problem() {
        return Optional.ofNullable(problem);
    }

    /** Whether the server's problem is of our documented type {@code name} (its type URI ends with it), e.g. {@code mailbox-full}. */
    public boolean isProblem(String name) {
        return problem != null && problem.type() != null && problem.type().toString().endsWith("/" + name);
    }

    /** What went wrong in the server's words: the problem's detail, else its title, else this exception's message. */
    public String reason() {
        if (problem != null && problem.detail() != null && !problem.detail().isBlank()) {
            return problem.detail();
        }
        if (problem != null && problem.title() != null && !problem.title().isBlank()) {
            return problem.title();
        }
        return getMessage();
    }
}
