package io.peerswitch.wire.account;

import io.peerswitch.wire.InvalidFieldException;

/** Length rules for passwords, the same for registration, login and provisioning. */
public final class Passwords {

    /** Shortest password accepted at registration (NIST SP 800-63B section 5.1.1.2). */
    public static final int MIN_LENGTH = 8;
    /** Longest password accepted anywhere: bounds the hashing work one request can cause. */
    public static final int MAX_LENGTH = 256;

    private Passwords() {
    }

    /** A password offered at login: present and not absurdly long (no minimum, old accounts may predate it). */
    public static String forLogin(String password, String field) {
        if (password == null || password.isEmpty()) {
            throw new InvalidFieldException(field, "is required");
        }
        if (password.length() > MAX_LENGTH) {
            throw new InvalidFieldException(field, "must be at most " + MAX_LENGTH + " characters");
        }
        return password;
    }

    /** A new password: {@link #MIN_LENGTH} to {@link #MAX_LENGTH} characters. */
    public static String forNewAccount(String password, String field) {
        forLogin(password, field);
        if (password.codePointCount(0, password.length()) < MIN_LENGTH) {
            throw new InvalidFieldException(field, "must be at least " + MIN_LENGTH + " characters");
        }
        return password;
    }
}
