package io.peerswitch.endpoint.sip.jain;

import gov.nist.javax.sip.Utils;
import gov.nist.javax.sip.message.SIPMessage;
import io.peerswitch.endpoint.identity.Authentication;
import io.peerswitch.endpoint.identity.PeerAuthenticator;
import io.peerswitch.endpoint.identity.PeerIdentity;
import io.peerswitch.endpoint.identity.TlsIdentity;
import io.peerswitch.endpoint.loop.EventLoop;
import io.peerswitch.endpoint.sip.ClientTransaction;
import io.peerswitch.endpoint.nat.PeerPaths;
import io.peerswitch.endpoint.sip.ServerTransaction;
import io.peerswitch.endpoint.sip.SipEvent;
import io.peerswitch.endpoint.sip.SipTransport;
import io.peerswitch.wire.sip.NameAddr;
import io.peerswitch.wire.sip.SipCodec;
import io.peerswitch.wire.sip.SipParseResult;
import io.peerswitch.wire.sip.SipRequest;
import io.peerswitch.wire.sip.SipResponse;
import io.peerswitch.wire.sip.SipUri;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.SipException;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.TransactionUnavailableException;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * {@link SipTransport} over the JAIN-SIP RI: its client and server transactions and its UDP, TCP and TLS
 * transports (RFC 3261 sections 17-18, 26.2), with dialog handling switched off so call control owns dialogs.
 * TLS listens on the SIP port + 1 (5061 beside 5060) with certificates of the user authority on both sides
 * ({@link TlsIdentity}): what arrives over it is attributed to the user its connection's certificate names.
 * Messages cross the boundary as text parsed by our {@link SipCodec}, so everything above sees our
 * records and our parser's verdicts; JAIN-SIP's threads only convert and post events to the loop.
 */
public final class JainSipTransport implements SipTransport, SipListener {

    private static final Logger LOG = Logger.getLogger(JainSipTransport.class.getName());
    private static final AtomicInteger STACKS = new AtomicInteger();
    /** Attempts to find a port free for both UDP and TCP when the configuration asks for any port. */
    private static final int BIND_ATTEMPTS = 20;
    /** A keepalive datagram: the double CRLF of RFC 5626 section 4.4.1. */
    private static final byte[] PING = "\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final EventLoop loop;
    private final String stackName;
    private final SharedUdpSocket udpSocket;
    private final SipStack stack;
    private final SipProvider provider;
    private final MessageFactory messages;
    private final HeaderFactory headers;
    private final InetSocketAddress local;
    private final InetSocketAddress tlsLocal;
    private final TlsIdentity tls;
    /** TLS connections accepted at once ({@link #MAX_CONNECTIONS}), and which of them are still open. */
    private final BoundedServerSockets budget = new BoundedServerSockets(MAX_CONNECTIONS);
    private final TlsFlows flows = new TlsFlows(budget::openFrom);
    private final AtomicLong ids = new AtomicLong();
    private final Map<javax.sip.ClientTransaction, ClientTransaction> clients = new ConcurrentHashMap<>();
    private final Map<Long, javax.sip.ClientTransaction> clientsById = new ConcurrentHashMap<>();
    private final Map<Long, Answering> servers = new ConcurrentHashMap<>();
    /** The INVITEs of live client transactions as sent, to build their CANCEL from (RFC 3261 section 9.1). */
    private final Map<Long, SipRequest> invites = new ConcurrentHashMap<>();

    /** How a request is answered: in its server transaction, or statelessly when the stack could not make one. */
    private sealed interface Answering {
        /** Whether the request came over TLS, so our answers' Contact names the TLS listening point. */
        boolean tls();

        record InTransaction(javax.sip.ServerTransaction transaction, boolean tls) implements Answering {
        }

        record Stateless(boolean tls) implements Answering {
        }
    }
    private volatile Consumer<SipEvent> listener = event -> { };
    private volatile InetSocketAddress advertised;
    private volatile PeerPaths paths;
    private volatile java.util.function.BiFunction<SipRequest, Authentication, Optional<SipResponse>> gate =
            (request, authentication) -> Optional.empty();
    private volatile PeerAuthenticator authenticator;
    private volatile java.util.function.Predicate<String> expectSigned = user -> false;
    /** What admitting a UDP request found, until JAIN-SIP hands the request up: by {@link #admissionKey}. */
    private final Map<String, Authentication> admitted = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Authentication> eldest) {
            return size() > MAX_ADMITTED;
        }
    });
    /** Whether the answers to each request we sent must be signed, by branch; our own sends, bounded all the same. */
    private final Map<String, Expectation> expectations = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Expectation> eldest) {
            return size() > MAX_EXPECTATIONS;
        }
    });
    private final AtomicLong unsignedResponsesDropped = new AtomicLong();
    private final AtomicLong unauthenticatedDropped = new AtomicLong();

    /** Who must answer a request we sent: {@code responder} signed, when {@code signed}. */
    private record Expectation(String responder, boolean signed) {
    }

    /**
     * TLS connections accepted at once, each with its reader thread ({@link BoundedServerSockets}); beyond it, new ones
     * wait in the backlog until one closes (a stranger's closes when its handshake fails or times out).
     */
    public static final int MAX_CONNECTIONS = 128;
    /** How long a peer may take over a TLS handshake before its connection is closed. */
    public static final int TLS_HANDSHAKE_TIMEOUT_MS = 5_000;
    /** UDP requests admitted and not yet handed up by JAIN-SIP whose authentication is remembered. */
    public static final int MAX_ADMITTED = 1024;
    /** Requests sent whose answer's expected signer is remembered (a transaction lives 32 s; 2xx retransmissions 64*T1). */
    public static final int MAX_EXPECTATIONS = 8192;

    /**
     * Starts a SIP stack on {@code bind} (UDP and TCP on the same port; port 0 takes a free one) whose UDP
     * socket hands datagrams that are not SIP to {@code nonSip} (on the socket's reader thread).
     */
    public JainSipTransport(InetSocketAddress bind, EventLoop loop, Consumer<Datagram> nonSip) throws IOException {
        this.loop = loop;
        this.stackName = "peerswitch-endpoint-" + STACKS.incrementAndGet();
        this.tls = new TlsIdentity(loop.clock());
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        try {
            this.messages = factory.createMessageFactory();
            this.headers = factory.createHeaderFactory();
        } catch (javax.sip.PeerUnavailableException e) {
            throw new IOException("JAIN-SIP is not on the class path", e);
        }
        Started started = bind(factory, bind, nonSip);
        this.udpSocket = started.socket();
        this.stack = started.stack();
        this.provider = started.provider();
        this.local = new InetSocketAddress(udpSocket.getLocalAddress(), udpSocket.getLocalPort());
        this.tlsLocal = new InetSocketAddress(udpSocket.getLocalAddress(), udpSocket.getLocalPort() + 1);
        this.advertised = local;
        udpSocket.setSipFilter(this::admit);
        try {
            provider.addSipListener(this);
            stack.start();
        } catch (SipException | java.util.TooManyListenersException e) {
            close();
            throw new IOException("the SIP stack did not start: " + e.getMessage(), e);
        }
        LOG.fine(() -> "SIP listening on " + local + " (UDP and TCP) and " + tlsLocal + " (TLS)");
    }

    private Started bind(SipFactory factory, InetSocketAddress bind, Consumer<Datagram> nonSip) throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
            SharedUdpSocket socket = new SharedUdpSocket(bind, nonSip);
            SharedSocketNetworkLayer.register(stackName, socket, tls, flows, budget);
            try {
                return start(factory, socket);
            } catch (IOException e) {
                last = e;
                socket.close();
                SharedSocketNetworkLayer.unregister(stackName);
                if (bind.getPort() != 0) {
                    break;
                }
            } catch (SipException e) {
                socket.close();
                SharedSocketNetworkLayer.unregister(stackName);
                throw new IOException("the SIP stack did not start: " + e.getMessage(), e);
            }
        }
        throw last;
    }

    private record Started(SharedUdpSocket socket, SipStack stack, SipProvider provider) {
    }

    private Started start(SipFactory factory, SharedUdpSocket socket) throws IOException, SipException {
        Properties p = io.peerswitch.wire.sip.jain.JainSipSettings.base(stackName);
        p.setProperty("gov.nist.javax.sip.NETWORK_LAYER", SharedSocketNetworkLayer.class.getName());
        p.setProperty("javax.sip.ROUTER_PATH", FlowRouter.class.getName());
        p.setProperty("gov.nist.javax.sip.DELIVER_UNSOLICITED_NOTIFY", "true");
        p.setProperty("gov.nist.javax.sip.TLS_CLIENT_AUTH_TYPE", "Enabled");
        p.setProperty("gov.nist.javax.sip.TLS_CLIENT_PROTOCOLS", String.join(",", TlsIdentity.PROTOCOLS));
        p.setProperty("gov.nist.javax.sip.ENABLED_CIPHER_SUITES", String.join(",", TlsIdentity.CIPHER_SUITES));
        p.setProperty("gov.nist.javax.sip.SSL_HANDSHAKE_TIMEOUT", Integer.toString(TLS_HANDSHAKE_TIMEOUT_MS));
        SipStack created = factory.createSipStack(p);
        String ip = socket.getLocalAddress().getHostAddress();
        int port = socket.getLocalPort();
        try {
            ListeningPoint udp = created.createListeningPoint(ip, port, ListeningPoint.UDP);
            ListeningPoint tcp = created.createListeningPoint(ip, port, ListeningPoint.TCP);
            ListeningPoint tlsPoint;
            try {
                tlsPoint = created.createListeningPoint(ip, port + 1, ListeningPoint.TLS);
            } catch (javax.sip.InvalidArgumentException e) {
                throw new javax.sip.InvalidArgumentException("SIP over TLS takes the SIP port + 1, and " + ip + ":" + (port + 1)
                        + " is taken: " + e.getMessage(), e);
            }
            SipProvider created2 = created.createSipProvider(udp);
            created2.addListeningPoint(tcp);
            created2.addListeningPoint(tlsPoint);
            return new Started(socket, created, created2);
        } catch (javax.sip.InvalidArgumentException | javax.sip.TransportNotSupportedException
                 | javax.sip.ObjectInUseException e) {
            created.stop();
            throw new IOException("cannot listen on " + ip + ":" + port + ": " + e.getMessage(), e);
        } catch (SipException e) {
            created.stop();
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw e;
        }
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    /** Where SIP over TLS listens: the SIP port + 1, on the same address. */
    public InetSocketAddress tlsAddress() {
        return tlsLocal;
    }

    /** The certificates TLS presents and believes; configured at login, cleared at logout. */
    public TlsIdentity tls() {
        return tls;
    }

    /** The UDP socket SIP shares with STUN, for sending STUN requests from the SIP port. */
    public SharedUdpSocket udpSocket() {
        return udpSocket;
    }

    @Override
    public void setGate(java.util.function.BiFunction<SipRequest, Authentication, Optional<SipResponse>> gate) {
        this.gate = gate;
    }

    @Override
    public void expectSignedResponses(java.util.function.Predicate<String> expectSigned) {
        this.expectSigned = expectSigned;
    }

    /**
     * Signs what we send and authenticates what arrives with {@code authenticator} (docs/security.md); without
     * one nothing is signed and every message counts as unsigned.
     */
    public void setAuthenticator(PeerAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    /** Responses dropped because their expected signer did not sign them, and unsigned reflected requests dropped. */
    public long[] droppedCounters() {
        return new long[] {unsignedResponsesDropped.get(), unauthenticatedDropped.get()};
    }

    @Override
    public void setListener(Consumer<SipEvent> listener) {
        this.listener = listener;
    }

    @Override
    public ClientTransaction send(SipRequest request) {
        ClientTransaction handle = new ClientTransaction(ids.incrementAndGet(), request.method());
        try {
            SipRequest signed = signedWithVia(request);
            Request jain = toJain(signed);
            javax.sip.ClientTransaction tx = provider.getNewClientTransaction(jain);
            clients.put(tx, handle);
            clientsById.put(handle.id(), tx);
            if ("INVITE".equals(request.method())) {
                invites.put(handle.id(), signed);
            }
            tx.sendRequest();
        } catch (ParseException | SipException e) {
            forget(handle);
            post(new SipEvent.TransactionFailed(handle, "not sent: " + e.getMessage()));
        }
        return handle;
    }

    @Override
    public void respond(ServerTransaction transaction, SipResponse response) {
        Answering answering = servers.get(transaction.id());
        if (answering == null) {
            LOG.fine(() -> "response " + response.status() + " for a finished transaction dropped");
            return;
        }
        try {
            Response outgoing = toJain(sign(answering.tls() ? contactOverTls(response) : response));
            switch (answering) {
                case Answering.InTransaction(javax.sip.ServerTransaction tx, boolean tls) -> tx.sendResponse(outgoing);
                case Answering.Stateless(boolean tls) -> provider.sendResponse(outgoing);
            }
        } catch (ParseException | SipException | javax.sip.InvalidArgumentException e) {
            LOG.log(Level.WARNING, "cannot send " + response.status() + " " + response.reason(), e);
        }
        if (response.status() >= 200) {
            servers.remove(transaction.id());
        }
    }

    @Override
    public void retransmit(SipResponse response) {
        try {
            provider.sendResponse(toJain(sign(response)));
        } catch (ParseException | SipException e) {
            LOG.log(Level.FINE, "cannot retransmit " + response.status(), e);
        }
    }

    @Override
    public void ack(SipRequest ack) {
        try {
            provider.sendRequest(toJain(signedWithVia(ack)));
        } catch (ParseException | SipException e) {
            LOG.log(Level.FINE, "cannot send ACK", e);
        }
    }

    @Override
    public void cancel(ClientTransaction invite) {
        SipRequest sent = invites.get(invite.id());
        if (sent == null || clientsById.get(invite.id()) == null) {
            return;
        }
        try {
            provider.getNewClientTransaction(toJain(sign(cancelOf(sent)))).sendRequest();
        } catch (ParseException | SipException e) {
            LOG.log(Level.FINE, "cannot cancel", e);
        }
    }

    @Override
    public void ping(InetSocketAddress to) {
        try {
            udpSocket.sendDirect(PING, to);
        } catch (IOException e) {
            LOG.fine(() -> "ping to " + to + " not sent: " + e.getMessage());
        }
    }

    /**
     * The address our requests' Via names (RFC 3261 section 18.1.1 sent-by): the public address STUN
     * reported, so a peer that gets a request through a reflector knows where it came from (FIG. 24 step 2408).
     */
    public void advertise(InetSocketAddress publicAddress) {
        this.advertised = publicAddress;
    }

    /** Routes UDP through {@code paths} (table 2300) and learns each peer's way from what arrives. */
    public void setPeerPaths(PeerPaths paths) {
        this.paths = paths;
        udpSocket.setPeerPaths(paths);
    }

    @Override
    public void close() {
        stack.stop();
        udpSocket.close();
        SharedSocketNetworkLayer.unregister(stackName);
    }

    // ---------------------------------------------------------------- our parser first (the socket's reader thread)

    /**
     * Judges a UDP datagram with our codec before JAIN-SIP sees it, so the RFC 4475 verdicts are ours:
     * a request our parser rejects is answered here, statelessly (never an ACK); garbage and bad
     * responses are dropped. What parses is authenticated (docs/security.md) before anything is learned
     * from it: only a verified message teaches peer paths, and a response its expected signer did not sign
     * never reaches a transaction. A request goes on with its top Via stamped with the source (received,
     * rport: RFC 3261 section 18.2.1, RFC 3581) so its answers go back where it came from.
     */
    private SharedUdpSocket.Admitted admit(byte[] buffer, int offset, int length, InetSocketAddress source, boolean reflected) {
        SipParseResult parsed = SipCodec.parse(buffer, offset, length);
        return switch (parsed) {
            case SipParseResult.Parsed(SipRequest request) -> {
                try {
                    Authentication authentication = authenticate(request);
                    boolean verified = authentication instanceof Authentication.Verified;
                    if (reflected && !verified) {
                        // Its Via could name anyone: answering it would make us a reflector of our own (docs/security.md).
                        unauthenticatedDropped.incrementAndGet();
                        yield null;
                    }
                    // A reflected request's UDP source is the reflector; its sender is where its Via says (FIG. 24 step 2408).
                    InetSocketAddress from = reflected ? sentBy(request) : source;
                    if (verified) {
                        learnFromRequest(request, from, reflected);
                    }
                    SipRequest stamped = stampTopVia(request, from);
                    Optional<SipResponse> refused = gate.apply(stamped, authentication);
                    if (refused.isPresent()) {
                        if (!"ACK".equals(request.method())) {
                            sendStateless(verified ? sign(refused.get()) : refused.get(), request, from);
                        }
                        yield null;
                    }
                    admitted.put(admissionKey(stamped), authentication);
                    yield new SharedUdpSocket.Admitted(SipCodec.format(stamped), from);
                } catch (RuntimeException e) {
                    LOG.fine(() -> "request from " + source + " dropped: " + e.getMessage());
                    yield null;
                }
            }
            case SipParseResult.Parsed(SipResponse response) -> {
                Authentication authentication;
                try {
                    authentication = authenticate(response);
                } catch (RuntimeException malformed) {
                    yield null;
                }
                if (!acceptable(response, authentication)) {
                    yield null;
                }
                if (!reflected && authentication instanceof Authentication.Verified) {
                    learnFromResponse(response, source);
                }
                yield new SharedUdpSocket.Admitted(java.util.Arrays.copyOfRange(buffer, offset, offset + length), source);
            }
            case SipParseResult.Rejected(int status, String reason, SipRequest request) -> {
                if (!"ACK".equals(request.method())) {
                    InetSocketAddress from = source;
                    if (reflected) {
                        try {
                            from = sentBy(request);
                        } catch (RuntimeException noVia) {
                            yield null;
                        }
                    }
                    answerRejected(request, status, reason, from);
                }
                yield null;
            }
            case SipParseResult.Dropped(String reason) -> {
                LOG.fine(() -> "datagram from " + source + " dropped: " + reason);
                yield null;
            }
        };
    }

    /** The top Via's sent-by as a socket address (an IP literal; port 5060 when absent). */
    private static InetSocketAddress sentBy(SipRequest request) {
        io.peerswitch.wire.sip.Via top = request.vias().getFirst();
        String host = top.host().startsWith("[") && top.host().endsWith("]") ? top.host().substring(1, top.host().length() - 1) : top.host();
        if (!io.peerswitch.wire.nat.TransportAddress.isIpLiteral(host)) {
            throw new IllegalArgumentException("a Via that names a host, not an address: " + top.host());
        }
        return new InetSocketAddress(io.peerswitch.wire.nat.TransportAddress.literal(host), top.port() > 0 ? top.port() : 5060);
    }

    /**
     * What a request tells about its sender's way (table 2300): the NAT type and reflector of its Contact
     * parameters (ours: {@code ps-nat}, {@code ps-reflector}), and — when it came straight, not reflected —
     * that it can be reached where it came from (a port captured when that differs from its Via).
     */
    private void learnFromRequest(SipRequest request, InetSocketAddress from, boolean reflected) {
        PeerPaths p = paths;
        if (p == null) {
            return;
        }
        InetSocketAddress advertised;
        try {
            advertised = sentBy(request);
        } catch (RuntimeException e) {
            return;
        }
        request.header("Contact").flatMap(NameAddr::parse).ifPresent(contact -> {
            String nat = contact.parameters().get(NAT_PARAMETER);
            if (nat != null) {
                p.learn(advertised, natType(nat), reflectorParameter(contact.parameters().get(REFLECTOR_PARAMETER)));
            }
        });
        if (!reflected) {
            p.heardDirectly(advertised, from);
        }
    }

    /** A response that came straight shows where its sender is reached: the peer its Contact names, or the one with that IP. */
    private void learnFromResponse(SipResponse response, InetSocketAddress source) {
        PeerPaths p = paths;
        if (p == null) {
            return;
        }
        Optional<InetSocketAddress> advertised = response.header("Contact").flatMap(NameAddr::parse)
                .flatMap(NameAddr::sipUri)
                .filter(u -> io.peerswitch.wire.nat.TransportAddress.isIpLiteral(u.host()))
                .map(u -> new InetSocketAddress(io.peerswitch.wire.nat.TransportAddress.literal(u.host()), u.port() > 0 ? u.port() : 5060))
                .or(() -> p.guessAdvertised(source));
        advertised.ifPresent(a -> p.heardDirectly(a, source));
    }

    /** Contact parameter carrying the sender's NAT type (table 2300), e.g. {@code ps-nat=symmetric}. */
    public static final String NAT_PARAMETER = "ps-nat";
    /** Contact parameter carrying the reflector the sender keeps its pinhole towards, e.g. {@code ps-reflector="198.19.0.10:3478"}. */
    public static final String REFLECTOR_PARAMETER = "ps-reflector";

    private static io.peerswitch.wire.nat.NatType natType(String value) {
        try {
            return io.peerswitch.wire.nat.NatType.valueOf(value.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            return io.peerswitch.wire.nat.NatType.UNKNOWN;
        }
    }

    private static InetSocketAddress reflectorParameter(String value) {
        if (value == null) {
            return null;
        }
        String text = value.strip();
        if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
            text = text.substring(1, text.length() - 1);
        }
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            return null;
        }
        String host = text.substring(0, colon).replace("[", "").replace("]", "");
        try {
            int port = Integer.parseInt(text.substring(colon + 1));
            return io.peerswitch.wire.nat.TransportAddress.isIpLiteral(host) && port > 0 && port < 65_536
                    ? new InetSocketAddress(io.peerswitch.wire.nat.TransportAddress.literal(host), port) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** {@code request} with received (and rport, when asked for) added to its topmost via-parm. */
    private static SipRequest stampTopVia(SipRequest request, InetSocketAddress source) {
        java.util.List<io.peerswitch.wire.sip.SipHeader> headers = new java.util.ArrayList<>(request.headers());
        for (int i = 0; i < headers.size(); i++) {
            if (headers.get(i).name().equalsIgnoreCase("Via")) {
                java.util.List<io.peerswitch.wire.sip.Via> field = io.peerswitch.wire.sip.Via.parseAll(headers.get(i).value());
                if (field.isEmpty()) {
                    throw new IllegalArgumentException("no valid Via header field");
                }
                io.peerswitch.wire.sip.Via top = field.getFirst().withReceived(source.getAddress().getHostAddress());
                if (field.getFirst().rportRequested()) {
                    top = top.withRport(source.getPort());
                }
                StringBuilder value = new StringBuilder(top.toString());
                for (int k = 1; k < field.size(); k++) {
                    value.append(", ").append(field.get(k));
                }
                headers.set(i, new io.peerswitch.wire.sip.SipHeader("Via", value.toString()));
                return new SipRequest(request.method(), request.requestUri(), headers, request.body());
            }
        }
        throw new IllegalArgumentException("no Via header field");
    }

    private void sendStateless(SipResponse response, SipRequest request, InetSocketAddress source) {
        io.peerswitch.wire.sip.Via top = request.vias().getFirst();
        InetSocketAddress to = new InetSocketAddress(source.getAddress(),
                top.rportRequested() ? source.getPort() : top.port() > 0 ? top.port() : 5060);
        try {
            byte[] bytes = SipCodec.format(response);
            udpSocket.send(new java.net.DatagramPacket(bytes, bytes.length, to));
        } catch (RuntimeException | IOException e) {
            LOG.fine(() -> "a stateless answer to " + to + " could not be sent: " + e.getMessage());
        }
    }

    private void answerRejected(SipRequest request, int status, String reason, InetSocketAddress source) {
        SipResponse response;
        InetSocketAddress to = source;
        try {
            java.util.List<io.peerswitch.wire.sip.Via> vias = request.vias();
            io.peerswitch.wire.sip.Via top = vias.getFirst();
            to = new InetSocketAddress(source.getAddress(),
                    top.rportRequested() ? source.getPort() : top.port() > 0 ? top.port() : 5060);
            response = io.peerswitch.wire.sip.SipResponses.reply(stampTopVia(request, source), status, reason);
        } catch (RuntimeException noUsableVia) {
            // No Via we can read (RFC 4475 badinv01): answer the source, repeating the fields as they came.
            java.util.List<io.peerswitch.wire.sip.SipHeader> copied = request.headers().stream()
                    .filter(h -> java.util.Set.of("via", "from", "to", "call-id", "cseq").contains(h.name().toLowerCase(Locale.ROOT)))
                    .toList();
            response = new SipResponse(status, reason, copied, new byte[0]);
        }
        try {
            byte[] bytes = SipCodec.format(response);
            udpSocket.send(new java.net.DatagramPacket(bytes, bytes.length, to));
        } catch (RuntimeException | IOException e) {
            LOG.fine(() -> "a rejected request from " + source + " could not be answered: " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- JAIN-SIP callbacks (its threads)

    @Override
    public void processRequest(RequestEvent event) {
        Request jain = event.getRequest();
        SIPMessage nist = (SIPMessage) jain;
        String transport = transportOf(nist);
        InetSocketAddress source = new InetSocketAddress(nist.getPeerPacketSourceAddress(), nist.getPeerPacketSourcePort());
        byte[] raw = nist.encodeAsBytes(transport);
        SipParseResult parsed = SipCodec.parse(raw, 0, raw.length);
        switch (parsed) {
            case SipParseResult.Parsed(SipRequest request) -> {
                Authentication authentication;
                if ("UDP".equals(transport)) {
                    Authentication left = admitted.remove(admissionKey(request));
                    authentication = left == null ? Authentication.UNSIGNED : left;
                } else {
                    // TCP and TLS never passed admit(): authenticate and gate here, on JAIN-SIP's thread. Over TLS the
                    // connection's certificate says who sent it; over TCP its Identity header.
                    authentication = "TLS".equals(transport) ? overConnection(source) : authenticate(request);
                    if ("TLS".equals(transport) && authentication instanceof Authentication.Verified) {
                        contactAddress(request).ifPresent(contact -> flows.remember(contact, source));
                    }
                    Optional<SipResponse> refused = gate.apply(request, authentication);
                    if (refused.isPresent()) {
                        if (!Request.ACK.equals(jain.getMethod())) {
                            rejectStateless(jain, refused.get().status(), refused.get().reason());
                        }
                        return;
                    }
                }
                deliver(jain, event.getServerTransaction(), request, source, transport, authentication);
            }
            case SipParseResult.Parsed p -> LOG.fine("a request parsed as a response; dropped");
            case SipParseResult.Rejected(int status, String reason, SipRequest partial) -> rejectStateless(jain, status, reason);
            case SipParseResult.Dropped(String reason) -> LOG.fine(() -> "request from " + source + " dropped: " + reason);
        }
    }

    private void deliver(Request jain, javax.sip.ServerTransaction existing, SipRequest request, InetSocketAddress source,
                         String transport, Authentication authentication) {
        if (Request.ACK.equals(jain.getMethod())) {
            post(new SipEvent.IncomingRequest(request, Optional.empty(), source, transport, authentication));
            return;
        }
        Answering answering;
        try {
            answering = new Answering.InTransaction(existing != null ? existing : provider.getNewServerTransaction(jain),
                    "TLS".equals(transport));
        } catch (TransactionAlreadyExistsException e) {
            return; // a retransmission the transaction layer absorbs
        } catch (TransactionUnavailableException e) {
            // e.g. an RFC 2543 request without a branch: still answered, statelessly (RFC 3261 section 8.2.7)
            answering = new Answering.Stateless("TLS".equals(transport));
        }
        ServerTransaction handle = new ServerTransaction(ids.incrementAndGet(), request.method());
        servers.put(handle.id(), answering);
        post(new SipEvent.IncomingRequest(request, Optional.of(handle), source, transport, authentication));
    }

    @Override
    public void processResponse(ResponseEvent event) {
        SIPMessage nist = (SIPMessage) event.getResponse();
        byte[] raw = nist.encodeAsBytes(transportOf(nist));
        SipParseResult parsed = SipCodec.parse(raw, 0, raw.length);
        if (!(parsed instanceof SipParseResult.Parsed(SipResponse response))) {
            LOG.fine(() -> "response dropped: " + parsed);
            return;
        }
        String transport = transportOf(nist);
        if (!"UDP".equals(transport) && !acceptable(response, "TLS".equals(transport)
                ? overConnection(new InetSocketAddress(nist.getPeerPacketSourceAddress(), nist.getPeerPacketSourcePort()))
                : authenticate(response))) {
            return; // over TCP or TLS it never passed admit(); a forged answer must not end a transaction either
        }
        javax.sip.ClientTransaction tx = event.getClientTransaction();
        ClientTransaction handle = tx == null ? null : clients.get(tx);
        if (handle == null) {
            if (response.status() >= 200 && response.status() < 300 && "INVITE".equals(response.cseq().method())) {
                post(new SipEvent.Stray2xx(response));
            }
            return;
        }
        post(new SipEvent.IncomingResponse(handle, response));
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        if (event.isServerTransaction()) {
            return;
        }
        ClientTransaction handle = clients.get(event.getClientTransaction());
        if (handle != null) {
            forget(handle);
            post(new SipEvent.TransactionFailed(handle, "no answer (transaction timeout)"));
        }
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        LOG.fine(() -> "SIP transport error towards " + event.getHost() + ":" + event.getPort() + "/" + event.getTransport());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
        if (event.isServerTransaction()) {
            servers.values().removeIf(a -> a instanceof Answering.InTransaction(javax.sip.ServerTransaction tx, boolean tls)
                    && tx == event.getServerTransaction());
        } else {
            ClientTransaction handle = clients.get(event.getClientTransaction());
            if (handle != null) {
                forget(handle);
            }
        }
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
        // Dialog support is off: call control keeps its own dialogs.
    }

    // ---------------------------------------------------------------- conversions

    /**
     * Our request as JAIN-SIP's: the start line and headers cross as text, the body as bytes, so a binary
     * body (a voicemail's {@code message/partial} piece) arrives untouched.
     */
    private Request toJain(SipRequest request) throws ParseException, SipException {
        byte[] body = request.body();
        SipRequest head = body.length == 0 ? request : new SipRequest(request.method(), request.requestUri(),
                request.headers().stream().filter(h -> !h.name().equalsIgnoreCase("Content-Type")
                        && !h.name().equalsIgnoreCase("Content-Length")).toList(), new byte[0]);
        Request jain = messages.createRequest(new String(SipCodec.format(head), StandardCharsets.UTF_8));
        if (body.length > 0) {
            jain.setContent(body, (ContentTypeHeader) headers.createHeader("Content-Type",
                    request.header("Content-Type").orElse("application/octet-stream")));
        }
        return jain;
    }

    /**
     * {@code request} with our top Via (RFC 3261 section 18.1.1: sent-by, a fresh branch, rport of RFC 3581),
     * signed; and remembered whether its answers must be signed by its To user.
     */
    private SipRequest signedWithVia(SipRequest original) {
        String transport = transportFor(original);
        SipRequest request = "TLS".equals(transport) ? contactOverTls(original) : original;
        InetSocketAddress sentBy = "UDP".equals(transport) ? advertised : "TLS".equals(transport) ? tlsLocal : local;
        String host = sentBy.getAddress() instanceof java.net.Inet6Address
                ? "[" + sentBy.getAddress().getHostAddress() + "]" : sentBy.getAddress().getHostAddress();
        String branch = Utils.getInstance().generateBranchId();
        SipRequest withVia = request.addFirstHeader("Via", "SIP/2.0/" + transport + " " + host + ":" + sentBy.getPort()
                + ";branch=" + branch + ";rport");
        if (!"ACK".equals(request.method())) {
            String responder = responderOf(request);
            expectations.put(branch, new Expectation(responder, authenticator != null && expectSigned.test(responder)));
        }
        return sign(withVia);
    }

    /** The CANCEL of {@code invite} (RFC 3261 section 9.1): its Request-URI, top Via, From, To, Call-ID and CSeq number. */
    private static SipRequest cancelOf(SipRequest invite) {
        java.util.List<io.peerswitch.wire.sip.SipHeader> fields = new java.util.ArrayList<>();
        fields.add(new io.peerswitch.wire.sip.SipHeader("Via", invite.vias().getFirst().toString()));
        fields.add(new io.peerswitch.wire.sip.SipHeader("Max-Forwards", "70"));
        fields.add(new io.peerswitch.wire.sip.SipHeader("From", invite.header("From").orElseThrow()));
        fields.add(new io.peerswitch.wire.sip.SipHeader("To", invite.header("To").orElseThrow()));
        fields.add(new io.peerswitch.wire.sip.SipHeader("Call-ID", invite.callId()));
        fields.add(new io.peerswitch.wire.sip.SipHeader("CSeq", invite.cseq().number() + " CANCEL"));
        return new SipRequest("CANCEL", invite.requestUri(), fields, new byte[0]);
    }

    /** Who sent what arrived over the TLS connection from {@code source}: the user its certificate names, else no one. */
    private Authentication overConnection(InetSocketAddress source) {
        Optional<PeerIdentity> peer = tls.peerAt(source);
        return peer.<Authentication>map(Authentication.Verified::new).orElse(Authentication.UNSIGNED);
    }

    /** The address {@code request}'s Contact names, when it is an IP literal. */
    private static Optional<InetSocketAddress> contactAddress(SipRequest request) {
        return request.header("Contact").flatMap(NameAddr::parse).flatMap(NameAddr::sipUri)
                .flatMap(u -> TlsFlows.contact(u.host(), u.port()));
    }

    /** The transport {@code request} goes over, as its Request-URI asks (RFC 3261 section 19.1.2): TLS for {@code sips:}. */
    private static String transportFor(SipRequest request) {
        return SipUri.parse(request.requestUri())
                .map(u -> "sips".equalsIgnoreCase(u.scheme()) ? "tls" : u.parameters().getOrDefault("transport", "udp"))
                .orElse("udp").toUpperCase(Locale.ROOT);
    }

    /**
     * {@code message} with its Contact at our TLS listening point (RFC 3261 section 8.1.1.8: the Contact must be
     * reachable over the transport the message uses), so the peer's requests in the dialog come back over TLS; the
     * traversal parameters go, a TLS peer reaches us without them.
     */
    private SipRequest contactOverTls(SipRequest request) {
        return request.header("Contact").map(c -> request.withHeader("Contact", tlsContact(c))).orElse(request);
    }

    private SipResponse contactOverTls(SipResponse response) {
        return response.header("Contact").map(c -> response.withHeader("Contact", tlsContact(c))).orElse(response);
    }

    private String tlsContact(String contact) {
        return NameAddr.parse(contact).flatMap(n -> n.sipUri().map(u -> new NameAddr(n.displayName(),
                u.withHost(tlsLocal.getAddress() instanceof java.net.Inet6Address
                                ? "[" + tlsLocal.getAddress().getHostAddress() + "]" : tlsLocal.getAddress().getHostAddress())
                        .withPort(tlsLocal.getPort()).withParameter("transport", "tls").toString(), Map.of()).toString()))
                .orElse(contact);
    }

    private <M extends io.peerswitch.wire.sip.SipMessage> M sign(M message) {
        PeerAuthenticator a = authenticator;
        return a == null ? message : a.sign(message);
    }

    private Authentication authenticate(io.peerswitch.wire.sip.SipMessage message) {
        PeerAuthenticator a = authenticator;
        return a == null ? Authentication.UNSIGNED : a.verify(message);
    }

    /** Whom a request is for: the user its Request-URI names (a buddy, the access server), else its To user. */
    private static String responderOf(SipRequest request) {
        return SipUri.parse(request.requestUri()).map(SipUri::user).filter(u -> u != null)
                .map(u -> u.toLowerCase(Locale.ROOT)).orElse(userOf(request.to()));
    }

    private static String userOf(NameAddr party) {
        return party.sipUri().map(SipUri::user).map(u -> u.toLowerCase(Locale.ROOT)).orElse("");
    }

    /** Whether {@code response} may reach its transaction: signed by its To user when the request went to a peer that signs. */
    private boolean acceptable(SipResponse response, Authentication authentication) {
        String branch = response.vias().isEmpty() ? "" : response.vias().getFirst().branch().orElse("");
        Expectation expectation = expectations.get(branch);
        String responder = expectation == null ? userOf(response.to()) : expectation.responder();
        boolean mustBeSigned = expectation == null ? authenticator != null && authenticator.ready()
                && expectSigned.test(responder) : expectation.signed();
        if (authentication instanceof Authentication.Verified(io.peerswitch.endpoint.identity.PeerIdentity peer)
                && (!mustBeSigned || peer.userId().equalsIgnoreCase(responder))) {
            return true;
        }
        if (mustBeSigned) {
            unsignedResponsesDropped.incrementAndGet();
            LOG.fine(() -> response.status() + " for " + response.cseq() + " dropped: not signed by " + userOf(response.to())
                    + " (" + authentication + ")");
            return false;
        }
        return true;
    }

    /** The key under which {@link #admit} leaves a UDP request's authentication for {@link #processRequest}. */
    private static String admissionKey(SipRequest request) {
        return request.callId() + "|" + request.cseq() + "|" + request.vias().getFirst().branch().orElse("")
                + "|" + request.vias().getFirst().host() + ":" + request.vias().getFirst().port();
    }

    private Response toJain(SipResponse response) throws ParseException {
        return messages.createResponse(new String(SipCodec.format(response), StandardCharsets.UTF_8));
    }

    private void rejectStateless(Request jain, int status, String reason) {
        if (Request.ACK.equals(jain.getMethod())) {
            return;
        }
        try {
            Response response = messages.createResponse(status, jain);
            response.setReasonPhrase(reason);
            provider.sendResponse(response);
        } catch (ParseException | SipException e) {
            LOG.log(Level.FINE, "cannot answer a rejected request", e);
        }
    }

    private static String transportOf(SIPMessage message) {
        String transport = message.getTopmostVia() == null ? null : message.getTopmostVia().getTransport();
        return transport == null ? "UDP" : transport.toUpperCase(Locale.ROOT);
    }

    private void forget(ClientTransaction handle) {
        invites.remove(handle.id());
        javax.sip.ClientTransaction tx = clientsById.remove(handle.id());
        if (tx != null) {
            clients.remove(tx);
        }
    }

    private void post(SipEvent event) {
        Consumer<SipEvent> target = listener;
        loop.execute(() -> target.accept(event));
    }
}
