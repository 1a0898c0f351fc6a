package io.peerswitch.wire.account;

import io.peerswitch.wire.InvalidFieldException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The syntax of a user ID: it becomes the user part of SIP URIs (RFC 3261 section 25.1), so it is
 * kept to characters that need no escaping there, and compared case-insensitively.
 */
public final class UserIds {

    /** Longest user ID accepted. */
    public static final int MAX_LENGTH = 64;
    /** Shortest user ID accepted. */
    public static final int MIN_LENGTH = 2;

    private static final Pattern SYNTAX = Pattern.compile("[a-z0-9][a-z0-9._-]{" + (MIN_LENGTH - 1) + "," + (MAX_LENGTH - 1) + "}");

    private UserIds() {
    }

    /** Lower-cases {@code userId} and checks its syntax; failures name {@code field}. */
    public static String normalise(String userId, String field) {
        if (userId == null) {
            throw new InvalidFieldException(field, "is required");
        }
        String lower = userId.strip().toLowerCase(Locale.ROOT);
        if (!SYNTAX.matcher(lower).matches()) {
            throw new InvalidFieldException(field, "must be " + MIN_LENGTH + " to " + MAX_LENGTH
                    + " characters a-z, 0-9, '.', '_' or '-', starting with a letter or digit");
        }
        return lower;
    }

    /** Whether {@code userId} is already a valid, normalised user ID. */
    public static boolean isValid(String userId) {
        return userId != null && SYNTAX.matcher(userId).matches();
    }
}
