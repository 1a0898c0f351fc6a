package io.peerswitch.endpoint.call.sdp;

import java.util.Optional;

/**
 * The value of an {@code a=rtpmap} attribute (RFC 8866 section 6.6): payload type, encoding name,
 * clock rate and optional encoding parameters (the channel count for audio).
 *
 * @param encodingParameters  e.g. "2" for stereo, or {@code null}
 */
public record RtpMap(int payloadType, String encodingName, int clockRate, String encodingParameters) {

    /** Checks the ranges and tokens. */
    public RtpMap {
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payload type must be 0 to 127, was " + payloadType);
        }
        Tokens.token(encodingName, "encoding name");
        if (encodingName.indexOf('/') >= 0) {
            throw new IllegalArgumentException("encoding name must not contain '/': " + encodingName);
        }
        if (clockRate < 1) {
            throw new IllegalArgumentException("clock rate must be positive, was " + clockRate);
        }
        if (encodingParameters != null) {
            Tokens.token(encodingParameters, "encoding parameters");
        }
    }

    /** Parses {@code <payload type> <encoding name>/<clock rate>[/<encoding parameters>]}; empty if it is not that. */
    public static Optional<RtpMap> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        int space = value.indexOf(' ');
        if (space < 0) {
            return Optional.empty();
        }
        long payloadType = Tokens.unsignedDecimal(value.substring(0, space), 3);
        String[] parts = value.substring(space + 1).strip().split("/", -1);
        if (payloadType < 0 || payloadType > 127 || parts.length < 2 || parts.length > 3) {
            return Optional.empty();
        }
        long clockRate = Tokens.unsignedDecimal(parts[1], 9);
        if (clockRate < 1 || !Tokens.isToken(parts[0]) || parts.length == 3 && !Tokens.isToken(parts[2])) {
            return Optional.empty();
        }
        return Optional.of(new RtpMap((int) payloadType, parts[0], (int) clockRate, parts.length == 3 ? parts[2] : null));
    }

    /** The attribute value, e.g. {@code 101 telephone-event/8000}. */
    public String value() {
        return payloadType + " " + encodingName + "/" + clockRate + (encodingParameters == null ? "" : "/" + encodingParameters);
    }

    /** As an {@code a=rtpmap} attribute. */
    public Attribute toAttribute() {
        return new Attribute("rtpmap", value());
    }
}
