package io.peerswitch.server.sip.redirect;

import io.peerswitch.wire.sip.SipCodec;
import io.peerswitch.wire.sip.SipHeader;
import io.peerswitch.wire.sip.SipParseResult;
import io.peerswitch.wire.sip.SipRequest;
import io.peerswitch.wire.sip.SipResponse;
import io.peerswitch.wire.sip.SipResponses;
import io.peerswitch.wire.sip.Via;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The redirect server's transport (FIG. 15): UDP and TCP on one port, one thread that owns every socket,
 * the {@link InviteServerTransactions} and the {@link SourceRateLimit}; each request is read by our codec
 * (malformed ones get its 400/505/513, never for ACK), decided by the {@link RedirectPolicy} and answered as
 * RFC 3261 section 18.2.2 and RFC 3581 say (UDP: to the source address, the source port when rport is asked
 * for, else the sent-by port; TCP: on the connection it came on).
 */
public final class RedirectServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RedirectServer.class.getName());
    /** Most INVITE transactions held; beyond, INVITEs are answered statelessly (RFC 3261 section 8.2.7). */
    public static final int MAX_TRANSACTIONS = 200_000;
    /** Most TCP connections open at once; more are refused. */
    public static final int MAX_CONNECTIONS = 4_096;
    /** A TCP connection idle this long is closed. */
    public static final Duration IDLE_CONNECTION = Duration.ofMinutes(2);
    /** The port a Via without one means (RFC 3261 section 18.2.2). */
    private static final int DEFAULT_PORT = 5060;
    /** Datagrams read per wake-up before timers and TCP get their turn. */
    private static final int BATCH = 256;

    /** Counters for operations and benchmarks, with the policy's (unproven credentials, per-trunk lock-outs). */
    public record Stats(long requests, long responses, long malformed, long dropped, long rateLimited, int transactions,
                        long transactionsTimedOut, int connections, RedirectPolicy.Stats guessing) {
    }

    private final RedirectPolicy policy;
    private final SourceRateLimit limits;
    private final Clock clock;
    private final DatagramChannel udp;
    private final ServerSocketChannel tcp;
    private final Selector selector;
    private final InviteServerTransactions<Object> transactions = new InviteServerTransactions<>(MAX_TRANSACTIONS);
    private final ByteBuffer receive = ByteBuffer.allocateDirect(SipCodec.MAX_MESSAGE_BYTES + 1);
    private final byte[] scratch = new byte[SipCodec.MAX_MESSAGE_BYTES + 1];
    private final Thread thread;
    private long requests;
    private long responses;
    private long malformed;
    private long dropped;
    private volatile Stats published = new Stats(0, 0, 0, 0, 0, 0, 0, 0,
            new RedirectPolicy.Stats(0, new TrunkGuessLimit.Stats(0, 0, 0, 0, 0)));
    private volatile boolean running = true;
    private int connections;
    private Instant lastSweep;

    private RedirectServer(RedirectPolicy policy, SourceRateLimit limits, Clock clock, DatagramChannel udp,
                           ServerSocketChannel tcp, Selector selector) {
        this.policy = policy;
        this.limits = limits;
        this.clock = clock;
        this.udp = udp;
        this.tcp = tcp;
        this.selector = selector;
        this.lastSweep = clock.instant();
        this.thread = new Thread(this::run, "peerswitch-redirect");
        this.thread.setDaemon(true);
    }

    /** Binds UDP and TCP on {@code address}:{@code port} (0: a free port, the same for both) and starts serving. */
    public static RedirectServer start(RedirectPolicy policy, SourceRateLimit limits, Clock clock, String address, int port)
            throws IOException {
        InetAddress bind = InetAddress.getByName(address);
        Selector selector = Selector.open();
        DatagramChannel udp = DatagramChannel.open(bind instanceof java.net.Inet6Address ? StandardProtocolFamily.INET6
                : StandardProtocolFamily.INET);
        ServerSocketChannel tcp = ServerSocketChannel.open();
        try {
            udp.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
            udp.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
            udp.bind(new InetSocketAddress(bind, port));
            int bound = ((InetSocketAddress) udp.getLocalAddress()).getPort();
            tcp.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            tcp.bind(new InetSocketAddress(bind, bound), 512);
            udp.configureBlocking(false);
            tcp.configureBlocking(false);
            udp.register(selector, SelectionKey.OP_READ);
            tcp.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException | RuntimeException e) {
            udp.close();
            tcp.close();
            selector.close();
            throw e;
        }
        RedirectServer server = new RedirectServer(policy, limits, clock, udp, tcp, selector);
        server.thread.start();
        return server;
    }

    /** The bound UDP (and TCP) address. */
    public InetSocketAddress localAddress() {
        try {
            return (InetSocketAddress) udp.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("the redirect server is closed", e);
        }
    }

    /** The counters as of the last loop turn (the loop's thread owns them; this snapshot is what others read). */
    public Stats stats() {
        return published;
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- the loop (its thread only)

    private void run() {
        try {
            while (running) {
                long wait = transactions.nextDue()
                        .map(due -> Math.max(1, Duration.between(clock.instant(), due).toMillis()))
                        .orElse(1_000L);
                selector.select(Math.min(wait, 1_000L));
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    onReady(key);
                }
                Instant now = clock.instant();
                for (InviteServerTransactions.Retransmission<Object> r : transactions.fire(now)) {
                    send(r.response(), r.destination());
                }
                if (Duration.between(lastSweep, now).toSeconds() >= 1) {
                    sweepIdle(now);
                    lastSweep = now;
                }
                publish();
            }
        } catch (IOException | ClosedSelectorException e) {
            if (running) {
                LOG.log(Level.SEVERE, "the redirect server stopped", e);
            }
        } finally {
            closeAll();
        }
    }

    private void onReady(SelectionKey key) {
        try {
            if (!key.isValid()) {
                return;
            }
            if (key.channel() == udp) {
                readDatagrams();
            } else if (key.isAcceptable()) {
                accept();
            } else {
                Connection c = (Connection) key.attachment();
                if (key.isReadable()) {
                    c.read();
                }
                if (key.isValid() && key.isWritable()) {
                    c.flush();
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "redirect server I/O", e);
            if (key.attachment() instanceof Connection c) {
                c.close();
            }
        }
    }

    private void readDatagrams() throws IOException {
        for (int i = 0; i < BATCH; i++) {
            receive.clear();
            InetSocketAddress source = (InetSocketAddress) udp.receive(receive);
            if (source == null) {
                return;
            }
            receive.flip();
            int n = receive.remaining();
            receive.get(scratch, 0, n);
            if (n > SipCodec.MAX_MESSAGE_BYTES) {
                dropped++;
                continue;
            }
            handle(scratch, n, source, null);
        }
    }

    private void accept() throws IOException {
        SocketChannel channel = tcp.accept();
        if (channel == null) {
            return;
        }
        if (connections >= MAX_CONNECTIONS) {
            channel.close();
            dropped++;
            return;
        }
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        Connection c = new Connection(channel, clock.instant());
        c.key = channel.register(selector, SelectionKey.OP_READ, c);
        connections++;
    }

    /** One request or response that arrived: limited, parsed, matched, decided, answered. */
    private void handle(byte[] data, int length, InetSocketAddress source, Connection connection) {
        Instant now = clock.instant();
        if (!limits.admit(source.getAddress(), now)) {
            return;
        }
        requests++;
        SipParseResult parsed = SipCodec.parse(data, 0, length);
        switch (parsed) {
            case SipParseResult.Dropped d -> malformed++;
            case SipParseResult.Rejected r -> {
                malformed++;
                respond(SipResponses.reply(r.request(), r.status(), r.reason(), SipResponses.statelessTag(r.request())),
                        r.request(), source, connection);
            }
            case SipParseResult.Parsed(SipResponse response) -> dropped++; // we send no requests
            case SipParseResult.Parsed(SipRequest request) -> handle(request, source, connection, now);
            case SipParseResult.Parsed p -> dropped++;
        }
    }

    private void handle(SipRequest request, InetSocketAddress source, Connection connection, Instant now) {
        String method = request.method();
        if (method.equals("ACK") || method.equals("INVITE") || method.equals("CANCEL")) {
            switch (transactions.match(request, now)) {
                case InviteServerTransactions.Verdict.Absorbed<Object> a -> {
                    return;
                }
                case InviteServerTransactions.Verdict.Resend<Object> r -> {
                    send(r.response(), r.destination());
                    return;
                }
                case InviteServerTransactions.Verdict.Cancel<Object> c -> {
                    int status = c.matched() ? 200 : 481;
                    respond(SipResponses.reply(request, status, null, SipResponses.statelessTag(request)), request, source,
                            connection);
                    return;
                }
                case InviteServerTransactions.Verdict.New<Object> n -> {
                    if (method.equals("ACK")) {
                        return; // an ACK for nothing of ours (or a 2xx ACK): nothing to do
                    }
                }
            }
        }
        RedirectPolicy.Decision decision = policy.decide(request, source.getAddress(), now);
        if (decision.authenticationFailed()) {
            limits.failed(source.getAddress(), now);
        }
        Sent sent = respond(decision.response(), request, source, connection);
        if (method.equals("INVITE") && sent != null) {
            transactions.completed(request, sent.bytes(), sent.destination(), connection != null, now);
        }
    }

    /** A response sent: its octets and where they went (an address or a connection). */
    private record Sent(byte[] bytes, Object destination) {
    }

    /** Sends {@code response} where RFC 3261 section 18.2.2 says; null if it could not be built. */
    private Sent respond(SipResponse response, SipRequest request, InetSocketAddress source, Connection connection) {
        List<Via> vias;
        try {
            vias = request.vias();
        } catch (RuntimeException e) {
            vias = List.of();
        }
        if (vias.isEmpty()) {
            // A malformed Via (RFC 4475 section 3.1.2.1): the 400 goes back where the request came from.
            return sendRaw(response, connection != null ? connection : source);
        }
        Via top = vias.get(0);
        String sourceIp = source.getAddress().getHostAddress();
        Via stamped = top;
        if (!stripBrackets(top.host()).equalsIgnoreCase(sourceIp)) {
            stamped = stamped.withReceived(sourceIp);
        }
        if (top.rportRequested()) {
            stamped = stamped.withRport(source.getPort());
        }
        SipResponse out = stamped == top ? response : withTopVia(response, stamped);
        byte[] bytes;
        try {
            bytes = SipCodec.format(out);
        } catch (IllegalArgumentException e) {
            return null;
        }
        Object destination = connection != null ? connection
                : top.rportRequested() ? source
                : new InetSocketAddress(source.getAddress(), top.port() < 0 ? DEFAULT_PORT : top.port());
        send(bytes, destination);
        return new Sent(bytes, destination);
    }

    private Sent sendRaw(SipResponse response, Object destination) {
        try {
            byte[] bytes = SipCodec.format(response);
            send(bytes, destination);
            return new Sent(bytes, destination);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static SipResponse withTopVia(SipResponse response, Via top) {
        List<SipHeader> headers = new ArrayList<>(response.headers());
        for (int i = 0; i < headers.size(); i++) {
            if (headers.get(i).name().equalsIgnoreCase("Via") || headers.get(i).name().equals("v")) {
                String value = headers.get(i).value();
                List<Via> all = Via.parseAll(value);
                StringBuilder rewritten = new StringBuilder(top.toString());
                for (int j = 1; j < all.size(); j++) {
                    rewritten.append(", ").append(all.get(j));
                }
                headers.set(i, new SipHeader("Via", rewritten.toString()));
                break;
            }
        }
        return new SipResponse(response.status(), response.reason(), headers, response.body());
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private void send(byte[] bytes, Object destination) {
        try {
            if (destination instanceof Connection c) {
                c.write(bytes);
            } else if (udp.send(ByteBuffer.wrap(bytes), (InetSocketAddress) destination) == 0) {
                dropped++;
                return;
            }
            responses++;
        } catch (IOException | RuntimeException e) {
            dropped++;
            LOG.log(Level.FINE, "a response to " + destination + " was not sent", e);
        }
    }

    private void sweepIdle(Instant now) {
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof Connection c && Duration.between(c.lastActivity, now).compareTo(IDLE_CONNECTION) > 0) {
                c.close();
            }
        }
    }

    private void publish() {
        published = new Stats(requests, responses, malformed, dropped, limits.dropped(),
                transactions.size(), transactions.timedOut(), connections, policy.stats());
    }

    private void closeAll() {
        for (SelectionKey key : selector.keys()) {
            try {
                key.channel().close();
            } catch (IOException e) {
                LOG.log(Level.FINE, "closing", e);
            }
        }
        try {
            selector.close();
            udp.close();
            tcp.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing", e);
        }
    }

    /** One TCP connection: its framer, what waits to be written, when it was last used. */
    private final class Connection {
        private final SocketChannel channel;
        private final StreamFramer framer = new StreamFramer(SipCodec.MAX_MESSAGE_BYTES);
        private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
        private final InetSocketAddress remote;
        private SelectionKey key;
        private Instant lastActivity;
        private boolean closed;

        Connection(SocketChannel channel, Instant now) throws IOException {
            this.channel = channel;
            this.remote = (InetSocketAddress) channel.getRemoteAddress();
            this.lastActivity = now;
        }

        void read() throws IOException {
            receive.clear();
            int n = channel.read(receive);
            if (n < 0) {
                close();
                return;
            }
            lastActivity = clock.instant();
            receive.flip();
            receive.get(scratch, 0, n);
            framer.append(scratch, 0, n);
            while (!closed) {
                switch (framer.next()) {
                    case StreamFramer.Frame.Message(byte[] bytes) -> handle(bytes, bytes.length, remote, this);
                    case StreamFramer.Frame.NeedMore more -> {
                        return;
                    }
                    case StreamFramer.Frame.Broken(String reason) -> {
                        malformed++;
                        LOG.fine(() -> "TCP stream from " + remote + " closed: " + reason);
                        close();
                        return;
                    }
                }
            }
        }

        void write(byte[] bytes) throws IOException {
            if (closed) {
                return;
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            if (pending.isEmpty()) {
                channel.write(buffer);
            }
            if (buffer.hasRemaining()) {
                pending.add(buffer);
                key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            }
        }

        void flush() throws IOException {
            while (!pending.isEmpty()) {
                channel.write(pending.peek());
                if (pending.peek().hasRemaining()) {
                    return;
                }
                pending.poll();
            }
            key.interestOps(SelectionKey.OP_READ);
        }

        void close() {
            if (closed) {
                return;
            }
            closed = true;
            connections--;
            try {
                channel.close();
            } catch (IOException e) {
                LOG.log(Level.FINE, "closing a TCP connection", e);
            }
        }
    }
}
