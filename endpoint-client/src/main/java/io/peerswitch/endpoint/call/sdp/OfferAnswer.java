package io.peerswitch.endpoint.call.sdp;

import io.peerswitch.endpoint.media.codec.AudioCodec;
import io.peerswitch.endpoint.media.dtls.Fingerprint;
import io.peerswitch.wire.nat.TransportAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.UnaryOperator;

/**
 * The offer/answer model of RFC 3264 for one audio stream, as pure functions: build an offer
 * (section 5), answer one (section 6), re-offer for hold and resume (section 8.4), and read what an
 * exchange agreed (sections 6.1 and 7). No state: the caller keeps the last descriptions and versions.
 */
public final class OfferAnswer {

    /**
     * RTP and RTCP on one port (RFC 5761): offered always, accepted when offered. One port means one NAT
     * mapping per call to learn, keep open and, where needed, relay (table 2300).
     */
    public static final String RTCP_MUX = "rtcp-mux";

    /** The dynamic payload type offered for telephone-event (RFC 4733 section 2.4.1); 101 is what most peers use. */
    public static final int TELEPHONE_EVENT_PAYLOAD_TYPE = 101;
    /** The encoding name of RFC 4733 DTMF events. */
    public static final String TELEPHONE_EVENT = "telephone-event";
    /** The events offered and accepted in {@code a=fmtp}: the sixteen DTMF events (RFC 4733 sections 2.4.1 and 3.2). */
    public static final String DTMF_EVENTS = "0-15";
    /** The clock rate of telephone-event alongside G.711. */
    public static final int TELEPHONE_EVENT_CLOCK_RATE = 8000;

    private static final String USERNAME = "-";
    private static final String SESSION_NAME = "-";
    private static final String AUDIO = "audio";

    private OfferAnswer() {
    }

    /**
     * An initial offer (RFC 3264 section 5): one audio stream over RTP/AVP — or DTLS-SRTP (RFC 5763 section 5:
     * {@code UDP/TLS/RTP/SAVP}, {@code a=fingerprint}, {@code a=setup:actpass}) when {@code local} has a
     * fingerprint — with {@code local}'s codecs in order, telephone-event as payload type {@value #TELEPHONE_EVENT_PAYLOAD_TYPE} with events
     * {@value #DTMF_EVENTS}, {@code a=ptime:20} and the direction.
     *
     * @param sessionVersion  the {@code o=} version; each later offer in the session must use a larger one
     */
    public static SessionDescription offer(LocalMedia local, Direction direction, long sessionVersion) {
        List<String> formats = new ArrayList<>();
        List<Attribute> attributes = new ArrayList<>();
        for (AudioCodec codec : local.codecs()) {
            formats.add(Integer.toString(codec.payloadType()));
            attributes.add(rtpmap(codec.payloadType(), codec));
        }
        formats.add(Integer.toString(TELEPHONE_EVENT_PAYLOAD_TYPE));
        attributes.addAll(telephoneEvent(TELEPHONE_EVENT_PAYLOAD_TYPE));
        attributes.add(new Attribute("ptime", Integer.toString(AudioCodec.DEFAULT_PTIME_MILLIS)));
        attributes.add(Attribute.property(RTCP_MUX));
        attributes.add(Attribute.property(direction.attributeName()));
        local.fingerprint().ifPresent(fingerprint -> {
            attributes.add(new Attribute(Fingerprint.ATTRIBUTE, fingerprint.attributeValue()));
            attributes.add(Setup.ACTPASS.attribute()); // RFC 5763 section 5: the offerer lets the answerer choose
        });
        String proto = local.fingerprint().isPresent() ? MediaSecurity.UDP_TLS_RTP_SAVP : MediaDescription.RTP_AVP;
        MediaDescription audio = new MediaDescription(AUDIO, local.rtpPort(), 1, proto, formats, null, attributes);
        return session(local, sessionVersion, Timing.UNBOUNDED, List.of(audio));
    }

    /**
     * Answers {@code offer} (RFC 3264 section 6): accepts the first RTP/AVP audio stream — or DTLS-SRTP one, when
     * {@code local} has a fingerprint and the offer names a valid one (answered {@code a=setup:active}, RFC 5763
     * section 5) — that offers a codec of {@code local}, choosing the first such codec in the offer's order and keeping the
     * offerer's telephone-event payload type if it offered one; rejects every other stream with port
     * 0. The answer's direction mirrors the offer's (section 6.1), within {@code direction}; an offer
     * with {@code c=0.0.0.0} is taken as the RFC 2543 hold (section 8.4).
     *
     * @param direction       what this endpoint is willing to do (SENDONLY while it holds the call)
     * @param sessionVersion  this endpoint's own {@code o=} version
     * @return the answer, or {@link AnswerResult.NotAcceptable} (a 488) when no stream can be accepted
     */
    public static AnswerResult answer(SessionDescription offer, LocalMedia local, Direction direction, long sessionVersion) {
        List<MediaDescription> answered = new ArrayList<>(offer.media().size());
        boolean accepted = false;
        for (MediaDescription offered : offer.media()) {
            Optional<MediaDescription> audio = accepted ? Optional.empty() : acceptAudio(offer, offered, local, direction);
            accepted |= audio.isPresent();
            answered.add(audio.orElseGet(() -> rejected(offered)));
        }
        if (!accepted) {
            return new AnswerResult.NotAcceptable(offer.media().isEmpty()
                    ? "the offer has no media"
                    : "no RTP/AVP" + (local.fingerprint().isPresent() ? " or DTLS-SRTP" : "") + " audio stream offers " + local.codecs());
        }
        return new AnswerResult.Answer(session(local, sessionVersion, offer.timing(), answered));
    }

    /** {@code previous} (this endpoint's last offer or answer) with every active stream set to {@code direction} and the next version. */
    public static SessionDescription reoffer(SessionDescription previous, Direction direction) {
        return reoffer(previous, current -> direction);
    }

    /**
     * A re-offer that puts the call on hold (RFC 3264 section 8.4): a sendrecv stream becomes
     * sendonly, a recvonly one inactive; the connection address stays the real one.
     */
    public static SessionDescription hold(SessionDescription previous) {
        return reoffer(previous, current -> Direction.of(current.sends(), false));
    }

    /** A re-offer that takes the call off hold: sendonly becomes sendrecv, inactive recvonly. */
    public static SessionDescription resume(SessionDescription previous) {
        return reoffer(previous, current -> Direction.of(current.sends(), true));
    }

    /**
     * The direction a description asks for on one stream, counting {@code c=IN IP4 0.0.0.0} as the
     * RFC 2543 way of saying "do not send to me" (RFC 3264 section 8.4).
     */
    public static Direction effectiveDirection(SessionDescription description, MediaDescription media) {
        Direction stated = description.directionOf(media);
        boolean oldStyleHold = description.connectionFor(media).map(Connection::isHold).orElse(false);
        return oldStyleHold ? Direction.of(stated.sends(), false) : stated;
    }

    /** Whether {@code description} puts the stream on hold, new style ({@code a=sendonly} or inactive) or old ({@code c=0.0.0.0}). */
    public static boolean isHold(SessionDescription description, MediaDescription media) {
        return !effectiveDirection(description, media).receives();
    }

    /**
     * What {@code offer} and {@code answer} agreed on (RFC 3264 sections 6.1 and 7), seen from
     * {@code role}: the first accepted audio stream with a supported codec, the remote transport
     * addresses, and payload types as the remote side listed them (each side sends with the
     * receiver's numbers).
     */
    public static NegotiationResult negotiated(SessionDescription offer, SessionDescription answer, Role role) {
        if (answer.media().size() != offer.media().size()) {
            return new NegotiationResult.Failed("the answer has " + answer.media().size() + " media descriptions, the offer "
                    + offer.media().size() + " (RFC 3264 section 6)");
        }
        for (int i = 0; i < answer.media().size(); i++) {
            MediaDescription answered = answer.media().get(i);
            MediaDescription offered = offer.media().get(i);
            if (answered.isRejected() || offered.isRejected() || !AUDIO.equals(answered.media())
                    || !acceptableProto(answered.proto()) || !answered.proto().equals(offered.proto())) {
                continue;
            }
            Optional<AudioCodec> codec = answered.payloadTypes().stream()
                    .map(payloadType -> codecOf(answered, payloadType))
                    .flatMap(Optional::stream)
                    .findFirst();
            if (codec.isEmpty()) {
                continue;
            }
            boolean offerer = role == Role.OFFERER;
            SessionDescription remote = offerer ? answer : offer;
            MediaDescription remoteMedia = offerer ? answered : offered;
            Optional<MediaSecurity> security = Optional.empty();
            if (MediaSecurity.isDtlsSrtp(answered.proto())) {
                Optional<Fingerprint> fingerprint = fingerprintOf(remote, remoteMedia);
                Optional<Setup> answeredSetup = setupOf(answer, answered);
                if (fingerprint.isEmpty() || answeredSetup.isEmpty()
                        || answeredSetup.get() != Setup.ACTIVE && answeredSetup.get() != Setup.PASSIVE) {
                    return new NegotiationResult.Failed("DTLS-SRTP without a valid sha-256 fingerprint, or an answer whose"
                            + " a=setup is neither active nor passive (RFC 5763 section 5)");
                }
                boolean answererIsClient = answeredSetup.get() == Setup.ACTIVE;
                security = Optional.of(new MediaSecurity(fingerprint.get(), offerer != answererIsClient));
            }
            return negotiated(remote, remoteMedia, codec.get(),
                    telephoneEventPayloadType(answered).isPresent() ? telephoneEventPayloadType(remoteMedia) : OptionalInt.empty(),
                    offered.hasAttribute(RTCP_MUX) && answered.hasAttribute(RTCP_MUX),
                    offerer ? answer.directionOf(answered).reverse() : answer.directionOf(answered), security);
        }
        return new NegotiationResult.Failed("no accepted RTP/AVP or DTLS-SRTP audio stream with a supported codec");
    }

    private static NegotiationResult negotiated(SessionDescription remote, MediaDescription remoteMedia, AudioCodec codec,
            OptionalInt telephoneEvent, boolean rtcpMux, Direction direction, Optional<MediaSecurity> security) {
        Optional<Connection> connection = remote.connectionFor(remoteMedia);
        if (connection.isEmpty() || !TransportAddress.isIpLiteral(connection.get().address())) {
            return new NegotiationResult.Failed("the remote connection address is not an IP literal: "
                    + connection.map(Connection::address).orElse("none"));
        }
        String address = connection.get().address();
        TransportAddress rtp = new TransportAddress(address, remoteMedia.port());
        TransportAddress rtcp;
        if (rtcpMux) {
            rtcp = rtp;
        } else if (remoteMedia.rtcpPort().isPresent()) {
            String rtcpAddress = remoteMedia.rtcpAddress().filter(TransportAddress::isIpLiteral).orElse(address);
            rtcp = new TransportAddress(rtcpAddress, remoteMedia.rtcpPort().getAsInt());
        } else if (remoteMedia.port() < 0xFFFF) {
            rtcp = new TransportAddress(address, remoteMedia.port() + 1);
        } else {
            return new NegotiationResult.Failed("RTP port 65535 leaves no port for RTCP");
        }
        int payloadType = remoteMedia.payloadTypes().stream()
                .filter(candidate -> codecOf(remoteMedia, candidate).equals(Optional.of(codec)))
                .findFirst()
                .orElse(codec.payloadType());
        Direction local = connection.get().isHold() ? Direction.of(false, direction.receives()) : direction;
        return new NegotiatedMedia(rtp, rtcp, codec, payloadType, telephoneEvent, local,
                remoteMedia.ptime().orElse(AudioCodec.DEFAULT_PTIME_MILLIS), security);
    }

    private static Optional<MediaDescription> acceptAudio(SessionDescription offer, MediaDescription offered, LocalMedia local,
            Direction direction) {
        if (offered.isRejected() || !AUDIO.equals(offered.media()) || !acceptableProto(offered.proto())) {
            return Optional.empty();
        }
        List<Attribute> security = new ArrayList<>();
        if (MediaSecurity.isDtlsSrtp(offered.proto())) {
            Optional<Setup> setup = setupOf(offer, offered);
            if (local.fingerprint().isEmpty() || fingerprintOf(offer, offered).isEmpty() || setup.isPresent() && setup.get() == Setup.HOLDCONN) {
                return Optional.empty();
            }
            security.add(new Attribute(Fingerprint.ATTRIBUTE, local.fingerprint().get().attributeValue()));
            // RFC 5763 section 5: the answerer should be active; it must be passive when the offerer is.
            security.add((setup.isPresent() && setup.get() == Setup.ACTIVE ? Setup.PASSIVE : Setup.ACTIVE).attribute());
        }
        for (int payloadType : offered.payloadTypes()) {
            Optional<AudioCodec> codec = codecOf(offered, payloadType).filter(local.codecs()::contains);
            if (codec.isPresent()) {
                List<String> formats = new ArrayList<>(List.of(Integer.toString(payloadType)));
                List<Attribute> attributes = new ArrayList<>(List.of(rtpmap(payloadType, codec.get())));
                OptionalInt telephoneEvent = telephoneEventPayloadType(offered);
                if (telephoneEvent.isPresent()) {
                    formats.add(Integer.toString(telephoneEvent.getAsInt()));
                    attributes.addAll(telephoneEvent(telephoneEvent.getAsInt()));
                }
                attributes.add(new Attribute("ptime", Integer.toString(AudioCodec.DEFAULT_PTIME_MILLIS)));
                if (offered.hasAttribute(RTCP_MUX)) {
                    attributes.add(Attribute.property(RTCP_MUX));
                }
                Direction answered = effectiveDirection(offer, offered).reverse().intersect(direction);
                attributes.add(Attribute.property(answered.attributeName()));
                attributes.addAll(security);
                return Optional.of(new MediaDescription(AUDIO, local.rtpPort(), 1, offered.proto(), formats, null,
                        attributes));
            }
        }
        return Optional.empty();
    }

    /** Whether the endpoint can take part in a stream over {@code proto}: plain RTP/AVP or DTLS-SRTP. */
    private static boolean acceptableProto(String proto) {
        return MediaDescription.RTP_AVP.equals(proto) || MediaSecurity.isDtlsSrtp(proto);
    }

    /** The {@code a=fingerprint} of a stream, or of the session when the stream has none (RFC 8122 section 5). */
    static Optional<Fingerprint> fingerprintOf(SessionDescription description, MediaDescription media) {
        List<String> values = media.attributes(Fingerprint.ATTRIBUTE);
        if (values.isEmpty()) {
            values = description.attributes().stream().filter(a -> a.name().equals(Fingerprint.ATTRIBUTE)).map(Attribute::value).toList();
        }
        return values.stream().map(Fingerprint::parse).flatMap(Optional::stream).findFirst();
    }

    /** The {@code a=setup} of a stream, or of the session (RFC 4145 section 4); empty when absent or unknown. */
    static Optional<Setup> setupOf(SessionDescription description, MediaDescription media) {
        List<String> values = media.attributes(Setup.ATTRIBUTE);
        if (values.isEmpty()) {
            values = description.attributes().stream().filter(a -> a.name().equals(Setup.ATTRIBUTE)).map(Attribute::value).toList();
        }
        return values.stream().map(Setup::parse).flatMap(Optional::stream).findFirst();
    }

    /** A rejected stream in an answer: port 0, the offered formats, nothing else (RFC 3264 section 6). */
    private static MediaDescription rejected(MediaDescription offered) {
        return new MediaDescription(offered.media(), 0, 1, offered.proto(), offered.formats(), null, List.of());
    }

    private static SessionDescription reoffer(SessionDescription previous, UnaryOperator<Direction> change) {
        List<MediaDescription> media = new ArrayList<>(previous.media().size());
        for (MediaDescription description : previous.media()) {
            if (description.isRejected()) {
                media.add(description);
                continue;
            }
            Direction next = change.apply(previous.directionOf(description));
            List<Attribute> attributes = new ArrayList<>();
            for (Attribute attribute : description.attributes()) {
                if (attribute.value() != null || Direction.fromAttribute(attribute.name()).isEmpty()) {
                    attributes.add(attribute);
                }
            }
            attributes.add(Attribute.property(next.attributeName()));
            media.add(description.withAttributes(attributes));
        }
        return previous.nextVersionWith(media);
    }

    /**
     * The codec a payload type stands for in {@code media}: by its {@code a=rtpmap} when that is
     * present and well formed, else by the static table of RFC 3551 for payload types below 96.
     */
    private static Optional<AudioCodec> codecOf(MediaDescription media, int payloadType) {
        Optional<RtpMap> map = media.rtpmap(payloadType);
        if (map.isPresent()) {
            String channels = map.get().encodingParameters();
            if (channels != null && !channels.equals("1")) {
                return Optional.empty();
            }
            return AudioCodec.forEncoding(map.get().encodingName(), map.get().clockRate());
        }
        return payloadType < 96 ? AudioCodec.forPayloadType(payloadType) : Optional.empty();
    }

    private static OptionalInt telephoneEventPayloadType(MediaDescription media) {
        return media.payloadTypes().stream()
                .filter(payloadType -> media.rtpmap(payloadType)
                        .filter(map -> map.encodingName().toLowerCase(Locale.ROOT).equals(TELEPHONE_EVENT)
                                && map.clockRate() == TELEPHONE_EVENT_CLOCK_RATE)
                        .isPresent())
                .mapToInt(Integer::intValue)
                .findFirst();
    }

    private static Attribute rtpmap(int payloadType, AudioCodec codec) {
        return new RtpMap(payloadType, codec.encodingName(), codec.sampleRate(), null).toAttribute();
    }

    private static List<Attribute> telephoneEvent(int payloadType) {
        return List.of(
                new RtpMap(payloadType, TELEPHONE_EVENT, TELEPHONE_EVENT_CLOCK_RATE, null).toAttribute(),
                new Attribute("fmtp", payloadType + " " + DTMF_EVENTS));
    }

    private static SessionDescription session(LocalMedia local, long sessionVersion, Timing timing, List<MediaDescription> media) {
        Connection connection = local.connection();
        Origin origin = new Origin(USERNAME, local.sessionId(), sessionVersion, connection.addressType(), local.address());
        return new SessionDescription(origin, SESSION_NAME, connection, timing, List.of(), media);
    }
}
