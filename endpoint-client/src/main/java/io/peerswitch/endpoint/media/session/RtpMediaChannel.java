package io.peerswitch.endpoint.media.session;

import io.peerswitch.endpoint.call.MediaChannel;
import io.peerswitch.endpoint.call.sdp.MediaSecurity;
import io.peerswitch.endpoint.call.sdp.NegotiatedMedia;
import io.peerswitch.endpoint.config.EndpointConfig;
import io.peerswitch.endpoint.media.audio.Goertzel;
import io.peerswitch.endpoint.media.dtls.DtlsCertificate;
import io.peerswitch.endpoint.media.dtls.DtlsSrtpHandshake;
import io.peerswitch.endpoint.media.dtls.DtlsSrtpSession;
import io.peerswitch.endpoint.media.dtls.Fingerprint;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The production {@link MediaChannel}: an {@link RtpMediaSession} with the configured audio source and
 * sink, which at the end reports the dominant frequency of the last audio heard (the tones of the
 * demo and the tests).
 */
public final class RtpMediaChannel implements MediaChannel {

    private static final Logger LOG = Logger.getLogger(RtpMediaChannel.class.getName());
    /** Decides, from the peer's RTP address, whether media goes through a reflector (table 2300). */
    @FunctionalInterface
    public interface Router {
        /** No relay: straight to the peer. */
        Router DIRECT = remote -> Optional.empty();

        Optional<RtpMediaSession.Relay> relayFor(InetSocketAddress remoteRtp);
    }

    private final RtpMediaSession session;
    private final InetSocketAddress advertised;
    private final EndpointConfig.AudioSpec sourceSpec;
    private final EndpointConfig.AudioSpec sinkSpec;
    private final String callId;
    private final Router router;
    private final DtlsCertificate certificate;

    private RtpMediaChannel(RtpMediaSession session, InetSocketAddress advertised, EndpointConfig.AudioSpec source,
                            EndpointConfig.AudioSpec sink, String callId, Router router, DtlsCertificate certificate) {
        this.certificate = certificate;
        this.session = session;
        this.advertised = advertised;
        this.sourceSpec = source;
        this.sinkSpec = sink;
        this.callId = callId;
        this.router = router;
    }

    /**
     * A factory of channels on ports {@code ports} made ready (with their public address), playing
     * {@code config}'s audio, relayed where {@code router} says.
     */
    public static MediaChannel.Factory factory(EndpointConfig config, MediaPorts ports, Router router, DtlsCertificate certificate) {
        return callId -> {
            MediaPorts.Ready ready = ports.take();
            return new RtpMediaChannel(ready.session(), ready.mapped(), config.audioSource(), config.audioSink(), callId, router,
                    certificate);
        };
    }

    /**
     * A channel bound on {@code bind} within {@code ports}, advertising {@code advertised} in SDP, playing
     * {@code source} and sending what it hears to {@code sink}.
     */
    public static RtpMediaChannel open(InetAddress bind, EndpointConfig.PortRange ports, InetAddress advertised,
                                       EndpointConfig.AudioSpec source, EndpointConfig.AudioSpec sink, String callId,
                                       String cname) throws IOException {
        return open(bind, ports, advertised, source, sink, callId, cname, null);
    }

    /** The same, able to do DTLS-SRTP with {@code certificate} ({@code null}: plain RTP only). */
    public static RtpMediaChannel open(InetAddress bind, EndpointConfig.PortRange ports, InetAddress advertised,
                                       EndpointConfig.AudioSpec source, EndpointConfig.AudioSpec sink, String callId,
                                       String cname, DtlsCertificate certificate) throws IOException {
        RtpMediaSession session = RtpMediaSession.open(bind, ports, cname);
        return new RtpMediaChannel(session, new InetSocketAddress(advertised, session.rtpPort()), source, sink, callId,
                Router.DIRECT, certificate);
    }

    @Override
    public Optional<Fingerprint> fingerprint() {
        return certificate == null ? Optional.empty() : Optional.of(certificate.fingerprint());
    }

    /** The session underneath, for tests of its media path. */
    public RtpMediaSession session() {
        return session;
    }

    @Override
    public String address() {
        return advertised.getAddress().getHostAddress();
    }

    @Override
    public int port() {
        return advertised.getPort();
    }

    /** Whether this call's media goes through a reflector. */
    public boolean relayed() {
        return session.relayed();
    }

    @Override
    public void peerVerified(boolean verified) {
        session.latchAnyHost(!verified);
    }

    @Override
    public void start(NegotiatedMedia negotiated, Consumer<Character> dtmf) {
        AudioSource source;
        try {
            source = AudioDevices.source(sourceSpec);
        } catch (IOException e) {
            LOG.warning(() -> "audio source " + sourceSpec + " unusable (" + e.getMessage() + "); sending silence");
            source = AudioDevices.silence();
        }
        session.relayThrough(router.relayFor(negotiated.remoteRtp().toSocketAddress()).orElse(null));
        if (negotiated.security().isPresent()) {
            if (certificate == null) {
                throw new IllegalStateException("DTLS-SRTP was negotiated without a certificate of ours");
            }
            MediaSecurity security = negotiated.security().get();
            session.secureWith(security.dtlsClient() ? DtlsSrtpHandshake.Role.CLIENT : DtlsSrtpHandshake.Role.SERVER,
                    certificate, security.remoteFingerprint());
        }
        session.start(negotiated, source, AudioDevices.sink(sinkSpec, callId), dtmf);
    }

    @Override
    public java.util.Optional<String> securityFailure() {
        return session.security().filter(s -> s.state() == DtlsSrtpSession.State.FAILED)
                .map(s -> s.failure().orElse("DTLS handshake failed"));
    }

    @Override
    public boolean securing() {
        return session.security().map(s -> s.state() == DtlsSrtpSession.State.HANDSHAKING).orElse(false);
    }

    @Override
    public void update(NegotiatedMedia negotiated) {
        session.relayThrough(router.relayFor(negotiated.remoteRtp().toSocketAddress()).orElse(null));
        session.update(negotiated);
    }

    @Override
    public void dtmf(String digits) {
        session.sendDtmf(digits);
    }

    @Override
    public MediaStats stats() {
        return session.stats();
    }

    @Override
    public Closed close() {
        short[] heard = session.recentAudio();
        MediaStats stats = session.stats();
        session.close();
        return new Closed(stats, Goertzel.tone(heard, AudioDevices.RATE));
    }
}
