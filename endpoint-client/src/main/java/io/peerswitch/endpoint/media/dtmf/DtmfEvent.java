package io.peerswitch.endpoint.media.dtmf;

/**
 * One telephone-event payload carrying a DTMF digit (RFC 4733 sections 2.3 and 3.2).
 *
 * @param event     event code 0 to 15: digits 0-9, then *, #, A, B, C, D
 * @param end       the E bit: this is the last report of the event
 * @param volume    power level in -dBm0, 0 to 63 (larger is quieter)
 * @param duration  the event's duration so far in RTP timestamp units, 0 to 65535
 */
public record DtmfEvent(int event, boolean end, int volume, int duration) {

    /** The sixteen DTMF symbols in event-code order (RFC 4733 section 3.2). */
    public static final String DIGITS = "0123456789*#ABCD";
    /** Largest DTMF event code. */
    public static final int MAX_EVENT = 15;
    /** Largest volume value (six bits). */
    public static final int MAX_VOLUME = 63;
    /** Largest duration (16 bits); longer events are split into segments (RFC 4733 section 2.5.1.3). */
    public static final int MAX_DURATION = 0xFFFF;

    /** Checks every field's range. */
    public DtmfEvent {
        if (event < 0 || event > MAX_EVENT) {
            throw new IllegalArgumentException("DTMF event code must be 0 to 15, was " + event);
        }
        if (volume < 0 || volume > MAX_VOLUME) {
            throw new IllegalArgumentException("volume must be 0 to 63, was " + volume);
        }
        if (duration < 0 || duration > MAX_DURATION) {
            throw new IllegalArgumentException("duration must be 0 to 65535, was " + duration);
        }
    }

    /** The event code of a DTMF symbol (letters in either case). */
    public static int eventCode(char digit) {
        int code = DIGITS.indexOf(Character.toUpperCase(digit));
        if (code < 0) {
            throw new IllegalArgumentException("not a DTMF digit: '" + digit + "'");
        }
        return code;
    }

    /** Whether {@code digit} is one of the sixteen DTMF symbols (letters in either case). */
    public static boolean isDigit(char digit) {
        return DIGITS.indexOf(Character.toUpperCase(digit)) >= 0;
    }

    /** The symbol this event stands for. */
    public char digit() {
        return DIGITS.charAt(event);
    }
}
