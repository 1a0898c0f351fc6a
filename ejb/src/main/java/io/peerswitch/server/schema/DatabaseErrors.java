package io.peerswitch.server.schema;

import java.util.Locale;

/** Reads what the database said underneath a persistence exception (e.g. which constraint it enforced). */
public final class DatabaseErrors {

    /** Longest database message passed on to a client. */
    public static final int MAX_MESSAGE = 200;

    private DatabaseErrors() {
    }

    /** The innermost cause's message, shortened to {@link #MAX_MESSAGE} characters. */
    public static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = String.valueOf(t.getMessage());
        return message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "..." : message;
    }

    /** Whether the database refused {@code e} because of the constraint named {@code constraint}. */
    public static boolean violated(Throwable e, String constraint) {
        Throwable t = e;
        while (t != null) {
            if (String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT).contains(constraint.toLowerCase(Locale.ROOT))) {
                return true;
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        return false;
    }
}
