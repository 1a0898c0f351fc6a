package io.peerswitch.endpoint.media.rtcp;

import java.time.Duration;
import java.time.Instant;

/**
 * NTP timestamps as RTCP carries them (RFC 3550 section 4): the 64-bit format of a sender report,
 * its middle 32 bits for LSR, and durations in 1/65536 s for DLSR and round-trip time (section
 * 6.4.1). Pure conversions: the caller supplies the instants.
 */
public final class NtpTime {

    /** Seconds from the NTP epoch (1900-01-01) to the Unix epoch (1970-01-01). */
    public static final long UNIX_EPOCH_OFFSET_SECONDS = 2_208_988_800L;
    /** Units per second of the 32-bit short format used by LSR, DLSR and round-trip delay. */
    public static final long SHORT_FORMAT_UNITS_PER_SECOND = 1L << 16;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long ERA_SECONDS = 1L << 32;

    private NtpTime() {
    }

    /**
     * The 64-bit NTP timestamp of {@code instant}: seconds since 1900 modulo 2^32 above a binary
     * fraction of a second. Instants from 2036-02-07 on wrap into era 1 as RFC 4330 section 3 describes.
     */
    public static long fromInstant(Instant instant) {
        long seconds = (instant.getEpochSecond() + UNIX_EPOCH_OFFSET_SECONDS) & Unsigned.MAX_32;
        long fraction = ((long) instant.getNano() << 32) / NANOS_PER_SECOND;
        return seconds << 32 | fraction;
    }

    /**
     * The instant of a 64-bit NTP timestamp, to the nearest nanosecond; seconds values with the most
     * significant bit clear are read as era 1 (2036 to 2104), as RFC 4330 section 3 suggests.
     */
    public static Instant toInstant(long ntpTimestamp) {
        long seconds = ntpTimestamp >>> 32;
        if ((seconds & 0x8000_0000L) == 0) {
            seconds += ERA_SECONDS;
        }
        long nanos = ((ntpTimestamp & Unsigned.MAX_32) * NANOS_PER_SECOND + (1L << 31)) >>> 32;
        return Instant.ofEpochSecond(seconds - UNIX_EPOCH_OFFSET_SECONDS, nanos);
    }

    /** The middle 32 bits of a 64-bit NTP timestamp: the LSR value of a report block (RFC 3550 section 6.4.1). */
    public static long middle32(long ntpTimestamp) {
        return ntpTimestamp >>> 16 & Unsigned.MAX_32;
    }

    /** A non-negative duration in units of 1/65536 s, rounded down and capped at 2^32 - 1 (the DLSR field). */
    public static long toShortFormat(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative: " + duration);
        }
        if (duration.getSeconds() >= ERA_SECONDS / SHORT_FORMAT_UNITS_PER_SECOND) {
            return Unsigned.MAX_32;
        }
        return duration.getSeconds() * SHORT_FORMAT_UNITS_PER_SECOND
                + duration.getNano() * SHORT_FORMAT_UNITS_PER_SECOND / NANOS_PER_SECOND;
    }

    /** The duration of a value in units of 1/65536 s, to the nearest nanosecond. */
    public static Duration fromShortFormat(long units) {
        Unsigned.check32(units, "short-format value");
        long seconds = units / SHORT_FORMAT_UNITS_PER_SECOND;
        long remainder = units % SHORT_FORMAT_UNITS_PER_SECOND;
        return Duration.ofSeconds(seconds, (remainder * NANOS_PER_SECOND + SHORT_FORMAT_UNITS_PER_SECOND / 2) / SHORT_FORMAT_UNITS_PER_SECOND);
    }

    /**
     * Round-trip delay seen by the sender of an SR when a report block about it arrives (RFC 3550
     * section 6.4.1, figure 2): arrival - LSR - DLSR, all in 1/65536 s and modulo 2^32.
     *
     * @param arrival           {@link #middle32} of the NTP time the report block arrived
     * @param lastSenderReport  the block's LSR
     * @param delaySinceLastSenderReport  the block's DLSR
     */
    public static long roundTripDelay(long arrival, long lastSenderReport, long delaySinceLastSenderReport) {
        return (arrival - lastSenderReport - delaySinceLastSenderReport) & Unsigned.MAX_32;
    }
}
