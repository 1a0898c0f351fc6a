package io.peerswitch.server.sip;

import gov.nist.javax.sip.Utils;
import gov.nist.javax.sip.message.SIPMessage;
import io.peerswitch.wire.sip.SipCodec;
import io.peerswitch.wire.sip.SipParseResult;
import io.peerswitch.wire.sip.SipRequest;
import io.peerswitch.wire.sip.SipResponse;
import io.peerswitch.wire.sip.jain.JainSipSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sip.ClientTransaction;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * {@link ServerSipChannel} over the JAIN-SIP RI (STACK.md: it runs inside WildFly 39; its listener is
 * this plain class, never an EJB). Messages cross the boundary as text, parsed by our codec; the stack
 * keeps the transactions (RFC 3261 section 17) and its logs go to java.util.logging.
 */
public final class JainSipServerChannel implements ServerSipChannel, SipListener {

    private static final Logger LOG = Logger.getLogger(JainSipServerChannel.class.getName());
    private static final AtomicInteger STACKS = new AtomicInteger();

    private final SipStack stack;
    private final SipProvider provider;
    private final MessageFactory messages;
    private final HeaderFactory headers;
    private final InetSocketAddress local;
    private final Map<ClientTransaction, Consumer<Outcome>> clients = new ConcurrentHashMap<>();
    private volatile Consumer<Incoming> handler = incoming -> { };

    private JainSipServerChannel(SipStack stack, SipProvider provider, MessageFactory messages, HeaderFactory headers,
                                 InetSocketAddress local) {
        this.stack = stack;
        this.provider = provider;
        this.messages = messages;
        this.headers = headers;
        this.local = local;
    }

    /** Starts a stack listening on {@code address}:{@code port} over UDP and TCP. */
    public static JainSipServerChannel start(String address, int port) throws IOException {
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        Properties p = JainSipSettings.base("peerswitch-server-" + STACKS.incrementAndGet());
        SipStack stack;
        try {
            stack = factory.createSipStack(p);
        } catch (javax.sip.PeerUnavailableException e) {
            throw new IOException("JAIN-SIP is not on the class path", e);
        }
        try {
            ListeningPoint udp = stack.createListeningPoint(address, port, ListeningPoint.UDP);
            ListeningPoint tcp = stack.createListeningPoint(address, port, ListeningPoint.TCP);
            SipProvider provider = stack.createSipProvider(udp);
            provider.addListeningPoint(tcp);
            JainSipServerChannel channel = new JainSipServerChannel(stack, provider, factory.createMessageFactory(),
                    factory.createHeaderFactory(), new InetSocketAddress(InetAddress.getByName(address), port));
            provider.addSipListener(channel);
            stack.start();
            return channel;
        } catch (javax.sip.InvalidArgumentException | javax.sip.TransportNotSupportedException | javax.sip.ObjectInUseException
                 | java.util.TooManyListenersException | javax.sip.PeerUnavailableException e) {
            stack.stop();
            throw new IOException("the SIP face cannot listen on " + address + ":" + port + ": " + e.getMessage(), e);
        } catch (SipException e) {
            stack.stop();
            throw new IOException("the SIP face cannot listen on " + address + ":" + port + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void onRequest(Consumer<Incoming> handler) {
        this.handler = handler;
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public void respond(Incoming incoming, SipResponse response) {
        if (!(incoming.transaction() instanceof ServerTransaction tx)) {
            return;
        }
        try {
            tx.sendResponse(messages.createResponse(new String(SipCodec.format(response), StandardCharsets.UTF_8)));
        } catch (ParseException | SipException | javax.sip.InvalidArgumentException | RuntimeException e) {
            LOG.log(Level.FINE, "a response could not be sent", e);
        }
    }

    @Override
    public void send(SipRequest request, String transport, Consumer<Outcome> outcome) {
        try {
            Request jain = messages.createRequest(new String(SipCodec.format(request), StandardCharsets.UTF_8));
            if (request.headers("Via").isEmpty()) {
                ViaHeader via = headers.createViaHeader(local.getAddress().getHostAddress(), local.getPort(),
                        transport.toLowerCase(Locale.ROOT), Utils.getInstance().generateBranchId());
                via.setRPort();
                jain.addFirst(via);
            }
            ClientTransaction tx = provider.getNewClientTransaction(jain);
            clients.put(tx, outcome);
            tx.sendRequest();
        } catch (ParseException | SipException | javax.sip.InvalidArgumentException | RuntimeException e) {
            outcome.accept(new Outcome.Failed("not sent: " + e.getMessage()));
        }
    }

    @Override
    public String newVia(String transport) {
        String host = local.getAddress() instanceof java.net.Inet6Address
                ? "[" + local.getAddress().getHostAddress() + "]" : local.getAddress().getHostAddress();
        return "SIP/2.0/" + transport.toUpperCase(Locale.ROOT) + " " + host + ":" + local.getPort() + ";branch="
                + Utils.getInstance().generateBranchId() + ";rport";
    }

    @Override
    public void close() {
        stack.stop();
    }

    // ---------------------------------------------------------------- JAIN-SIP callbacks (its threads)

    @Override
    public void processRequest(RequestEvent event) {
        Request jain = event.getRequest();
        SIPMessage nist = (SIPMessage) jain;
        String transport = nist.getTopmostVia() == null ? "UDP" : nist.getTopmostVia().getTransport();
        InetSocketAddress source = new InetSocketAddress(nist.getPeerPacketSourceAddress(), nist.getPeerPacketSourcePort());
        byte[] raw = nist.encodeAsBytes(transport);
        if (!(SipCodec.parse(raw, 0, raw.length) instanceof SipParseResult.Parsed(SipRequest request))) {
            LOG.fine(() -> "a request from " + source + " our codec rejects was dropped");
            return;
        }
        ServerTransaction tx = event.getServerTransaction();
        if (tx == null && !Request.ACK.equals(jain.getMethod())) {
            try {
                tx = provider.getNewServerTransaction(jain);
            } catch (SipException e) {
                LOG.fine(() -> "no server transaction for a request from " + source + ": " + e.getMessage());
                return;
            }
        }
        try {
            handler.accept(new Incoming(request, source, transport, tx));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "handling a " + request.method() + " from " + source + " failed", e);
        }
    }

    @Override
    public void processResponse(ResponseEvent event) {
        Response jain = event.getResponse();
        ClientTransaction tx = event.getClientTransaction();
        if (tx == null || jain.getStatusCode() < 200) {
            return;
        }
        Consumer<Outcome> outcome = clients.remove(tx);
        SIPMessage nist = (SIPMessage) jain;
        byte[] raw = nist.encodeAsBytes(nist.getTopmostVia() == null ? "UDP" : nist.getTopmostVia().getTransport());
        if (outcome != null && SipCodec.parse(raw, 0, raw.length) instanceof SipParseResult.Parsed(SipResponse response)) {
            outcome.accept(new Outcome.Answered(response));
        }
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        if (!event.isServerTransaction()) {
            Consumer<Outcome> outcome = clients.remove(event.getClientTransaction());
            if (outcome != null) {
                outcome.accept(new Outcome.Failed("no answer (RFC 3261 timer F)"));
            }
        }
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        LOG.fine(() -> "SIP transport error towards " + event.getHost() + ":" + event.getPort() + "/" + event.getTransport());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
        if (!event.isServerTransaction()) {
            clients.remove(event.getClientTransaction());
        }
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
        // Dialog support is off: subscriptions keep their own dialog state.
    }
}
