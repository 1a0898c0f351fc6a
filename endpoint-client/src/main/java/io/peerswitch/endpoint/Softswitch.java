package io.peerswitch.endpoint;

import io.peerswitch.endpoint.buddy.BuddyControl;
import io.peerswitch.endpoint.buddy.BuddyEvent;
import io.peerswitch.endpoint.buddy.BuddyServer;
import io.peerswitch.endpoint.call.CallControl;
import io.peerswitch.endpoint.call.CallView;
import io.peerswitch.endpoint.config.EndpointConfig;
import io.peerswitch.endpoint.e2e.MessageCrypto;
import io.peerswitch.endpoint.e2e.MessageKeys;
import io.peerswitch.endpoint.external.ExternalRoutes;
import io.peerswitch.endpoint.history.HistoryEntry;
import io.peerswitch.endpoint.history.MessageHistory;
import io.peerswitch.endpoint.identity.DeviceEnrolment;
import io.peerswitch.endpoint.identity.PeerAuthenticator;
import io.peerswitch.endpoint.im.ImControl;
import io.peerswitch.endpoint.loop.EventLoop;
import io.peerswitch.endpoint.loop.ThreadEventLoop;
import io.peerswitch.endpoint.media.audio.WavFile;
import io.peerswitch.endpoint.media.dtls.DtlsCertificate;
import io.peerswitch.endpoint.media.dtls.DtlsSrtpHandshake;
import io.peerswitch.endpoint.media.session.AudioDevices;
import io.peerswitch.endpoint.media.session.AudioSource;
import io.peerswitch.endpoint.media.session.MediaPorts;
import io.peerswitch.endpoint.media.session.RtpMediaChannel;
import io.peerswitch.endpoint.media.session.RtpMediaSession;
import io.peerswitch.endpoint.nat.NatDiscovery;
import io.peerswitch.endpoint.nat.PeerPaths;
import io.peerswitch.endpoint.nat.ReflectorAccess;
import io.peerswitch.endpoint.nat.StunClient;
import io.peerswitch.endpoint.nat.TraversalTable;
import io.peerswitch.endpoint.peer.BuddyView;
import io.peerswitch.endpoint.peer.PeerControl;
import io.peerswitch.endpoint.presence.PresenceControl;
import io.peerswitch.endpoint.routing.RoutingTable;
import io.peerswitch.endpoint.server.AccessServerClient;
import io.peerswitch.endpoint.server.AccessServerException;
import io.peerswitch.endpoint.server.ServerChannel;
import io.peerswitch.endpoint.sip.LocalParty;
import io.peerswitch.endpoint.sip.RedirectAdmission;
import io.peerswitch.endpoint.sip.SignalingAgent;
import io.peerswitch.endpoint.sip.SipEvent;
import io.peerswitch.endpoint.sip.jain.JainSipTransport;
import io.peerswitch.endpoint.store.Mailbox;
import io.peerswitch.endpoint.store.OfflineMessages;
import io.peerswitch.endpoint.store.PendingAtLogin;
import io.peerswitch.endpoint.voicemail.LocalVoicemail;
import io.peerswitch.endpoint.voicemail.VoicemailBox;
import io.peerswitch.endpoint.voicemail.VoicemailControl;
import io.peerswitch.endpoint.voicemail.VoicemailRecorder;
import io.peerswitch.endpoint.voicemail.VoicemailServer;
import io.peerswitch.wire.account.AccountView;
import io.peerswitch.wire.account.RegistrationRequest;
import io.peerswitch.wire.buddy.BuddyRequest;
import io.peerswitch.wire.identity.CertificateProblem;
import io.peerswitch.wire.identity.Der;
import io.peerswitch.wire.identity.DeviceCertificate;
import io.peerswitch.wire.identity.DeviceCertificateRequest;
import io.peerswitch.wire.identity.Devices;
import io.peerswitch.wire.identity.EcKeys;
import io.peerswitch.wire.identity.LocationCertificate;
import io.peerswitch.wire.identity.LocationCredential;
import io.peerswitch.wire.nat.NatType;
import io.peerswitch.wire.nat.TransportAddress;
import io.peerswitch.wire.pending.PendingItem;
import io.peerswitch.wire.profile.PresenceStatus;
import io.peerswitch.wire.profile.ProfileUpdate;
import io.peerswitch.wire.route.ExternalRoute;
import io.peerswitch.wire.routing.RoutingEntry;
import io.peerswitch.wire.session.Installations;
import io.peerswitch.wire.session.KeepaliveRequest;
import io.peerswitch.wire.session.LoginRequest;
import io.peerswitch.wire.session.LoginResponse;
import io.peerswitch.wire.session.NotificationChannel;
import io.peerswitch.wire.session.SessionInfo;
import io.peerswitch.wire.sip.NameAddr;
import io.peerswitch.wire.sip.SipRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The endpoint's softswitch (FIG. 2b): call control, IM control, presence and peer control, the routing
 * table and media control around one SIP stack, plus the make-and-break exchanges with the access
 * server (FIG. 4, 5). Its state lives on one event loop; every public method may be called from any
 * thread and returns a future (or a snapshot) instead of blocking the loop.
 */
public final class Softswitch implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Softswitch.class.getName());
    /** What the endpoint calls itself in logins and SIP. */
    public static final String USER_AGENT = "Peerswitch-Endpoint/0.1";
    /** How long a STUN binding may take at login. */
    public static final Duration STUN_DEADLINE = Duration.ofSeconds(5);
    /** Timeout of one exchange with the access server. */
    public static final Duration SERVER_TIMEOUT = Duration.ofSeconds(15);

    private final EndpointConfig config;
    private final ThreadEventLoop loop;
    private final JainSipTransport sip;
    private final StunClient stun;
    private final AccessServerClient server;
    private final MessageHistory history;
    private final RoutingTable routing = new RoutingTable();
    private final ReflectorAccess reflectors = new ReflectorAccess(java.time.Clock.systemUTC());
    private final PeerPaths paths = new PeerPaths(java.time.Clock.systemUTC(), reflectors);
    private final MediaPorts mediaPorts;
    private final PeerControl peers = new PeerControl();
    private final PresenceControl presence;
    private final ImControl im;
    private final CallControl calls;
    private final OfflineMessages offline;
    private final BuddyControl buddyList;
    private final ServerChannel serverChannel;
    private final VoicemailControl voicemail;
    private final String instanceId;
    private final List<Consumer<SoftswitchEvent>> listeners = new CopyOnWriteArrayList<>();
    private volatile LocalParty me;
    private volatile PresenceStatus status = PresenceStatus.AVAILABLE;
    private volatile String note;
    private volatile SessionInfo session;
    /** Signs what we send and authenticates what arrives (docs/security.md); configured at login and each keepalive. */
    private final PeerAuthenticator authenticator =
            new PeerAuthenticator(java.time.Clock.systemUTC());
    /** The redirect grants this endpoint has admitted, each once (FIG. 15, docs/security.md). */
    private final RedirectAdmission redirects = new RedirectAdmission();
    /** This session's key pair, made at login; the private key never leaves this process. */
    /** IM bodies end to end: this installation's message key, the authority that certifies buddies' (docs/security.md). */
    private final MessageCrypto messageCrypto;
    /** The authority's certification of our message key, shown to buddies in presence SUBSCRIBEs; null when offline. */
    private volatile String ownMessageKey;
    private volatile java.security.KeyPair sessionKeys;
    private final ExternalRoutes externalRoutes = new ExternalRoutes();
    private NatType natType = NatType.UNKNOWN;
    private volatile CompletableFuture<NatDiscovery.Result> discovery;
    private volatile PendingAtLogin pending;
    private EventLoop.Timer keepalive;
    private EventLoop.Timer natKeepalive;

    private Softswitch(EndpointConfig config) throws IOException {
        this.config = config;
        Files.createDirectories(config.dataDir());
        this.instanceId = instanceId(config.dataDir());
        try {
            this.history = MessageHistory.open(config.dataDir());
        } catch (SQLException e) {
            throw new IOException("the message history in " + config.dataDir() + " cannot be opened (is another endpoint "
                    + "running with the same data.dir?): " + e.getMessage(), e);
        }
        this.loop = new ThreadEventLoop("softswitch-" + config.userId());
        StunClient[] stunHolder = new StunClient[1];
        this.sip = new JainSipTransport(config.sipBind(), loop, d -> {
            if (stunHolder[0] != null) {
                stunHolder[0].onDatagram(d);
            }
        });
        this.stun = new StunClient(sip.udpSocket(), loop);
        stunHolder[0] = stun;
        sip.setPeerPaths(paths);
        sip.setAuthenticator(authenticator);
        config.stunServer().ifPresent(paths::knowReflector);
        this.server = new AccessServerClient(config.serverUrl(), config.trust(), config.dataDir(), SERVER_TIMEOUT);
        this.me = new LocalParty(config.userId(), config.displayName(), domain(config), sip.localAddress(),
                config.sipTransport().name());
        InetAddress mediaAddress = config.mediaAddress().isAnyLocalAddress() ? sip.localAddress().getAddress() : config.mediaAddress();
        this.mediaPorts = new MediaPorts(config.mediaAddress(), config.mediaPorts(), mediaAddress,
                config.userId() + "@" + mediaAddress.getHostAddress());
        Supplier<LocalParty> self = () -> me;
        SignalingAgent agent = new SignalingAgent(sip, loop, peers::isAcceptedBuddy);
        if (config.sipTransport() == EndpointConfig.SipTransportKind.TCP) {
            agent.preferTransport("tcp");
        }
        agent.admitWhen(this::redirectedHere);
        agent.expectSignaturesFrom(NotificationChannel.SERVER_USER::equals);
        agent.decorateRequests(this::withMessageKey);
        agent.onVerifiedRequest(this::learnMessageKey);
        this.presence = new PresenceControl(agent, routing, peers, self, config.presenceTimeout());
        this.messageCrypto = new MessageCrypto(MessageKeys.loadOrCreate(config.dataDir()), loop.clock());
        this.im = new ImControl(agent, routing, peers, self, messageCrypto);
        this.calls = new CallControl(agent, routing, peers, self,
                RtpMediaChannel.factory(config, mediaPorts, this::mediaRelay, mediaCertificate()),
                new CallControl.Settings(config.autoAnswer(), config.noAnswerTimeout(),
                        () -> status == PresenceStatus.DO_NOT_DISTURB, config.maxCalls()),
                view -> emit(new SoftswitchEvent.CallChanged(view)));
        calls.onDtmf(digit -> emit(new SoftswitchEvent.DtmfReceived(digit.substring(0, digit.indexOf(':')),
                digit.charAt(digit.length() - 1))));
        peers.onChange(view -> emit(new SoftswitchEvent.BuddyChanged(view)));
        im.onReceived(this::received);
        this.offline = new OfflineMessages(loop, task -> Thread.ofVirtual().start(task), history, messageCrypto,
                () -> me.userId(), () -> UUID.randomUUID().toString());
        offline.onRetrieved(read -> emit(new SoftswitchEvent.MessageReceived(read.message().from(), read.text(),
                read.message().createdAt(), read.message().id(), read.encrypted())));
        this.buddyList = new BuddyControl(agent, peers, routing, presence, self, task -> Thread.ofVirtual().start(task),
                this::learnPath);
        buddyList.onEvent(event -> emit(new SoftswitchEvent.BuddyListEvent(event)));
        this.voicemail = new VoicemailControl(agent, routing, self, VoicemailBox.open(config.dataDir().resolve("voicemail")),
                task -> Thread.ofVirtual().start(task), duration -> Thread.sleep(duration), () -> UUID.randomUUID().toString(),
                messageCrypto);
        voicemail.onEvent(event -> emit(new SoftswitchEvent.VoicemailChanged(event)));
        onEvent(event -> {
            if (event instanceof SoftswitchEvent.CallChanged(CallView call) && call.unanswered() != null) {
                unavailable(call.peer(), switch (call.unanswered()) {
                    case BUSY -> VoicemailControl.Cause.BUSY;
                    case NO_ANSWER -> VoicemailControl.Cause.NO_ANSWER;
                    case UNREACHABLE -> VoicemailControl.Cause.UNREACHABLE;
                });
            }
        });
        this.serverChannel = new ServerChannel(agent, self, sip::ping, this::assisted);
        serverChannel.onPending(this::storedWhileOnline);
        serverChannel.onRoutes(announced -> {
            if (externalRoutes.outdatedBy(announced)) {
                refreshRoutes();
            }
        });
    }

    /** Starts the endpoint (SIP listening, history open); it is not logged in yet. */
    public static Softswitch start(EndpointConfig config) throws IOException {
        return new Softswitch(config);
    }

    /** Calls {@code listener} with every event; on the loop thread, so it must not block. */
    public void onEvent(Consumer<SoftswitchEvent> listener) {
        listeners.add(listener);
    }

    /** The configuration this endpoint runs with. */
    public EndpointConfig config() {
        return config;
    }

    /** The user this endpoint is. */
    public String userId() {
        return config.userId();
    }

    /** The SIP address this endpoint listens on. */
    public InetSocketAddress sipAddress() {
        return sip.localAddress();
    }

    /** Every address the SIP socket exchanged datagrams with (peers, the STUN server). */
    public java.util.Set<InetSocketAddress> sipPeers() {
        return sip.udpSocket().peers();
    }

    /** The contact peers reach this endpoint at (its public address once STUN answered). */
    public LocalParty localParty() {
        return me;
    }

    /** Creates this endpoint's account on the access server (FIG. 4 step 402). */
    public AccountView register(String email, String displayName) throws AccessServerException {
        return server.register(new RegistrationRequest(config.userId(), config.password(), email,
                displayName == null ? config.displayName() : displayName));
    }

    /**
     * Logs in (FIG. 5): STUN on the SIP socket, then the login over HTTPS with the address learned, then
     * presence to every online buddy directly (step 510), then — when the login announces stored messages
     * among its pending items — the messages buddies left on the server while we were offline are
     * retrieved, shown ({@link SoftswitchEvent.MessageReceived} with {@code storedAt}) and deleted there
     * (claim 15), and when they announce buddy requests (FIG. 8 step 814), those waiting for our answer are
     * fetched and announced ({@link BuddyEvent.RequestReceived}). Completes with the server's answer once
     * that is done; see {@link #pending()}.
     */
    public CompletableFuture<LoginResponse> login() {
        return discoverNat().thenCompose(found -> blocking(() -> {
            InetSocketAddress publicAddress = found.publicAddress();
            natType = found.type();
            java.security.KeyPair keys = EcKeys.generate();
            LoginRequest request = new LoginRequest(config.userId(), config.password(), instanceId,
                    TransportAddress.of(publicAddress), TransportAddress.of(sip.localAddress()), natType,
                    config.sessionExpires(), USER_AGENT, config.stunServer().map(TransportAddress::of).orElse(null),
                    Der.encode(keys.getPublic().getEncoded()), messageCrypto.publicKey());
            return new Object[] {publicAddress, server.login(request), keys};
        })).thenCompose(result -> onLoop(() -> {
            InetSocketAddress publicAddress = (InetSocketAddress) result[0];
            LoginResponse response = (LoginResponse) result[1];
            sessionKeys = (java.security.KeyPair) result[2];
            ownMessageKey = response.session().messageKey();
            useCredential(response.session());
            me = me.withContact(publicAddress).withTraversal(natType, config.stunServer().orElse(null));
            mediaPorts.useStun(natType == NatType.NO_NAT ? null : config.stunServer().orElse(null));
            sip.advertise(publicAddress);
            reflectors.grant(response.session().reflector());
            response.routingTable().forEach(this::learnPath);
            session = response.session();
            status = response.profile().status();
            note = response.profile().note();
            peers.load(response.profile());
            routing.load(response.routingTable());
            buddyList.useServer(BuddyServer.of(server, session.token()));
            voicemail.useServer(VoicemailServer.of(server, session.token()));
            presence.goOnline(status, note);
            serverChannel.open(session.notifications(), session.token());
            scheduleKeepalives();
            CompletableFuture<Void> routesLoaded = refreshRoutes();
            long online = response.profile().buddies().stream().filter(b -> b.online()).count();
            emit(new SoftswitchEvent.LoggedIn(config.userId(), TransportAddress.of(publicAddress).toString(), natType.name(),
                    response.profile().buddies().size(), (int) online));
            pending = PendingAtLogin.nothingRetrieved(response.pending());
            CompletableFuture<Void> requests = buddyList.retrieve(response.pending()).exceptionally(failure -> {
                emit(new SoftswitchEvent.Problem("buddy requests not retrieved: " + reason(failure)));
                return null;
            });
            CompletableFuture<Void> voicemails = voicemail.retrieve(response.pending()).thenAccept(found -> {
                if (found.problem() != null) {
                    emit(new SoftswitchEvent.Problem("voicemails not retrieved: " + found.problem()));
                }
            }).thenCompose(v -> voicemail.sendUnsent()).thenAccept(sent -> { });
            requests = requests.thenCombine(voicemails, (a, b) -> null).thenCombine(routesLoaded, (a, b) -> null);
            return offline.retrieve(Mailbox.of(server, session.token()), response.pending()).thenCombine(requests, (report, v) -> {
                pending = report;
                if (report.problem() != null) {
                    emit(new SoftswitchEvent.Problem("stored messages not retrieved: " + report.problem()));
                } else if (report.notDeleted() > 0) {
                    emit(new SoftswitchEvent.Problem(report.notDeleted() + " stored message(s) not deleted on the server; "
                            + "offered again at the next login"));
                }
                if (report.unreadable() > 0) {
                    emit(new SoftswitchEvent.Problem(report.unreadable() + " stored message(s) cannot be opened by this "
                            + "installation (sealed for another of yours); left on the server"));
                }
                return response;
            });
        })).thenCompose(retrieved -> retrieved);
    }

    /**
     * Downloads the external routing tables (FIG. 14 step 1404), or the changes since the version we have
     * (steps 1412-1416); a failure is reported and the rules we had stay in use.
     */
    private CompletableFuture<Void> refreshRoutes() {
        SessionInfo current = session;
        if (current == null) {
            return CompletableFuture.completedFuture(null);
        }
        Long since = externalRoutes.version() < 0 ? null : externalRoutes.version();
        List<String> tables = externalRoutes.tables();
        return blocking(() -> server.routes(current.token(), since, tables)).thenCompose(table -> onLoop(() -> {
            externalRoutes.apply(table);
            emit(new SoftswitchEvent.ExternalRoutesChanged(table.version(), table.full(), externalRoutes.routes().size(),
                    table.tables()));
            return (Void) null;
        })).exceptionally(failure -> {
            emit(new SoftswitchEvent.Problem("external routes not downloaded: " + reason(failure)));
            return null;
        });
    }

    /** The external routes this endpoint may use, most specific first (FIG. 12). */
    public CompletableFuture<List<ExternalRoute>> externalRoutes() {
        return onLoop(externalRoutes::routes);
    }

    /** Digit analysis of {@code number} (FIG. 13 step 1306): the route it would take, or empty (FIG. 14 step 1424). */
    public CompletableFuture<Optional<ExternalRoutes.Match>> routeFor(String number) {
        return onLoop(() -> externalRoutes.route(number));
    }

    /**
     * What the last login announced as waiting (FIG. 11 step 1110) and how many stored messages were
     * retrieved; empty before the first login.
     */
    public Optional<PendingAtLogin> pending() {
        return Optional.ofNullable(pending);
    }

    /**
     * What the NAT in front of the SIP socket is and which public address it maps the socket to (FIG. 5
     * steps 502-504): the RFC 5780 tests once per endpoint when the STUN server offers an alternate
     * address, a plain Binding request afterwards (the type stays, the mapping is asked anew).
     */
    public CompletableFuture<NatDiscovery.Result> discoverNat() {
        if (config.stunServer().isEmpty()) {
            return CompletableFuture.completedFuture(new NatDiscovery.Result(NatType.NO_NAT, sip.localAddress(),
                    "no STUN server configured: the bound address is taken as public"));
        }
        InetSocketAddress server = config.stunServer().get();
        CompletableFuture<NatDiscovery.Result> known = discovery;
        if (known != null && known.isDone() && !known.isCompletedExceptionally()) {
            NatDiscovery.Result before = known.join();
            return stun.binding(server, STUN_DEADLINE).thenApply(mapped -> new NatDiscovery.Result(before.type(), mapped, before.reason()));
        }
        CompletableFuture<NatDiscovery.Result> found = config.natDiscovery()
                ? new NatDiscovery(NatDiscovery.over(stun), this::isOwnAddress, STUN_DEADLINE, config.natDiscoveryTimeout()).discover(server)
                : stun.binding(server, STUN_DEADLINE).thenApply(mapped -> new NatDiscovery.Result(
                        isOwnAddress(mapped) ? NatType.NO_NAT : NatType.UNKNOWN, mapped, "NAT discovery is off (nat.discovery)"));
        discovery = found;
        found.thenAccept(r -> LOG.info(() -> "NAT: " + r.type() + " at " + r.publicAddress() + " (" + r.reason() + ")"));
        return found;
    }

    /** Whether {@code address} is this endpoint's own SIP address: the bound one, or an interface's with the bound port. */
    private boolean isOwnAddress(InetSocketAddress address) {
        InetSocketAddress bound = sip.localAddress();
        if (address.equals(bound)) {
            return true;
        }
        if (address.getPort() != bound.getPort() || !bound.getAddress().isAnyLocalAddress()) {
            return false;
        }
        try {
            return java.net.NetworkInterface.getByInetAddress(address.getAddress()) != null;
        } catch (java.net.SocketException e) {
            return false;
        }
    }

    /** Logs out: calls hung up, buddies told directly (presence NOTIFY closed), then the server. */
    public CompletableFuture<Void> logout() {
        return onLoop(() -> {
            cancelTimers();
            serverChannel.close();
            buddyList.useServer(null);
            voicemail.useServer(null);
            calls.hangupAll();
            return presence.goOffline();
        }).thenCompose(f -> f).thenCompose(v -> {
            SessionInfo ended = session;
            session = null;
            reflectors.revoke();
            believeNoOne();
            ownMessageKey = null;
            return ended == null ? CompletableFuture.completedFuture((Void) null) : blocking(() -> {
                server.logout(ended.token());
                return null;
            });
        }).thenRun(() -> emit(new SoftswitchEvent.LoggedOut(config.userId())));
    }

    /**
     * How each online buddy location is reached right now (table 2300): its NAT type, and whether
     * packets go straight, to a captured port, or through its reflector.
     */
    public CompletableFuture<List<String>> paths() {
        return onLoop(() -> routing.users().stream().flatMap(user -> routing.locations(user).stream()).map(location -> {
            InetSocketAddress address = location.publicAddress().toSocketAddress();
            return location.userId() + " at " + location.publicAddress() + " ("
                    + paths.natOf(address).orElse(location.natType()) + "): " + paths.describe(address);
        }).toList());
    }

    /** The buddy list as this endpoint sees it now. */
    public CompletableFuture<List<BuddyView>> buddies() {
        return onLoop(peers::buddies);
    }

    /** Changes the user's status: the server first, then every watching buddy directly (claims 11-13). */
    public CompletableFuture<Void> setStatus(PresenceStatus newStatus, String newNote) {
        String token = session == null ? null : session.token();
        CompletableFuture<Void> saved = token == null ? CompletableFuture.completedFuture(null)
                : blocking(() -> {
                    server.updateProfile(token, new ProfileUpdate(null, newStatus, newNote == null ? "" : newNote));
                    return null;
                });
        return saved.thenCompose(v -> onLoop(() -> {
            status = newStatus;
            note = newNote;
            presence.setStatus(newStatus, newNote);
            return null;
        }));
    }

    /**
     * Sends an instant message directly and remembers it. When the buddy is offline (no location, or it
     * said it went offline) or unreachable (no location answered), and we are logged in, the message is
     * left on the access server for the buddy's next login instead (claims 15-18). Completes with what
     * became of it — {@code Delivered}, {@code Stored}, or {@code NotDelivered} (refused by the buddy, or
     * by the server) — after emitting it as {@link SoftswitchEvent.MessageOutcome}.
     */
    public CompletableFuture<ImControl.Outcome> message(String userId, String text) {
        return onLoop(() -> {
            HistoryEntry entry = remember(HistoryEntry.Direction.OUT, userId, text, HistoryEntry.Status.FAILED);
            return im.send(userId, text)
                    .thenCompose(outcome -> afterDirect(userId, text, entry, outcome))
                    .thenApply(outcome -> {
                        emit(new SoftswitchEvent.MessageOutcome(userId, outcome));
                        return outcome;
                    });
        }).thenCompose(f -> f);
    }

    /** On the loop: what to do once direct delivery succeeded or failed. */
    private CompletableFuture<ImControl.Outcome> afterDirect(String userId, String text, HistoryEntry entry,
                                                              ImControl.Outcome outcome) {
        if (outcome instanceof ImControl.Outcome.Delivered && entry != null) {
            try {
                history.setStatus(entry.id(), HistoryEntry.Status.DELIVERED);
            } catch (SQLException e) {
                LOG.log(Level.WARNING, "history not updated", e);
            }
        }
        if (!(outcome instanceof ImControl.Outcome.NotDelivered failed) || !failed.cause().storable()) {
            return CompletableFuture.completedFuture(outcome);
        }
        SessionInfo current = session;
        if (current == null) {
            return CompletableFuture.completedFuture(new ImControl.Outcome.NotDelivered(
                    failed.reason() + " (not logged in, so not left on the access server)", failed.cause()));
        }
        LOG.fine(() -> "message to " + userId + " not delivered directly (" + failed.reason() + "); leaving it on the access server");
        return offline.deposit(Mailbox.of(server, current.token()), userId, text, failed.cause(),
                entry == null ? null : entry.id());
    }

    /**
     * Asks {@code userId} to become a buddy (FIG. 7 steps 710-716): the access server first, then the target's
     * online locations directly; an offline target gets it at its next login (FIG. 8). Completes once the
     * target's locations answered, also emitted as {@link BuddyEvent.RequestSent}. Fails with the server's
     * {@link AccessServerException} ({@code unknown-user}, {@code already-buddies}, {@code request-exists},
     * {@code not-allowed}, {@code request-refused-recently}).
     */
    public CompletableFuture<BuddyEvent.RequestSent> addBuddy(String userId, String note) {
        return onLoop(() -> buddyList.request(userId, note)).thenCompose(f -> f);
    }

    /**
     * Grants or denies a buddy request to us, named by its requester or its ID (FIG. 7 steps 718-720, FIG. 8
     * steps 816-818, FIG. 9 step 918): the server first, then the requester directly; a grant starts presence.
     */
    public CompletableFuture<BuddyEvent.AnswerSent> answerBuddy(String userOrRequestId, boolean grant) {
        return onLoop(() -> buddyList.answer(userOrRequestId, grant)).thenCompose(f -> f);
    }

    /** Deletes a buddy from both lists: the server first, then the buddy directly (FIG. 7 text). */
    public CompletableFuture<BuddyEvent.Removed> deleteBuddy(String userId) {
        return onLoop(() -> buddyList.delete(userId)).thenCompose(f -> f);
    }

    /** Blocks a user: the server first, then the user directly; it shows as offline and presence with it ends. */
    public CompletableFuture<BuddyEvent.Blocked> blockBuddy(String userId) {
        return onLoop(() -> buddyList.block(userId)).thenCompose(f -> f);
    }

    /** Unblocks a user: the server first, then the user directly; presence starts again. */
    public CompletableFuture<BuddyEvent.Unblocked> unblockBuddy(String userId) {
        return onLoop(() -> buddyList.unblock(userId)).thenCompose(f -> f);
    }

    /** The buddy requests waiting for our answer, from the access server, oldest first. */
    public CompletableFuture<List<BuddyRequest>> buddyRequests() {
        return onLoop(buddyList::requests).thenCompose(f -> f);
    }

    /** This user's installations as the access server knows them (docs/security.md, "A lost or stolen installation"). */
    public CompletableFuture<Installations> installations() {
        return withSession(server::installations);
    }

    /**
     * Enrols a stock SIP client called {@code name} as one of this user's devices (docs/security.md, "Stock SIP
     * clients"): a key made here, certified by the access server, written with the authority's certificate to {@code dir}.
     */
    public CompletableFuture<DeviceEnrolment.DeviceFiles> enrolDevice(String name, Path dir) {
        return withSession(token -> {
            DeviceEnrolment enrolment = new DeviceEnrolment(name);
            DeviceCertificate issued = server.certifyDevice(token, new DeviceCertificateRequest(enrolment.request(), name));
            return enrolment.write(issued, dir);
        });
    }

    /** This user's stock SIP clients with an unexpired device certificate (docs/security.md, "Stock SIP clients"). */
    public CompletableFuture<Devices> devices() {
        return withSession(server::devices);
    }

    /** Revokes this user's device {@code deviceId}: buddies' endpoints refuse its certificate from their next keepalive. */
    public CompletableFuture<Void> revokeDevice(String deviceId) {
        return withSession(token -> {
            server.revokeDevice(token, deviceId);
            return null;
        });
    }

    /** Revokes this user's installation {@code instanceId} (a lost or stolen device): nothing more is sealed for it. */
    public CompletableFuture<Void> revokeInstallation(String instanceId) {
        return withSession(token -> {
            server.revokeInstallation(token, instanceId);
            return null;
        });
    }

    /** The buddy requests waiting for our answer as this endpoint knows them (from the login and notices since). */
    public CompletableFuture<List<BuddyRequest>> waitingBuddyRequests() {
        return onLoop(buddyList::waiting);
    }

    /** Messages from the local history (oldest first). */
    public List<HistoryEntry> history(String peer, String words, int limit) throws SQLException {
        return history.search(peer, words, limit);
    }

    /**
     * Calls a buddy; completes with the call's ID once the INVITE is on its way. A buddy who is offline
     * (claims 10-12) fails the call and is offered a voicemail ({@link SoftswitchEvent.VoicemailOffered}).
     */
    public CompletableFuture<String> call(String userId) {
        return onLoop(() -> {
            if (!peers.isAcceptedBuddy(userId) && ExternalRoutes.normalise(userId).isPresent()) {
                return callOutside(userId);
            }
            if (peers.isAcceptedBuddy(userId) && routing.locations(userId).isEmpty()) {
                unavailable(userId, VoicemailControl.Cause.OFFLINE);
            }
            return calls.dial(userId);
        }).thenCompose(f -> f);
    }

    /**
     * On the loop: calls {@code number} outside the network (FIG. 13): digit analysis picks a route, the INVITE goes
     * straight to its gateway with the route's credentials; no route, no call (FIG. 14 step 1424).
     */
    private CompletableFuture<String> callOutside(String number) {
        Optional<ExternalRoutes.Match> match = externalRoutes.route(number);
        if (match.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("no route for " + number
                    + ": not a buddy, and no external routing rule matches it" + (externalRoutes.routes().isEmpty()
                    ? " (no external routes: no subscription to a routing table)" : "")));
        }
        ExternalRoute route = match.get().route();
        LOG.info(() -> "calling " + number + " through " + route.gateway() + " (pattern " + route.pattern() + ", table " + route.table() + ")");
        return calls.dialExternal(match.get().number(), match.get().requestUri(), route.username() == null ? null
                : new CallControl.Credentials(route.username(), route.password() == null ? "" : route.password()));
    }

    /** On the loop: a buddy did not take our call; offer a voicemail, or record one now (voicemail.on-unavailable). */
    private void unavailable(String userId, VoicemailControl.Cause cause) {
        boolean record = config.voicemailOnUnavailable() == EndpointConfig.VoicemailMode.RECORD && session != null;
        emit(new SoftswitchEvent.VoicemailOffered(userId, cause, record));
        if (record) {
            leaveVoicemail(userId, config.voicemailLength(), cause);
        }
    }

    /**
     * Records {@code length} of audio from {@code audio.source} and leaves it for {@code userId} (claims 2, 9;
     * FIG. 10 steps 1006-1012, FIG. 11 step 1104): on the access server, and when the buddy is online also
     * announced to it (RFC 3842) and sent to it directly (claim 3).
     */
    public CompletableFuture<VoicemailControl.Left> leaveVoicemail(String userId, Duration length, VoicemailControl.Cause cause) {
        return onLoop(() -> {
            if (!peers.isAcceptedBuddy(userId)) {
                return CompletableFuture.<VoicemailControl.Left>failedFuture(new IllegalArgumentException(userId + " is not a buddy"));
            }
            AudioSource source;
            try {
                source = AudioDevices.source(config.audioSource());
            } catch (IOException e) {
                return CompletableFuture.<VoicemailControl.Left>failedFuture(e);
            }
            return VoicemailRecorder.record(loop, source, length).thenCompose(audio -> {
                java.io.ByteArrayOutputStream wav = new java.io.ByteArrayOutputStream();
                try {
                    WavFile.writeMulaw(audio, wav);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return voicemail.leave(userId, wav.toByteArray(), audio.length() * 1000L / audio.sampleRate(), cause);
            });
        }).thenCompose(f -> f);
    }

    /** The voicemails kept on this endpoint, oldest first. */
    public CompletableFuture<List<LocalVoicemail>> voicemails() {
        return onLoop(voicemail::voicemails);
    }

    /** Plays a voicemail (by its ID, a unique prefix of it or its place in the list) to {@code audio.sink}; marks it heard. */
    public CompletableFuture<VoicemailControl.Played> playVoicemail(String id) {
        return onLoop(() -> voicemail.play(id, AudioDevices.sink(config.audioSink(), "voicemail-" + id))).thenCompose(f -> f);
    }

    /** Saves a voicemail here (a copy to {@code exportTo} when given); the server's copy is deleted (claim 4). */
    public CompletableFuture<LocalVoicemail> saveVoicemail(String id, Path exportTo) {
        return onLoop(() -> voicemail.save(id, exportTo)).thenCompose(f -> f);
    }

    /** Deletes a voicemail here and instructs the server to delete its copy (claim 5). */
    public CompletableFuture<LocalVoicemail> deleteVoicemail(String id) {
        return onLoop(() -> voicemail.delete(id)).thenCompose(f -> f);
    }

    /** Forwards a voicemail to a buddy as a voicemail of ours. */
    public CompletableFuture<VoicemailControl.Left> forwardVoicemail(String id, String to) {
        return onLoop(() -> peers.isAcceptedBuddy(to) ? voicemail.forward(id, to)
                : CompletableFuture.<VoicemailControl.Left>failedFuture(new IllegalArgumentException(to + " is not a buddy")))
                .thenCompose(f -> f);
    }

    /** Answers an incoming call. */
    public CompletableFuture<Void> answer(String callId) {
        return onLoop(() -> {
            calls.answer(callId);
            return null;
        });
    }

    /** Refuses an incoming call (486). */
    public CompletableFuture<Void> reject(String callId) {
        return onLoop(() -> {
            calls.reject(callId);
            return null;
        });
    }

    /** Hangs up a call. */
    public CompletableFuture<Void> hangup(String callId) {
        return onLoop(() -> {
            calls.hangup(callId);
            return null;
        });
    }

    /** Puts a call on hold or takes it off. */
    public CompletableFuture<Void> hold(String callId, boolean hold) {
        return onLoop(() -> {
            if (hold) {
                calls.hold(callId);
            } else {
                calls.resume(callId);
            }
            return null;
        });
    }

    /** Sends DTMF digits in a call. */
    public CompletableFuture<Void> dtmf(String callId, String digits) {
        return onLoop(() -> {
            calls.dtmf(callId, digits);
            return null;
        });
    }

    /** Every call so far. */
    public CompletableFuture<List<CallView>> calls() {
        return onLoop(calls::calls);
    }

    /** Whether {@code request} is an INVITE the access server's redirect server sent to this login (FIG. 15). */
    private boolean redirectedHere(SipRequest request) {
        SessionInfo current = session;
        Optional<String> trunk = current == null ? Optional.empty()
                : redirects.admit(request, config.userId(), current.locationId(), current.token(), loop.clock().instant());
        trunk.ifPresent(t -> LOG.info(() -> "INVITE from " + SignalingAgent.senderOf(request)
                + " admitted: redirected by the access server for trunk " + t));
        return trunk.isPresent();
    }

    /** The bearer token of the current login, for tools that talk to the access server's API as this session. */
    public Optional<String> sessionToken() {
        SessionInfo current = session;
        return current == null ? Optional.empty() : Optional.of(current.token());
    }

    /** Whether the endpoint is logged in. */
    public boolean loggedIn() {
        return session != null;
    }

    /** Stops everything (without logging out: call {@link #logout()} first for a clean goodbye). */
    @Override
    public void close() {
        cancelTimers();
        mediaPorts.close();
        sip.close();
        loop.close();
        try {
            history.close();
        } catch (SQLException e) {
            LOG.log(Level.FINE, "history close", e);
        }
    }

    // ---------------------------------------------------------------- identity

    /**
     * Signs from now on with the credential {@code info} carries for our session key, checked against the
     * authority it names (docs/security.md); without one, buddies will not believe us and we believe nobody.
     */
    private void useCredential(SessionInfo info) {
        java.security.KeyPair keys = sessionKeys;
        if (info.credential() == null || info.authority() == null || keys == null) {
            believeNoOne();
            emit(new SoftswitchEvent.Problem("the access server certified no key for this location: buddies will not believe it"));
            return;
        }
        try {
            java.security.cert.X509Certificate authority = LocationCertificate.authority(
                    Der.decode(info.authority(), "authority"));
            LocationCredential credential = LocationCredential.verify(
                    info.credential(), authority.getPublicKey(), loop.clock().instant());
            if (!credential.key().equals(keys.getPublic()) || !credential.userId().equalsIgnoreCase(config.userId())) {
                throw new CertificateProblem("it certifies another key or user");
            }
            authenticator.configure(keys.getPrivate(), credential, authority.getPublicKey());
            messageCrypto.trust(authority.getPublicKey());
            useTlsCertificate(info, keys, authority);
        } catch (CertificateProblem | RuntimeException e) {
            believeNoOne();
            emit(new SoftswitchEvent.Problem("the access server's credential for this location is not usable: " + e.getMessage()));
        }
    }

    /** Signs nothing and believes no one: no Identity headers, no TLS peers, no message keys (logout, no usable credential). */
    private void believeNoOne() {
        authenticator.clear();
        sip.tls().clear();
        messageCrypto.trust(null);
    }

    /**
     * SIP over TLS presents the session certificate the access server issued for our session key (docs/security.md,
     * "Stock SIP clients"); without one, TLS peers are refused until the next login or keepalive brings one.
     */
    private void useTlsCertificate(SessionInfo info, KeyPair keys, X509Certificate authority)
            throws CertificateProblem {
        if (info.certificate() == null) {
            sip.tls().clear();
            return;
        }
        LocationCertificate certificate = LocationCertificate.verify(Der.decode(info.certificate(), "certificate"), authority,
                loop.clock().instant());
        if (!certificate.publicKey().equals(keys.getPublic())) {
            throw new CertificateProblem("the session certificate certifies another key");
        }
        sip.tls().configure(keys.getPrivate(), LocationCertificate.x509(certificate.der()), authority);
        // A revoked device that called us was learned as a location of its user: calls must not go to it any more.
        sip.tls().revoke(info.revokedDevices()).forEach(r -> routing.remove(r.peer().userId(), null, r.remote()));
    }

    /** TLS handshakes whose peer certificate the user authority vouched for, and those refused (docs/security.md). */
    public long[] tlsCounters() {
        return sip.tls().counters();
    }

    /** Where stock SIP clients with a device certificate reach this endpoint over TLS (docs/security.md). */
    public InetSocketAddress sipTlsAddress() {
        return sip.tlsAddress();
    }

    /** A presence SUBSCRIBE to a buddy shows our installation's certified message key (docs/security.md). */
    private SipRequest withMessageKey(SipRequest request) {
        String credential = ownMessageKey;
        boolean presence = request.method().equals("SUBSCRIBE") && request.header("Event").map(e -> e.strip().startsWith("presence"))
                .orElse(false);
        return credential == null || !presence || request.header(MessageCrypto.HEADER).isPresent() ? request
                : request.addHeader(MessageCrypto.HEADER, credential);
    }

    /**
     * A buddy's signed request showed its installation's message key: believed when the authority certified it for
     * that very user, and kept on the location it came from, so messages to a buddy who logged in after us are sealed.
     */
    private void learnMessageKey(SipEvent.IncomingRequest incoming) {
        SipRequest request = incoming.request();
        String userId = incoming.peer().map(p -> p.userId()).orElse(null);
        Optional<String> credential = userId == null || !peers.isAcceptedBuddy(userId) ? Optional.empty()
                : messageCrypto.shown(userId, request);
        if (credential.isPresent()) {
            String contact = request.header("Contact").flatMap(NameAddr::parse).map(NameAddr::uri).orElse(null);
            routing.messageKey(userId, contact, incoming.source(), credential.get());
        }
    }

    /** What authenticating peers has counted so far (docs/operations.md). */
    public PeerAuthenticator.Counters authenticationCounters() {
        return authenticator.counters();
    }

    // ---------------------------------------------------------------- keepalives

    private void scheduleKeepalives() {
        cancelTimers();
        long every = Math.max(1, session.expires() / 2);
        keepalive = loop.schedule(Duration.ofSeconds(every), this::serverKeepalive);
        if (config.stunServer().isPresent()) {
            natKeepalive = loop.schedule(config.keepaliveInterval(), this::natKeepalive);
        }
    }

    private void serverKeepalive() {
        SessionInfo current = session;
        if (current == null) {
            return;
        }
        InetSocketAddress publicAddress = me.contact();
        blocking(() -> server.keepalive(current.token(), new KeepaliveRequest(TransportAddress.of(publicAddress), null,
                natType, config.sessionExpires(), config.stunServer().map(TransportAddress::of).orElse(null)))).whenComplete((info, failure) -> loop.execute(() -> {
            if (session == null) {
                return;
            }
            if (failure != null) {
                Throwable cause = failure.getCause() == null ? failure : failure.getCause();
                if (cause instanceof AccessServerException e && e.status() == 401) {
                    emit(new SoftswitchEvent.Problem("the access server ended our session; logging in again"));
                    login().exceptionally(again -> {
                        emit(new SoftswitchEvent.Problem("login again failed: " + again.getMessage()));
                        return null;
                    });
                    return;
                }
                emit(new SoftswitchEvent.Problem("keepalive failed: " + cause.getMessage()));
                keepalive = loop.schedule(Duration.ofSeconds(10), this::serverKeepalive);
                return;
            }
            session = new SessionInfo(current.token(), info.locationId(), info.expires(), info.expiresAt(), info.observedAddress(),
                    info.reflector(), info.notifications(), info.certificate(), info.authority(), info.credential(),
                    info.messageKey() != null ? info.messageKey() : current.messageKey());
            useCredential(info);
            ownMessageKey = session.messageKey();
            reflectors.grant(info.reflector());
            serverChannel.open(info.notifications(), current.token());
            keepalive = loop.schedule(Duration.ofSeconds(Math.max(1, info.expires() / 2)), this::serverKeepalive);
        }));
    }

    /**
     * Whether a call's media to {@code remoteRtp} goes through the peer's reflector: where a symmetric NAT
     * meets a port-filtering one (table 2300), and we hold a reflector grant.
     */
    private Optional<RtpMediaSession.Relay> mediaRelay(InetSocketAddress remoteRtp) {
        return paths.atAddress(remoteRtp.getAddress())
                .filter(peer -> peer.reflector() != null && TraversalTable.relayMedia(natType, peer.nat()) && reflectors.available()
                        && reflectors.reaches(remoteRtp.getAddress()))
                .map(peer -> new RtpMediaSession.Relay(reflectors, peer.reflector()));
    }

    /**
     * The access server's assist (FIG. 6 steps 618-622): a buddy logged in whose packets our NAT would
     * drop, so we ping it first — straight to the public address the server vouches for and nowhere else —
     * and its presence SUBSCRIBE gets through the pinhole that opens. Only for accepted buddies.
     */
    /**
     * This endpoint's DTLS certificate for media (RFC 5763 section 5), with one handshake run against itself in the
     * background so that the first call's handshake does not pay the JVM's warm-up.
     */
    private static DtlsCertificate mediaCertificate() {
        DtlsCertificate certificate = DtlsCertificate.generate(Instant.now());
        Thread.ofVirtual().name("dtls-warm-up").start(() -> {
            try {
                DtlsSrtpHandshake.warmUp(certificate);
            } catch (IOException e) {
                LOG.warning(() -> "DTLS-SRTP does not work here, encrypted calls will fail: " + e.getMessage());
            }
        });
        return certificate;
    }

    private void assisted(RoutingEntry newcomer) {
        if (session == null || !peers.isAcceptedBuddy(newcomer.userId())) {
            LOG.info(() -> "an assist for " + newcomer.userId() + ", who is not an accepted buddy, was ignored");
            return;
        }
        learnPath(newcomer);
        InetSocketAddress address = newcomer.publicAddress().toSocketAddress();
        sip.ping(address);
        emit(new SoftswitchEvent.Assisted(newcomer.userId(), newcomer.publicAddress().toString()));
    }

    /**
     * The server kept something for us while we were online (a buddy found us unreachable) and said so
     * over its channel (FIG. 10 step 1010): a message is fetched, shown and deleted on the server at once.
     */
    private void storedWhileOnline(PendingItem item) {
        SessionInfo current = session;
        if (current != null && BuddyControl.PENDING_KIND.equals(item.kind())) {
            buddyList.pendingWhileOnline(item).exceptionally(failure -> {
                emit(new SoftswitchEvent.Problem("a buddy request was not retrieved: " + reason(failure)));
                return null;
            });
            return;
        }
        if (current != null && VoicemailControl.PENDING_KIND.equals(item.kind())) {
            voicemail.pendingWhileOnline(item);
            return;
        }
        if (current == null || !OfflineMessages.PENDING_KIND.equals(item.kind())) {
            return;
        }
        offline.retrieve(Mailbox.of(server, current.token()), List.of(item)).thenAccept(report -> {
            if (report.problem() != null) {
                emit(new SoftswitchEvent.Problem("a stored message was not retrieved: " + report.problem()));
            }
        });
    }

    /** A buddy location of the routing table: how to reach it (table 2300, FIG. 24-30). */
    private void learnPath(RoutingEntry entry) {
        reflectors.allow(entry.reach());
        InetSocketAddress reflector = entry.reflector() == null ? null : entry.reflector().toSocketAddress();
        paths.learn(entry.publicAddress().toSocketAddress(), entry.natType(), reflector);
    }

    private void natKeepalive() {
        config.stunServer().ifPresent(server -> stun.binding(server, STUN_DEADLINE).whenComplete((address, failure) ->
                loop.execute(() -> {
                    if (session == null) {
                        return;
                    }
                    if (address != null && !address.equals(me.contact())) {
                        LOG.info(() -> "public address changed from " + me.contact() + " to " + address);
                        me = me.withContact(address);
                        sip.advertise(address);
                        presence.setStatus(status, note);
                        serverKeepalive();
                    }
                    natKeepalive = loop.schedule(config.keepaliveInterval(), this::natKeepalive);
                })));
    }

    private void cancelTimers() {
        if (keepalive != null) {
            keepalive.cancel();
        }
        if (natKeepalive != null) {
            natKeepalive.cancel();
        }
    }

    // ---------------------------------------------------------------- plumbing

    private void received(ImControl.Received message) {
        remember(HistoryEntry.Direction.IN, message.from(), message.text(), HistoryEntry.Status.RECEIVED);
        emit(new SoftswitchEvent.MessageReceived(message.from(), message.text(), null, null, message.encrypted()));
    }

    private HistoryEntry remember(HistoryEntry.Direction direction, String peer, String text, HistoryEntry.Status status) {
        try {
            return history.add(loop.clock().instant(), direction, peer, text, status);
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "message not kept in the history", e);
            return null;
        }
    }

    private static String reason(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof AccessServerException e ? e.reason() : String.valueOf(cause.getMessage());
    }

    private void emit(SoftswitchEvent event) {
        listeners.forEach(l -> l.accept(event));
    }

    private <T> CompletableFuture<T> onLoop(Supplier<T> work) {
        return loop.submit(work);
    }

    /** Runs a blocking exchange with the access server on a virtual thread. */
    private static <T> CompletableFuture<T> blocking(ServerCall<T> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                result.complete(call.run());
            } catch (AccessServerException | RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private interface ServerCall<T> {
        T run() throws AccessServerException;
    }

    /** {@code call} with the current session's token, on a virtual thread; fails when not logged in. */
    private <T> CompletableFuture<T> withSession(TokenCall<T> call) {
        return onLoop(() -> session).thenCompose(current -> current == null
                ? CompletableFuture.failedFuture(new IllegalStateException("not logged in"))
                : blocking(() -> call.run(current.token())));
    }

    private interface TokenCall<T> {
        T run(String token) throws AccessServerException;
    }

    private static String domain(EndpointConfig config) {
        return config.serverUrl().getHost();
    }

    private static String instanceId(Path dataDir) throws IOException {
        Path file = dataDir.resolve("instance-id");
        if (Files.isRegularFile(file)) {
            String id = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (!id.isEmpty()) {
                return id;
            }
        }
        String id = UUID.randomUUID().toString();
        try {
            Files.writeString(file, id + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the instance ID in " + file, e);
        }
        return id;
    }
}
