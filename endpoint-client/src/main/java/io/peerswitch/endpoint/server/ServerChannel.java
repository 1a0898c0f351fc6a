package io.peerswitch.endpoint.server;

import io.peerswitch.endpoint.loop.EventLoop;
import io.peerswitch.endpoint.sip.Dialog;
import io.peerswitch.endpoint.sip.Ids;
import io.peerswitch.endpoint.sip.LocalParty;
import io.peerswitch.endpoint.sip.SignalingAgent;
import io.peerswitch.endpoint.sip.SipEvent;
import io.peerswitch.wire.MalformedJsonException;
import io.peerswitch.wire.WireJson;
import io.peerswitch.wire.notice.Notice;
import io.peerswitch.wire.routing.RoutingEntry;
import io.peerswitch.wire.session.NotificationChannel;
import io.peerswitch.wire.sip.NameAddr;
import io.peerswitch.wire.sip.SipRequest;
import io.peerswitch.wire.sip.SipResponse;
import io.peerswitch.wire.sip.SipUri;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The endpoint's side of the access server's SIP channel (FIG. 6): after login it SUBSCRIBEs to the
 * server's event package {@value NotificationChannel#EVENT_PACKAGE} over UDP from its SIP socket,
 * signed with this location's credential (RFC 8224; no bearer token on the wire), refreshes at half the granted
 * time (RFC 6665 section 4.1.2.1), keeps the flow's NAT pinhole open with a CRLF keepalive when the
 * server says so (step 608; RFC 5626 section 4.4.1), and hands each assist notice (step 618) on.
 * Owned by the event loop.
 */
public final class ServerChannel {

    private static final Logger LOG = Logger.getLogger(ServerChannel.class.getName());

    /** How long a subscription is asked for; the server may grant less. */
    public static final Duration SUBSCRIPTION = Duration.ofMinutes(10);
    /** Wait before subscribing again after a failure or a terminated subscription. */
    public static final Duration RETRY = Duration.ofSeconds(30);

    /** Sends a keepalive datagram straight to an address from the SIP socket. */
    @FunctionalInterface
    public interface Pinger {
        void ping(InetSocketAddress to);
    }

    private final SignalingAgent agent;
    private final EventLoop loop;
    private final Supplier<LocalParty> me;
    private final Pinger pinger;
    private final Consumer<RoutingEntry> onAssist;
    private Consumer<io.peerswitch.wire.pending.PendingItem> onPending = item -> { };
    private Consumer<Long> onRoutes = version -> { };

    private NotificationChannel channel;
    private InetSocketAddress server;
    private String token;
    private SipRequest initial;
    private Dialog dialog;
    private boolean active;
    private EventLoop.Timer refresh;
    private EventLoop.Timer keepalive;

    public ServerChannel(SignalingAgent agent, Supplier<LocalParty> me, Pinger pinger, Consumer<RoutingEntry> onAssist) {
        this.agent = agent;
        this.loop = agent.loop();
        this.me = me;
        this.pinger = pinger;
        this.onAssist = onAssist;
        agent.onNotify(NotificationChannel.EVENT_PACKAGE, this::onNotify);
    }

    /** Where pending notices go: something was stored for us on the server while we were online (FIG. 10 step 1010). */
    public void onPending(Consumer<io.peerswitch.wire.pending.PendingItem> listener) {
        this.onPending = listener;
    }

    /** Where the version announced by a {@code routes} notice goes (FIG. 14 step 1410). */
    public void onRoutes(Consumer<Long> listener) {
        this.onRoutes = listener;
    }

    /**
     * Opens (or, after a new login, re-opens) the channel the server named at login; {@code null} when the
     * server has no SIP face. The same channel and token again changes nothing.
     */
    public void open(NotificationChannel named, String sessionToken) {
        if (named != null && named.equals(channel) && sessionToken.equals(token) && (initial != null || dialog != null)) {
            return;
        }
        close();
        if (named == null) {
            return;
        }
        Optional<InetSocketAddress> address = SipUri.parse(named.uri())
                .filter(u -> u.host() != null && !u.host().isEmpty())
                .map(u -> new InetSocketAddress(u.host(), u.port() < 0 ? 5060 : u.port()));
        if (address.isEmpty() || address.get().isUnresolved()) {
            LOG.warning(() -> "the access server named a notification channel that is not a SIP URI with an IP address: " + named.uri());
            return;
        }
        channel = named;
        server = address.get();
        token = sessionToken;
        active = true;
        subscribe();
        if (named.keepaliveSeconds() > 0) {
            scheduleKeepalive();
        }
    }

    /** Ends the subscription (Expires 0) and the keepalives, e.g. at logout. */
    public void close() {
        active = false;
        cancel(refresh);
        cancel(keepalive);
        if (dialog != null) {
            Dialog.Outgoing end = dialog.request("SUBSCRIBE");
            agent.send(withAuth(end.request()).addHeader("Expires", "0"), ignore());
        }
        dialog = null;
        initial = null;
        channel = null;
    }

    /** Whether the server accepted the subscription and it is live. */
    public boolean subscribed() {
        return active && dialog != null;
    }

    private void subscribe() {
        LocalParty self = me.get();
        SipRequest request = new SipRequest("SUBSCRIBE", requestUri(), List.of(), new byte[0])
                .addHeader("Max-Forwards", "70")
                .addHeader("From", NameAddr.parse(self.nameAddr()).orElseThrow().withTag(Ids.tag()).toString())
                .addHeader("To", "<" + self.aor() + ">")
                .addHeader("Call-ID", Ids.callId(self.contact().getAddress().getHostAddress()))
                .addHeader("CSeq", "1 SUBSCRIBE")
                .addHeader("Contact", self.contactHeader())
                .addHeader("Expires", Long.toString(SUBSCRIPTION.toSeconds()));
        initial = withAuth(request);
        dialog = null;
        SipRequest sent = initial;
        agent.send(sent, new SignalingAgent.ResponseHandler() {
            @Override
            public void onResponse(SipResponse response) {
                if (response.status() >= 200 && sent == initial) {
                    answered(sent, response);
                }
            }

            @Override
            public void onFailure(String reason) {
                if (sent == initial) {
                    failed("no answer: " + reason);
                }
            }
        });
    }

    private void answered(SipRequest request, SipResponse response) {
        if (response.status() >= 300) {
            failed(response.status() + " " + response.reason());
            return;
        }
        dialog = Dialog.asUac(request, response, me.get().contactHeader()).withRemoteTarget(requestUri());
        long granted = response.header("Expires").map(ServerChannel::seconds).orElse(SUBSCRIPTION.toSeconds());
        LOG.fine(() -> "subscribed to the access server's notices at " + channel.uri() + " for " + granted + " s");
        cancel(refresh);
        refresh = loop.schedule(Duration.ofSeconds(Math.max(1, granted / 2)), this::refresh);
    }

    private void failed(String reason) {
        LOG.info(() -> "subscription to the access server's notices failed (" + reason + "); again in " + RETRY.toSeconds() + " s");
        dialog = null;
        initial = null;
        cancel(refresh);
        // A 401 means the session ended; the softswitch's keepalive notices and logs in again, which re-opens.
        refresh = loop.schedule(RETRY, () -> {
            if (active) {
                subscribe();
            }
        });
    }

    private void refresh() {
        if (!active || dialog == null) {
            return;
        }
        Dialog.Outgoing next = dialog.request("SUBSCRIBE");
        dialog = next.dialog();
        Dialog current = dialog;
        agent.send(withAuth(next.request()).addHeader("Expires", Long.toString(SUBSCRIPTION.toSeconds())),
                new SignalingAgent.ResponseHandler() {
                    @Override
                    public void onResponse(SipResponse response) {
                        if (response.status() < 200 || dialog != current) {
                            return;
                        }
                        if (response.status() < 300) {
                            long granted = response.header("Expires").map(ServerChannel::seconds).orElse(SUBSCRIPTION.toSeconds());
                            refresh = loop.schedule(Duration.ofSeconds(Math.max(1, granted / 2)), ServerChannel.this::refresh);
                        } else {
                            failed("refresh answered " + response.status());
                        }
                    }

                    @Override
                    public void onFailure(String reason) {
                        if (dialog == current) {
                            failed("refresh not answered: " + reason);
                        }
                    }
                });
    }

    /** A NOTIFY of our event package: in our subscription's dialog, else 481 (RFC 6665 section 4.1.3). */
    private void onNotify(SipEvent.IncomingRequest incoming) {
        SipRequest notify = incoming.request();
        SipRequest ours = initial;
        boolean inDialog = ours != null && ours.callId().equals(notify.callId())
                && notify.to().tag().equals(ours.from().tag());
        if (!inDialog) {
            agent.reply(incoming, 481, null);
            return;
        }
        agent.reply(incoming, 200, null);
        if (dialog == null) {
            // The NOTIFY overtook the 200 to our SUBSCRIBE (RFC 6665 section 4.1.2.4): its From tag is the dialog's.
            dialog = new Dialog(ours.callId(), ours.from().tag().orElseThrow(), notify.from().tag().orElse(""),
                    ours.from().withoutTag().toString(), ours.to().toString(), requestUri(), ours.cseq().number(), notify.cseq().number(),
                    me.get().contactHeader());
        }
        String state = notify.header("Subscription-State").orElse("active").toLowerCase(Locale.ROOT);
        Optional<Notice> notice = notice(notify);
        notice.filter(n -> Notice.ASSIST.equals(n.kind())).map(Notice::location).ifPresent(onAssist);
        notice.filter(n -> Notice.PENDING.equals(n.kind())).map(Notice::item).ifPresent(onPending);
        notice.filter(n -> Notice.ROUTES.equals(n.kind())).map(Notice::routesVersion).ifPresent(onRoutes);
        if (state.startsWith("terminated") && active) {
            LOG.info(() -> "the access server ended our subscription (" + state + "); subscribing again in " + RETRY.toSeconds() + " s");
            failed("terminated by the server");
        }
    }

    private static Optional<Notice> notice(SipRequest notify) {
        if (notify.body().length == 0) {
            return Optional.empty();
        }
        if (!notify.contentType().map(t -> t.toLowerCase(Locale.ROOT).startsWith(NotificationChannel.CONTENT_TYPE)).orElse(false)) {
            LOG.fine(() -> "a server NOTIFY with a body of type " + notify.contentType().orElse("(none)") + " was ignored");
            return Optional.empty();
        }
        try {
            return Optional.of(WireJson.decode(notify.body(), Notice.class));
        } catch (MalformedJsonException e) {
            LOG.info(() -> "an unreadable notice from the access server was ignored: " + e.getMessage());
            return Optional.empty();
        }
    }

    private void scheduleKeepalive() {
        keepalive = loop.schedule(Duration.ofSeconds(channel.keepaliveSeconds()), () -> {
            if (active && server != null) {
                pinger.ping(server);
                scheduleKeepalive();
            }
        });
    }

    /** Always UDP: the flow whose NAT pinhole the keepalives hold open is the SIP socket's (RFC 5626 section 3). */
    private String requestUri() {
        return SipUri.parse(channel.uri()).map(u -> u.withParameter("transport", "udp").toString()).orElse(channel.uri());
    }

    private SipRequest withAuth(SipRequest request) {
        // No token on the wire: the transport signs the SUBSCRIBE with this location's credential (docs/security.md).
        return request.addHeader("Event", NotificationChannel.EVENT_PACKAGE);
    }

    private static SignalingAgent.ResponseHandler ignore() {
        return new SignalingAgent.ResponseHandler() {
            @Override
            public void onResponse(SipResponse response) {
            }

            @Override
            public void onFailure(String reason) {
            }
        };
    }

    private static void cancel(EventLoop.Timer timer) {
        if (timer != null) {
            timer.cancel();
        }
    }

    private static long seconds(String value) {
        try {
            return Math.max(0, Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            return SUBSCRIPTION.toSeconds();
        }
    }
}
