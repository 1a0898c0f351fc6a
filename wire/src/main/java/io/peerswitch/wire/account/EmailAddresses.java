package io.peerswitch.wire.account;

import io.peerswitch.wire.InvalidFieldException;
import java.util.Locale;
import java.util.regex.Pattern;

/** A pragmatic check of e-mail addresses (RFC 5321 section 4.5.3.1 lengths, one '@', a dotted domain). */
public final class EmailAddresses {

    /** Longest address RFC 5321 allows in a path. */
    public static final int MAX_LENGTH = 254;

    private static final Pattern SYNTAX = Pattern.compile(
            "[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");

    private EmailAddresses() {
    }

    /** Checks {@code email} and lower-cases its domain; failures name {@code field}. */
    public static String normalise(String email, String field) {
        if (email == null) {
            throw new InvalidFieldException(field, "is required");
        }
        String trimmed = email.strip();
        if (trimmed.length() > MAX_LENGTH || !SYNTAX.matcher(trimmed).matches()) {
            throw new InvalidFieldException(field, "must be an e-mail address such as alice@example.com");
        }
        int at = trimmed.lastIndexOf('@');
        return trimmed.substring(0, at) + trimmed.substring(at).toLowerCase(Locale.ROOT);
    }
}
