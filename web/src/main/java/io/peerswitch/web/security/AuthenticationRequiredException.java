package io.peerswitch.web.security;

import java.io.Serial;

/** A request to a protected resource came without (usable) credentials. */
public class AuthenticationRequiredException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String challenge;

    public AuthenticationRequiredException(String challenge, String detail) {
        super(detail);
        this.challenge = challenge;
    }

    /** The WWW-Authenticate value to send (RFC 9110 section 11.6.1). */
    public String challenge() {
        return challenge;
    }
}
