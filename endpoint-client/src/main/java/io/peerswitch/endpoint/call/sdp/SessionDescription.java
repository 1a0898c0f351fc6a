package io.peerswitch.endpoint.call.sdp;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A session description (RFC 8866 section 5): origin, session name, session-level connection,
 * timing, session-level attributes and media descriptions. Lines an audio call does not use
 * ({@code i= u= e= p= b= r= z= k=}) are accepted by the parser but not kept.
 *
 * @param connection  the session-level connection, or {@code null} when every media description has its own
 */
public record SessionDescription(Origin origin, String sessionName, Connection connection, Timing timing,
        List<Attribute> attributes, List<MediaDescription> media) {

    /** Checks the required parts and copies the lists. */
    public SessionDescription {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(sessionName, "sessionName");
        Tokens.text(sessionName, "session name");
        Objects.requireNonNull(timing, "timing");
        attributes = List.copyOf(Objects.requireNonNull(attributes, "attributes"));
        media = List.copyOf(Objects.requireNonNull(media, "media"));
    }

    /** The session-level direction attribute, if present. */
    public Optional<Direction> direction() {
        return attributes.stream()
                .filter(attribute -> attribute.value() == null)
                .map(attribute -> Direction.fromAttribute(attribute.name()))
                .flatMap(Optional::stream)
                .findFirst();
    }

    /** The connection that applies to {@code description}: its own, else the session's (RFC 8866 section 5.7). */
    public Optional<Connection> connectionFor(MediaDescription description) {
        return Optional.ofNullable(description.connection() != null ? description.connection() : connection);
    }

    /** The direction that applies to {@code description}: its own, else the session's, else sendrecv (RFC 3264 section 5.1). */
    public Direction directionOf(MediaDescription description) {
        return description.direction().or(this::direction).orElse(Direction.SENDRECV);
    }

    /** This description with other media descriptions and the next session version. */
    public SessionDescription nextVersionWith(List<MediaDescription> newMedia) {
        return new SessionDescription(origin.nextVersion(), sessionName, connection, timing, attributes, newMedia);
    }
}
