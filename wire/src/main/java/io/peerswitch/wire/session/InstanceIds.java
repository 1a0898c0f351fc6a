package io.peerswitch.wire.session;

import io.peerswitch.wire.InvalidFieldException;
import java.util.regex.Pattern;

/** The syntax of an endpoint instance ID: a stable name of one installation, typically a UUID (RFC 5626 section 4.1 "instance-id" in spirit). */
public final class InstanceIds {

    /** Longest instance ID. */
    public static final int MAX_LENGTH = 64;

    private static final Pattern SYNTAX = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0," + (MAX_LENGTH - 1) + "}");

    private InstanceIds() {
    }

    /** Checks {@code instanceId}; failures name {@code field}. */
    public static String check(String instanceId, String field) {
        if (instanceId == null) {
            throw new InvalidFieldException(field, "is required");
        }
        if (!SYNTAX.matcher(instanceId).matches()) {
            throw new InvalidFieldException(field, "must be 1 to " + MAX_LENGTH + " characters A-Z, a-z, 0-9, '.', '_', ':' or '-'");
        }
        return instanceId;
    }
}
