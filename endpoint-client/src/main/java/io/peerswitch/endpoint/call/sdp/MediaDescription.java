package io.peerswitch.endpoint.call.sdp;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * One media description (RFC 8866 section 5.14): the {@code m=} line, an optional media-level
 * {@code c=} line and the attributes in their order; accessors read the attributes an audio call
 * needs (rtpmap, fmtp, direction, ptime, rtcp of RFC 3605).
 *
 * @param media       "audio", "video", ...
 * @param port        the transport port; 0 rejects or disables the stream (RFC 3264 sections 6 and 8.2)
 * @param portCount   the number of ports ({@code m=audio 49170/2}), 1 when not given
 * @param proto       the transport protocol, e.g. "RTP/AVP"
 * @param formats     media formats; for RTP protocols the payload types 0 to 127, in order of preference
 * @param connection  the media-level connection, or {@code null} to use the session's
 * @param attributes  the {@code a=} lines in order
 */
public record MediaDescription(String media, int port, int portCount, String proto, List<String> formats,
        Connection connection, List<Attribute> attributes) {

    /** The audio/video profile of RFC 3551, the only one the endpoint answers. */
    public static final String RTP_AVP = "RTP/AVP";

    /** Checks the ranges, that RTP formats are payload types, and copies the lists. */
    public MediaDescription {
        Tokens.token(media, "media");
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port must be 0 to 65535, was " + port);
        }
        if (portCount < 1) {
            throw new IllegalArgumentException("port count must be positive, was " + portCount);
        }
        Tokens.token(proto, "proto");
        formats = List.copyOf(Objects.requireNonNull(formats, "formats"));
        if (formats.isEmpty()) {
            throw new IllegalArgumentException("a media description needs at least one format");
        }
        boolean rtp = isRtpProto(proto);
        for (String format : formats) {
            Tokens.token(format, "format");
            if (rtp && payloadType(format) < 0) {
                throw new IllegalArgumentException("RTP payload types must be 0 to 127, was " + format);
            }
        }
        attributes = List.copyOf(Objects.requireNonNull(attributes, "attributes"));
    }

    /** Whether {@code proto} is an RTP profile (RTP/AVP, RTP/SAVP, UDP/TLS/RTP/SAVPF...), whose formats are payload types. */
    public static boolean isRtpProto(String proto) {
        return proto.startsWith("RTP/") || proto.contains("/RTP/");
    }

    /** The payload types, for an RTP protocol; empty otherwise. */
    public List<Integer> payloadTypes() {
        return isRtpProto(proto) ? formats.stream().map(MediaDescription::payloadType).toList() : List.of();
    }

    /** Whether the port is 0: a rejected or disabled stream. */
    public boolean isRejected() {
        return port == 0;
    }

    /** The values of every attribute called {@code name}, in order ({@code null} for property attributes). */
    public List<String> attributes(String name) {
        return attributes.stream().filter(attribute -> attribute.name().equals(name)).map(Attribute::value).toList();
    }

    /** Whether an attribute called {@code name} is present. */
    public boolean hasAttribute(String name) {
        return attributes.stream().anyMatch(attribute -> attribute.name().equals(name));
    }

    /** The {@code a=rtpmap} of a payload type, if present and well formed. */
    public Optional<RtpMap> rtpmap(int payloadType) {
        return attributes("rtpmap").stream()
                .map(RtpMap::parse)
                .flatMap(Optional::stream)
                .filter(map -> map.payloadType() == payloadType)
                .findFirst();
    }

    /** The parameters of the {@code a=fmtp} of a payload type (RFC 8866 section 6.15), if present. */
    public Optional<String> fmtp(int payloadType) {
        String prefix = payloadType + " ";
        return attributes("fmtp").stream()
                .filter(value -> value != null && value.startsWith(prefix))
                .map(value -> value.substring(prefix.length()).strip())
                .findFirst();
    }

    /** The media-level direction attribute, if present. */
    public Optional<Direction> direction() {
        return attributes.stream()
                .filter(attribute -> attribute.value() == null)
                .map(attribute -> Direction.fromAttribute(attribute.name()))
                .flatMap(Optional::stream)
                .findFirst();
    }

    /** The {@code a=ptime} in milliseconds (RFC 8866 section 6.4), if present and a whole positive number. */
    public OptionalInt ptime() {
        return attributes("ptime").stream()
                .mapToLong(value -> value == null ? -1 : Tokens.unsignedDecimal(value.strip(), 4))
                .filter(millis -> millis > 0)
                .mapToInt(millis -> (int) millis)
                .findFirst();
    }

    /** The RTCP port of an {@code a=rtcp} attribute (RFC 3605 section 2.1), if present and valid. */
    public OptionalInt rtcpPort() {
        return rtcpValue()
                .mapToLong(value -> Tokens.unsignedDecimal(value.split(" ", 2)[0], 5))
                .filter(port -> port > 0 && port <= 0xFFFF)
                .mapToInt(port -> (int) port)
                .findFirst();
    }

    /** The connection address of an {@code a=rtcp:port IN IP4 address} attribute (RFC 3605 section 2.1), if it has one. */
    public Optional<String> rtcpAddress() {
        return rtcpValue()
                .map(value -> value.split(" +"))
                .filter(parts -> parts.length == 4 && "IN".equals(parts[1]))
                .map(parts -> parts[3])
                .findFirst();
    }

    /** This description with another port; 0 rejects it. */
    public MediaDescription withPort(int newPort) {
        return new MediaDescription(media, newPort, portCount, proto, formats, connection, attributes);
    }

    /** This description with other attributes. */
    public MediaDescription withAttributes(List<Attribute> newAttributes) {
        return new MediaDescription(media, port, portCount, proto, formats, connection, newAttributes);
    }

    private Stream<String> rtcpValue() {
        return attributes("rtcp").stream().filter(Objects::nonNull).map(String::strip);
    }

    private static int payloadType(String format) {
        long value = Tokens.unsignedDecimal(format, 3);
        return value <= 127 ? (int) value : -1;
    }
}
