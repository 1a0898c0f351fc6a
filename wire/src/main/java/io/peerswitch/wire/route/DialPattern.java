package io.peerswitch.wire.route;

import io.peerswitch.wire.InvalidFieldException;
import java.util.ArrayList;
import java.util.List;

/**
 * A dial pattern in the notation IP-PBX administrators know from Asterisk: digits, {@code *}, {@code #} and
 * {@code +} stand for themselves; {@code X} is any digit, {@code Z} 1-9, {@code N} 2-9, {@code [1-35]} one
 * of a set; a final {@code .} matches one or more further characters and a final {@code !} zero or more.
 * {@code 49.} matches every number that starts with 49 and goes on; {@code 1NXXNXXXXXX} a North American
 * number. Used for the digit analysis of FIG. 13 step 1306 and FIG. 14 step 1420.
 */
public final class DialPattern {

    /** Longest pattern. */
    public static final int MAX_LENGTH = 64;
    /** Longest number a pattern is matched against. */
    public static final int MAX_NUMBER = 64;

    private final String text;
    private final List<String> positions;
    private final char tail;
    private final int literals;

    private DialPattern(String text, List<String> positions, char tail, int literals) {
        this.text = text;
        this.positions = positions;
        this.tail = tail;
        this.literals = literals;
    }

    /** Parses {@code text}; failures name {@code field}. */
    public static DialPattern parse(String text, String field) {
        if (text == null || text.isEmpty() || text.length() > MAX_LENGTH) {
            throw new InvalidFieldException(field, "must be 1 to " + MAX_LENGTH + " characters");
        }
        List<String> positions = new ArrayList<>();
        char tail = 0;
        int literals = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (tail != 0) {
                throw new InvalidFieldException(field, "'" + tail + "' may only end a pattern");
            }
            switch (c) {
                case '.', '!' -> {
                    if (positions.isEmpty() && c == '.') {
                        throw new InvalidFieldException(field, "'.' needs something before it");
                    }
                    tail = c;
                }
                case 'X', 'x' -> positions.add("0123456789");
                case 'Z', 'z' -> positions.add("123456789");
                case 'N', 'n' -> positions.add("23456789");
                case '[' -> {
                    int close = text.indexOf(']', i);
                    if (close < 0) {
                        throw new InvalidFieldException(field, "'[' without ']'");
                    }
                    positions.add(set(text.substring(i + 1, close), field));
                    i = close;
                }
                default -> {
                    if (!isDialChar(c)) {
                        throw new InvalidFieldException(field, "'" + c + "' is not a digit, *, #, +, X, Z, N, [..], . or !");
                    }
                    positions.add(String.valueOf(c));
                    literals++;
                }
            }
        }
        if (positions.isEmpty() && tail == 0) {
            throw new InvalidFieldException(field, "must match something");
        }
        return new DialPattern(text, List.copyOf(positions), tail, literals);
    }

    private static String set(String inside, String field) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < inside.length(); i++) {
            char c = inside.charAt(i);
            if (i + 2 < inside.length() && inside.charAt(i + 1) == '-') {
                char to = inside.charAt(i + 2);
                if (!Character.isDigit(c) || !Character.isDigit(to) || to < c) {
                    throw new InvalidFieldException(field, "range " + c + "-" + to + " is not ascending digits");
                }
                for (char d = c; d <= to; d++) {
                    out.append(d);
                }
                i += 2;
            } else if (isDialChar(c)) {
                out.append(c);
            } else {
                throw new InvalidFieldException(field, "'" + c + "' in [..] is not a digit, *, # or +");
            }
        }
        if (out.isEmpty()) {
            throw new InvalidFieldException(field, "[] matches nothing");
        }
        return out.toString();
    }

    /** Whether {@code c} may appear in a dialled number: a digit, *, # or +. */
    public static boolean isDialChar(char c) {
        return (c >= '0' && c <= '9') || c == '*' || c == '#' || c == '+';
    }

    /** Whether {@code number} (dial characters only) matches. */
    public boolean matches(String number) {
        if (number.length() > MAX_NUMBER || number.length() < positions.size()) {
            return false;
        }
        for (int i = 0; i < positions.size(); i++) {
            if (positions.get(i).indexOf(number.charAt(i)) < 0) {
                return false;
            }
        }
        int rest = number.length() - positions.size();
        return switch (tail) {
            case '.' -> rest >= 1;
            case '!' -> true;
            default -> rest == 0;
        };
    }

    /** How many characters it names exactly; the more, the more specific (a route for 4930 beats one for 49). */
    public int literals() {
        return literals;
    }

    /** Whether it ends open ({@code .} or {@code !}). */
    public boolean open() {
        return tail != 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DialPattern p && p.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
