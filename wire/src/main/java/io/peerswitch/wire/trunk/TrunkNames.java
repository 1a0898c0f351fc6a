package io.peerswitch.wire.trunk;

import io.peerswitch.wire.InvalidFieldException;
import java.util.regex.Pattern;

/**
 * The syntax of a trunk name: it is the digest username an IP-PBX or gateway authenticates with (RFC 3261
 * section 22.4), so it is kept to characters every SIP device accepts in its configuration.
 */
public final class TrunkNames {

    /** Longest trunk name. */
    public static final int MAX_LENGTH = 64;

    private static final Pattern SYNTAX = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{1,63}");

    private TrunkNames() {
    }

    /** Checks {@code name}; failures name {@code field}. */
    public static String check(String name, String field) {
        if (name == null) {
            throw new InvalidFieldException(field, "is required");
        }
        if (!SYNTAX.matcher(name).matches()) {
            throw new InvalidFieldException(field, "must be 2 to " + MAX_LENGTH
                    + " characters A-Z, a-z, 0-9, '.', '_' or '-', starting with a letter or digit");
        }
        return name;
    }
}
