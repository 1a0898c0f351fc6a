package io.peerswitch.endpoint.media.session;

import io.peerswitch.endpoint.call.sdp.NegotiatedMedia;
import io.peerswitch.endpoint.config.EndpointConfig.PortRange;
import io.peerswitch.endpoint.media.codec.AudioCodec;
import io.peerswitch.endpoint.media.dtls.DtlsCertificate;
import io.peerswitch.endpoint.media.dtls.DtlsSrtpHandshake;
import io.peerswitch.endpoint.media.dtls.DtlsSrtpSession;
import io.peerswitch.endpoint.media.dtls.Fingerprint;
import io.peerswitch.endpoint.media.dtmf.DtmfDecodeResult;
import io.peerswitch.endpoint.media.dtmf.DtmfEvent;
import io.peerswitch.endpoint.media.dtmf.DtmfReceiver;
import io.peerswitch.endpoint.media.dtmf.DtmfSender;
import io.peerswitch.endpoint.media.dtmf.TelephoneEventCodec;
import io.peerswitch.endpoint.media.rtcp.Bye;
import io.peerswitch.endpoint.media.rtcp.NtpTime;
import io.peerswitch.endpoint.media.rtcp.ReceiverReport;
import io.peerswitch.endpoint.media.rtcp.ReceptionStatistics;
import io.peerswitch.endpoint.media.rtcp.ReportBlock;
import io.peerswitch.endpoint.media.rtcp.RtcpCodec;
import io.peerswitch.endpoint.media.rtcp.RtcpDecodeResult;
import io.peerswitch.endpoint.media.rtcp.RtcpPacket;
import io.peerswitch.endpoint.media.rtcp.SenderReport;
import io.peerswitch.endpoint.media.rtcp.SourceDescription;
import io.peerswitch.endpoint.media.rtp.RtpCodec;
import io.peerswitch.endpoint.media.rtp.RtpDecodeResult;
import io.peerswitch.endpoint.media.rtp.RtpPacket;
import io.peerswitch.endpoint.nat.ReflectorAccess;
import io.peerswitch.endpoint.sip.jain.Datagram;
import io.peerswitch.wire.stun.StunClass;
import io.peerswitch.wire.stun.StunCodec;
import io.peerswitch.wire.stun.StunMessage;
import io.peerswitch.wire.stun.StunMethod;
import io.peerswitch.wire.stun.TransactionId;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * One call's audio over RTP and RTCP (RFC 3550): a paced sender of 20 ms frames from an {@link AudioSource},
 * a receiver that decodes into an {@link AudioSink}, RTCP sender/receiver reports every
 * {@link #RTCP_INTERVAL_NANOS}, RFC 4733 DTMF in both directions. RTP is symmetric (RFC 4961): sent from
 * the port it is received on, and sent to where the peer's packets really come from once they arrive
 * (latching), which keeps audio flowing through NATs that rewrote the peer's port.
 */
public final class RtpMediaSession implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RtpMediaSession.class.getName());
    /** Interval between RTCP reports (RFC 3550 section 6.2: 5 s minimum for small sessions). */
    public static final long RTCP_INTERVAL_NANOS = 5_000_000_000L;
    /** Seconds of received audio kept for frequency checks. */
    public static final int RECENT_SECONDS = 2;
    /** Length of a DTMF tone sent (ms). */
    public static final int DTMF_MILLIS = 120;
    /** Most distinct peer addresses remembered. */
    public static final int MAX_PEERS = 64;
    /** Largest datagram read. */
    private static final int MAX_DATAGRAM = 2048;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DatagramChannel rtp;
    private final DatagramChannel rtcp;
    private final long ssrc = RANDOM.nextInt() & 0xFFFF_FFFFL;
    private final String cname;
    private final ConcurrentLinkedQueue<Character> dtmfQueue = new ConcurrentLinkedQueue<>();
    private final AtomicLong packetsSent = new AtomicLong();
    private final AtomicLong octetsSent = new AtomicLong();
    private final AtomicLong packetsReceived = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final java.util.Set<InetSocketAddress> peers = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final ReceptionStatistics reception = new ReceptionStatistics();
    private final DtmfReceiver dtmfReceiver = new DtmfReceiver();
    private final short[] recent = new short[AudioDevices.RATE * RECENT_SECONDS];
    private int recentEnd;
    private long remoteSsrc = -1;
    private volatile NegotiatedMedia media;
    private volatile InetSocketAddress latchedRtp;
    private volatile InetSocketAddress latchedRtcp;
    /** Whether RTP came from the negotiated address: then the path is proven and nothing else may latch. */
    private volatile boolean heardNegotiated;
    /** Whether the first RTP from any host may latch (an outside device); else only from the signaled host. */
    private volatile boolean latchAnyHost;
    /** RTP from sources that are neither the negotiated one, the reflector nor the latched one: dropped, counted. */
    private final java.util.concurrent.atomic.AtomicLong foreign = new java.util.concurrent.atomic.AtomicLong();
    /** Datagrams found waiting on the ports when the call started (sprayed ahead of it): dropped, counted. */
    private final java.util.concurrent.atomic.AtomicLong stale = new java.util.concurrent.atomic.AtomicLong();
    private volatile Relay relay;
    /** DTLS-SRTP (RFC 5764), when negotiated: then only authenticated SRTP is heard and everything sent is SRTP. */
    private volatile DtlsSrtpSession secure;
    /** Where the peer's DTLS came from (a NAT may have rewritten its port): where DTLS answers go until RTP latches. */
    private volatile InetSocketAddress dtlsPeer;
    /** Where the first punch of the peer (the DTLS server) came from, once one did: see {@link #onPunch}. */
    private volatile InetSocketAddress punchedFrom;
    /** How often the DTLS server punches its NAT towards the peer until the peer's first DTLS arrives. */
    private static final long PUNCH_INTERVAL_NANOS = 200_000_000L;
    private volatile Consumer<Datagram> stun = d -> { };
    private volatile boolean running;
    private volatile Instant lastReceived;
    private AudioSource source;
    private AudioSink sink;
    private Consumer<Character> onDtmf = digit -> { };
    private Thread sender;
    private Thread receiver;
    private Thread rtcpReceiver;

    private RtpMediaSession(DatagramChannel rtp, DatagramChannel rtcp, String cname) {
        this.rtp = rtp;
        this.rtcp = rtcp;
        this.cname = cname;
    }

    /** Binds an even RTP port and the odd RTCP port above it on {@code address}, within {@code ports}. */
    public static RtpMediaSession open(InetAddress address, PortRange ports, String cname) throws IOException {
        IOException last = null;
        int attempts = ports.any() ? 50 : Math.max(1, (ports.last() - ports.first() + 1) / 2);
        for (int i = 0; i < attempts; i++) {
            DatagramChannel rtp = DatagramChannel.open();
            DatagramChannel rtcp = DatagramChannel.open();
            try {
                int port;
                if (ports.any()) {
                    rtp.bind(new InetSocketAddress(address, 0));
                    port = ((InetSocketAddress) rtp.getLocalAddress()).getPort();
                    if (port % 2 != 0 || port == 65_535) {
                        throw new IOException("odd port " + port);
                    }
                } else {
                    int first = ports.first() + (ports.first() % 2);
                    port = first + 2 * RANDOM.nextInt(Math.max(1, (ports.last() - first) / 2 + 1));
                    rtp.bind(new InetSocketAddress(address, port));
                }
                rtcp.bind(new InetSocketAddress(address, port + 1));
                rtp.setOption(StandardSocketOptions.SO_RCVBUF, 256 * 1024);
                return new RtpMediaSession(rtp, rtcp, cname);
            } catch (IOException e) {
                last = e;
                rtp.close();
                rtcp.close();
            }
        }
        throw new IOException("no free RTP/RTCP port pair on " + address + " in " + ports.first() + "-" + ports.last(), last);
    }

    /**
     * Media through a reflector (table 2300: a symmetric NAT facing a port-filtering one): every packet
     * is wrapped for {@code reflector}, which sends it on to the peer's RTP address as if from itself.
     */
    public record Relay(ReflectorAccess access, InetSocketAddress reflector) {
    }

    /** Sends everything through {@code relay} from now on ({@code null}: straight to the peer). */
    public void relayThrough(Relay relay) {
        this.relay = relay;
    }

    /**
     * Protects this session with DTLS-SRTP as {@code role}, accepting only the certificate {@code expected} names
     * (RFC 5763 section 5). Before {@link #start}.
     */
    public void secureWith(DtlsSrtpHandshake.Role role,
                           DtlsCertificate certificate,
                           Fingerprint expected) {
        this.secure = new DtlsSrtpSession(role, certificate, expected, this::sendDtls);
    }

    /** The DTLS-SRTP of this session, if it has one. */
    public java.util.Optional<DtlsSrtpSession> security() {
        return java.util.Optional.ofNullable(secure);
    }

    /** Whether media goes through a reflector. */
    public boolean relayed() {
        return relay != null;
    }

    /** The RTP channel, for a STUN request on it before the call starts (its answers go to {@link #onStun}). */
    public DatagramChannel rtpChannel() {
        return rtp;
    }

    /** Where STUN datagrams arriving on the RTP port go while the session runs (RFC 5764 section 5.1.2 demultiplexing). */
    public void onStun(Consumer<Datagram> handler) {
        this.stun = handler;
    }

    /** The local RTP port (RTCP is the next one). */
    public int rtpPort() {
        try {
            return ((InetSocketAddress) rtp.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new IllegalStateException("closed", e);
        }
    }

    /** Starts sending and receiving as {@code negotiated} says. */
    public synchronized void start(NegotiatedMedia negotiated, AudioSource audioSource, AudioSink audioSink,
                                   Consumer<Character> dtmf) {
        if (running) {
            update(negotiated);
            return;
        }
        this.media = negotiated;
        this.source = audioSource;
        this.sink = audioSink;
        this.onDtmf = dtmf;
        drain(rtp);
        drain(rtcp);
        running = true;
        if (secure != null) {
            secure.start(Integer.toString(rtpPort()));
        }
        receiver = Thread.ofVirtual().name("rtp-in-" + rtpPort()).start(this::receiveRtp);
        rtcpReceiver = Thread.ofVirtual().name("rtcp-in-" + rtpPort()).start(this::receiveRtcp);
        sender = Thread.ofVirtual().name("rtp-out-" + rtpPort()).start(this::send);
    }

    /** Applies a new negotiation (re-INVITE: hold, resume, new address or codec). */
    public void update(NegotiatedMedia negotiated) {
        boolean moved = media == null || !media.remoteRtp().equals(negotiated.remoteRtp());
        this.media = negotiated;
        if (moved) {
            latchedRtp = null;
            latchedRtcp = null;
            heardNegotiated = false;
        }
    }

    /** Queues DTMF digits to send as RFC 4733 events (ignored when none was negotiated). */
    public void sendDtmf(String digits) {
        for (char c : digits.toCharArray()) {
            if (DtmfEvent.isDigit(Character.toUpperCase(c))) {
                dtmfQueue.add(Character.toUpperCase(c));
            }
        }
    }

    /** Counters of this session so far. */
    public synchronized MediaStats stats() {
        return new MediaStats(packetsSent.get(), packetsReceived.get(), reception.isValid() ? reception.cumulativeLost() : 0,
                reception.jitter() * 1000 / AudioDevices.RATE, malformed.get(), media == null ? null : media.codec().encodingName(),
                latchedRtp != null ? latchedRtp : media == null ? null : media.remoteRtp().toSocketAddress(), lastReceived,
                peers, relay == null ? null : relay.reflector(),
                secure != null && secure.keyed());
    }

    /** The last {@link #RECENT_SECONDS} seconds of received audio, oldest first. */
    public synchronized short[] recentAudio() {
        short[] out = new short[recent.length];
        System.arraycopy(recent, recentEnd, out, 0, recent.length - recentEnd);
        System.arraycopy(recent, 0, out, recent.length - recentEnd, recentEnd);
        return out;
    }

    /** Stops the session: a final RTCP BYE, then sockets and audio closed. */
    @Override
    public void close() {
        boolean wasRunning;
        synchronized (this) {
            wasRunning = running;
            running = false;
        }
        if (wasRunning) {
            sendRtcp(true);
        }
        if (secure != null) {
            secure.close();
        }
        for (Thread t : new Thread[] {sender, receiver, rtcpReceiver}) {
            if (t != null) {
                t.interrupt();
            }
        }
        try {
            rtp.close();
            rtcp.close();
        } catch (IOException e) {
            LOG.fine(() -> "closing RTP sockets: " + e);
        }
        try {
            if (sender != null) {
                sender.join(1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (source != null) {
            source.close();
        }
        if (sink != null) {
            synchronized (this) {
                sink.close();
            }
        }
    }

    // ---------------------------------------------------------------- sending (its own thread)

    private void send() {
        int sequence = RANDOM.nextInt(0x10000);
        long timestamp = RANDOM.nextInt() & 0xFFFF_FFFFL;
        boolean first = true;
        byte[] buffer = new byte[RtpCodec.MAX_PACKET_LENGTH];
        long start = System.nanoTime();
        long nextFrame = start;
        long nextRtcp = start + RTCP_INTERVAL_NANOS;
        while (running) {
            NegotiatedMedia m = media;
            int samples = m.codec().samplesPerFrame(m.ptimeMillis());
            long frameNanos = m.ptimeMillis() * 1_000_000L;
            Character digit = m.telephoneEventPayloadType().isPresent() && m.direction().sends() ? dtmfQueue.poll() : null;
            if (digit != null) {
                DtmfSender dtmf = new DtmfSender(m.telephoneEventPayloadType().getAsInt(), ssrc, samples, DtmfSender.DEFAULT_VOLUME);
                List<DtmfSender.PlannedPacket> plan = dtmf.plan(digit, DTMF_MILLIS * AudioDevices.RATE / 1000, sequence, timestamp);
                long keyDown = nextFrame;
                for (DtmfSender.PlannedPacket p : plan) {
                    sleepUntil(keyDown + p.sendAt() * 1_000_000_000L / AudioDevices.RATE);
                    transmit(p.packet(), buffer);
                    sequence = (p.packet().sequenceNumber() + 1) & 0xFFFF;
                }
                long elapsed = plan.getLast().sendAt();
                timestamp = (timestamp + elapsed + samples) & 0xFFFF_FFFFL;
                nextFrame = keyDown + (elapsed + samples) * 1_000_000_000L / AudioDevices.RATE;
                continue;
            }
            sleepUntil(nextFrame);
            if (!running) {
                break;
            }
            punchIfWaiting();
            short[] pcm = source.next(samples);
            if (m.direction().sends()) {
                RtpPacket packet = RtpPacket.of(m.payloadType(), sequence, timestamp, ssrc, first, m.codec().encode(pcm));
                transmit(packet, buffer);
                sequence = (sequence + 1) & 0xFFFF;
                first = false;
            }
            timestamp = (timestamp + samples) & 0xFFFF_FFFFL;
            nextFrame += frameNanos;
            if (System.nanoTime() - nextFrame > 10 * frameNanos) {
                nextFrame = System.nanoTime(); // the machine stalled: skip ahead rather than burst
            }
            if (System.nanoTime() >= nextRtcp) {
                sendRtcp(false);
                nextRtcp += RTCP_INTERVAL_NANOS;
            }
        }
    }

    private void transmit(RtpPacket packet, byte[] buffer) {
        Relay r = relay;
        InetSocketAddress to = latchedRtp != null && r == null ? latchedRtp : media.remoteRtp().toSocketAddress();
        if (to.getAddress().isAnyLocalAddress()) {
            return; // the peer holds the RFC 2543 way (c=0.0.0.0)
        }
        int length = RtpCodec.encodeInto(packet, buffer, 0);
        byte[] out = buffer;
        DtlsSrtpSession s = secure;
        if (s != null) {
            java.util.Optional<byte[]> protectedPacket = s.protectRtp(buffer, 0, length);
            if (protectedPacket.isEmpty()) {
                return; // no keys yet: nothing goes out in clear (RFC 5764 section 5.1.1)
            }
            out = protectedPacket.get();
            length = out.length;
        }
        try {
            if (sendOn(rtp, out, length, to, r)) {
                packetsSent.incrementAndGet();
                octetsSent.addAndGet(packet.payloadLength());
            }
        } catch (ClosedChannelException e) {
            running = false;
        } catch (IOException e) {
            LOG.fine(() -> "RTP to " + to + " not sent: " + e.getMessage());
        }
    }

    /** Sends a datagram to {@code to}, straight or wrapped for the relay's reflector (FIG. 24 step 2402). */
    private boolean sendOn(DatagramChannel channel, byte[] bytes, int length, InetSocketAddress to, Relay r) throws IOException {
        if (r == null) {
            remember(to);
            channel.send(ByteBuffer.wrap(bytes, 0, length), to);
            return true;
        }
        java.util.Optional<byte[]> wrapped = r.access().wrap(r.reflector(), to, bytes, 0, length);
        if (wrapped.isEmpty()) {
            return false;
        }
        remember(r.reflector());
        channel.send(ByteBuffer.wrap(wrapped.get()), r.reflector());
        return true;
    }

    /**
     * Lets the first RTP from any host latch (comedia, for an outside device whose SDP names a private
     * address) instead of only from the host the SDP names (a certified peer's, docs/security.md).
     */
    public void latchAnyHost(boolean any) {
        this.latchAnyHost = any;
    }

    /** RTP dropped because it came from a source the call's media path does not include. */
    public long foreignDropped() {
        return foreign.get();
    }

    /** Datagrams that waited on the ports before the call started and were dropped. */
    public long staleDropped() {
        return stale.get();
    }

    /** Empties {@code channel} of what arrived before the call (sprayed at a port bound ahead, MediaPorts). */
    private void drain(java.nio.channels.DatagramChannel channel) {
        try {
            channel.configureBlocking(false);
            ByteBuffer scratch = ByteBuffer.allocate(MAX_DATAGRAM);
            java.net.SocketAddress from;
            while ((from = channel.receive(scratch)) != null) {
                int first = scratch.position() > 0 ? scratch.get(0) & 0xFF : 0;
                if (channel == rtp && secure != null && first >= 20 && first <= 63) {
                    // The DTLS client's hello can beat the answer that starts this side: it is the handshake, not spray.
                    onDtls(java.util.Arrays.copyOf(scratch.array(), scratch.position()), (InetSocketAddress) from);
                } else {
                    stale.incrementAndGet();
                }
                scratch.clear();
            }
        } catch (IOException e) {
            LOG.fine(() -> "draining a media port: " + e.getMessage());
        } finally {
            try {
                channel.configureBlocking(true);
            } catch (IOException e) {
                LOG.fine(() -> "a media port stays non-blocking: " + e.getMessage());
            }
        }
    }

    /**
     * A DTLS datagram: handed to the handshake when it comes from where the peer's media may come from (the
     * reflector, the signaled host, or anyone for an outside device); the rest is counted as foreign. The
     * handshake itself then refuses any certificate but the one the signaling named.
     */
    private void onDtls(byte[] datagram, InetSocketAddress from) {
        DtlsSrtpSession s = secure;
        NegotiatedMedia m = media;
        if (s == null || m == null) {
            foreign.incrementAndGet();
            return;
        }
        Relay r = relay;
        InetSocketAddress negotiated = m.remoteRtp().toSocketAddress();
        boolean reflected = r != null && from.equals(r.reflector());
        if (!reflected && !latchAnyHost && !from.getAddress().equals(negotiated.getAddress())) {
            foreign.incrementAndGet();
            return;
        }
        if (!reflected && s.state() == DtlsSrtpSession.State.HANDSHAKING) {
            dtlsPeer = from; // settled once the handshake is over: a later datagram cannot redirect alerts or retransmissions
        }
        s.onDtls(datagram);
    }

    /** Whether a STUN datagram is a Binding indication (RFC 5389 section 6: type 0x0011, the magic cookie). */
    private static boolean isBindingIndication(ByteBuffer datagram, int length) {
        return length >= 20 && datagram.get(0) == 0x00 && datagram.get(1) == 0x11 && datagram.getInt(4) == 0x2112A442;
    }

    /**
     * A punch of the DTLS server (the peer, see {@link #punchIfWaiting}): it came through the peer's NAT from its
     * media port, so while no DTLS has come back, where it came from is where the handshake goes (a symmetric
     * NAT maps the peer to a port other than the one STUN told it and its SDP names). Only from where the
     * peer's media may come from; the handshake still accepts only the signaled certificate.
     */
    private void onPunch(InetSocketAddress from) {
        DtlsSrtpSession s = secure;
        NegotiatedMedia m = media;
        if (s == null || m == null || relay != null || s.state() != DtlsSrtpSession.State.HANDSHAKING) {
            return;
        }
        if (!latchAnyHost && !from.getAddress().equals(m.remoteRtp().toSocketAddress().getAddress())) {
            foreign.incrementAndGet();
            return;
        }
        if (punchedFrom == null) {
            punchedFrom = from;
        }
    }

    /** Sends a DTLS datagram of the handshake towards the peer: where its DTLS came from, else where RTP goes. */
    private void sendDtls(byte[] datagram, int offset, int length) throws IOException {
        NegotiatedMedia m = media;
        if (m == null) {
            return;
        }
        Relay r = relay;
        InetSocketAddress heard = dtlsPeer;
        InetSocketAddress punched = punchedFrom;
        InetSocketAddress to = r != null ? m.remoteRtp().toSocketAddress()
                : heard != null ? heard : punched != null ? punched : latchedRtp != null ? latchedRtp : m.remoteRtp().toSocketAddress();
        byte[] bytes = offset == 0 ? datagram : java.util.Arrays.copyOfRange(datagram, offset, offset + length);
        sendOn(rtp, bytes, length, to, r);
    }

    private long nextPunch;

    /**
     * Until the peer's first DTLS datagram arrives, a STUN Binding indication (RFC 5389 section 6, no answer
     * expected) every {@link #PUNCH_INTERVAL_NANOS} opens this side's NAT towards the peer, so the DTLS client's
     * retransmitted hello gets through a port-restricted NAT in front of the server (table 2300).
     */
    private void punchIfWaiting() {
        DtlsSrtpSession s = secure;
        NegotiatedMedia m = media;
        long now = System.nanoTime();
        if (s == null || m == null || s.heardPeer() || s.state() != DtlsSrtpSession.State.HANDSHAKING
                || now - nextPunch < 0) {
            return;
        }
        nextPunch = now + PUNCH_INTERVAL_NANOS;
        InetSocketAddress to = m.remoteRtp().toSocketAddress();
        if (to.getAddress().isAnyLocalAddress()) {
            return;
        }
        byte[] indication = StunCodec.encode(new StunMessage(
                StunClass.INDICATION, StunMethod.BINDING,
                TransactionId.random(), List.of()));
        try {
            sendOn(rtp, indication, indication.length, to, relay);
        } catch (IOException e) {
            LOG.fine(() -> "NAT punch to " + to + " not sent: " + e.getMessage());
        }
    }

    private void remember(InetSocketAddress peer) {
        if (peers.size() < MAX_PEERS) {
            peers.add(peer);
        }
    }

    /** Whether RTCP shares the RTP port (RFC 5761: both sides said a=rtcp-mux, so the RTCP address is the RTP one). */
    private static boolean muxed(NegotiatedMedia m) {
        return m.remoteRtcp().equals(m.remoteRtp());
    }

    private void sendRtcp(boolean bye) {
        NegotiatedMedia m = media;
        if (m == null) {
            return;
        }
        Relay r = relay;
        boolean mux = muxed(m);
        InetSocketAddress latched = mux ? latchedRtp : latchedRtcp;
        InetSocketAddress to = latched != null && r == null ? latched : m.remoteRtcp().toSocketAddress();
        if (to.getAddress().isAnyLocalAddress()) {
            return;
        }
        RtcpPacket report;
        synchronized (this) {
            List<ReportBlock> blocks = reception.isValid() && remoteSsrc >= 0
                    ? List.of(reception.nextReportBlock(remoteSsrc, 0, 0)) : List.of();
            report = packetsSent.get() > 0
                    ? new SenderReport(ssrc, NtpTime.fromInstant(Instant.now()), 0, packetsSent.get() & 0xFFFF_FFFFL,
                    octetsSent.get() & 0xFFFF_FFFFL, blocks)
                    : new ReceiverReport(ssrc, blocks);
        }
        List<RtcpPacket> compound = bye
                ? List.of(report, SourceDescription.cname(ssrc, cname), new Bye(List.of(ssrc), "call ended"))
                : List.of(report, SourceDescription.cname(ssrc, cname));
        try {
            byte[] bytes = RtcpCodec.encode(compound);
            DtlsSrtpSession s = secure;
            if (s != null) {
                java.util.Optional<byte[]> protectedPacket = s.protectRtcp(bytes, 0, bytes.length);
                if (protectedPacket.isEmpty()) {
                    return;
                }
                bytes = protectedPacket.get();
            }
            sendOn(mux ? rtp : rtcp, bytes, bytes.length, to, r);
        } catch (IOException e) {
            LOG.fine(() -> "RTCP to " + to + " not sent: " + e.getMessage());
        }
    }

    private static void sleepUntil(long deadline) {
        long wait;
        while ((wait = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }

    // ---------------------------------------------------------------- receiving (their own threads)

    private void receiveRtp() {
        ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM);
        while (running) {
            InetSocketAddress from;
            try {
                buffer.clear();
                from = (InetSocketAddress) rtp.receive(buffer);
            } catch (IOException e) {
                return;
            }
            buffer.flip();
            int length = buffer.limit();
            if (length > 0 && (buffer.get(0) & 0xFF) < 4) {
                // STUN on the RTP port (RFC 7983 section 7): the answers of the NAT keepalive, and the peer's punches.
                if (isBindingIndication(buffer, length)) {
                    onPunch(from);
                } else {
                    stun.accept(new Datagram(java.util.Arrays.copyOf(buffer.array(), length), from));
                }
                continue;
            }
            int first = length > 0 ? buffer.get(0) & 0xFF : 0;
            if (first >= 20 && first <= 63) {
                onDtls(java.util.Arrays.copyOf(buffer.array(), length), from); // RFC 7983 section 7: DTLS
                continue;
            }
            byte[] bytes = buffer.array();
            DtlsSrtpSession s = secure;
            boolean rtcpMuxed = length > 1 && (buffer.get(1) & 0xFF) >= 192 && (buffer.get(1) & 0xFF) <= 223;
            if (s != null) {
                java.util.Optional<byte[]> plain = rtcpMuxed ? s.unprotectRtcp(bytes, 0, length) : s.unprotectRtp(bytes, 0, length);
                if (plain.isEmpty()) {
                    continue; // not authenticated SRTP: neither heard nor allowed to move the path
                }
                bytes = plain.get();
                length = bytes.length;
            }
            if (rtcpMuxed) {
                onRtcp(bytes, length, from, true); // RTCP muxed on the RTP port (RFC 5761 section 4)
                continue;
            }
            if (!(RtpCodec.decode(bytes, 0, length) instanceof RtpDecodeResult.Decoded(RtpPacket packet))) {
                malformed.incrementAndGet();
                continue;
            }
            onRtp(packet, from);
        }
    }

    private void onRtp(RtpPacket packet, InetSocketAddress from) {
        NegotiatedMedia m = media;
        if (m == null) {
            return;
        }
        Relay r = relay;
        boolean reflected = r != null && from.equals(r.reflector());
        InetSocketAddress negotiated = m.remoteRtp().toSocketAddress();
        if (!reflected && !from.equals(latchedRtp)) {
            if (from.equals(negotiated)) {
                heardNegotiated = true;
            } else if (latchedRtp == null && !heardNegotiated && (latchAnyHost || from.getAddress().equals(negotiated.getAddress()))) {
                // Symmetric RTP through a NAT that rewrote the port: the signaled host, another port (docs/security.md).
                latchedRtp = from;
                LOG.fine(() -> "RTP latched to " + from + " (negotiated " + m.remoteRtp() + ")");
            } else {
                // RTP Bleed: another host, or anyone once the path is settled, neither moves the media nor is heard.
                foreign.incrementAndGet();
                return;
            }
        }
        remember(from);
        packetsReceived.incrementAndGet();
        lastReceived = Instant.now();
        long arrival = System.nanoTime() / (1_000_000_000L / AudioDevices.RATE);
        if (m.telephoneEventPayloadType().isPresent() && packet.payloadType() == m.telephoneEventPayloadType().getAsInt()) {
            byte[] payload = packet.payload();
            if (TelephoneEventCodec.decode(payload, 0, payload.length) instanceof DtmfDecodeResult.Decoded(DtmfEvent event)) {
                dtmfReceiver.onEvent(packet.timestamp(), event).ifPresent(onDtmf);
            }
            synchronized (this) {
                reception.onPacket(packet.sequenceNumber(), packet.timestamp(), arrival);
            }
            return;
        }
        AudioCodec codec = packet.payloadType() == m.payloadType() ? m.codec()
                : AudioCodec.forPayloadType(packet.payloadType()).orElse(null);
        if (codec == null) {
            malformed.incrementAndGet();
            return;
        }
        short[] pcm = codec.decode(packet.payload());
        synchronized (this) {
            remoteSsrc = packet.ssrc();
            reception.onPacket(packet.sequenceNumber(), packet.timestamp(), arrival);
            if (m.direction().receives()) {
                sink.write(pcm);
                for (short s : pcm) {
                    recent[recentEnd] = s;
                    recentEnd = (recentEnd + 1) % recent.length;
                }
            }
        }
    }

    private void receiveRtcp() {
        ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM);
        while (running) {
            InetSocketAddress from;
            try {
                buffer.clear();
                from = (InetSocketAddress) rtcp.receive(buffer);
            } catch (IOException e) {
                return;
            }
            buffer.flip();
            byte[] bytes = buffer.array();
            int length = buffer.limit();
            DtlsSrtpSession s = secure;
            if (s != null) {
                java.util.Optional<byte[]> plain = s.unprotectRtcp(bytes, 0, length);
                if (plain.isEmpty()) {
                    continue;
                }
                bytes = plain.get();
                length = bytes.length;
            }
            onRtcp(bytes, length, from, false);
        }
    }

    private void onRtcp(byte[] bytes, int length, InetSocketAddress from, boolean onRtpPort) {
        if (RtcpCodec.decode(bytes, 0, length) instanceof RtcpDecodeResult.Decoded decoded) {
            Relay r = relay;
            NegotiatedMedia m = media;
            if (!onRtpPort && latchedRtcp == null && (r == null || !from.equals(r.reflector())) && m != null
                    && (latchAnyHost || from.getAddress().equals(m.remoteRtcp().toSocketAddress().getAddress()))) {
                latchedRtcp = from;
            }
            LOG.finest(() -> "RTCP from " + from + ": " + decoded.packets());
        } else {
            malformed.incrementAndGet();
        }
    }
}
