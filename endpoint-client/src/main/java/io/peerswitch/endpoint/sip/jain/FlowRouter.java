package io.peerswitch.endpoint.sip.jain;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.stack.DefaultRouter;
import gov.nist.javax.sip.stack.HopImpl;
import java.net.InetSocketAddress;
import java.util.Optional;
import javax.sip.SipException;
import javax.sip.SipStack;
import javax.sip.address.Hop;
import javax.sip.address.SipURI;
import javax.sip.message.Request;

/**
 * JAIN-SIP's router ({@code javax.sip.ROUTER_PATH}) with connection reuse for TLS (RFC 5923): a request to a contact
 * whose peer opened a TLS connection to us goes over that connection ({@link TlsFlows}); JAIN-SIP caches an accepted
 * connection under its remote address, so the hop is that address. Everything else is routed as RFC 3261 section 8.1.2
 * says ({@link DefaultRouter}). JAIN-SIP instantiates it by class name, hence the registry of {@link SharedSocketNetworkLayer}.
 */
public final class FlowRouter extends DefaultRouter {

    private final TlsFlows flows;

    public FlowRouter(SipStack stack, String outboundProxy) {
        super(stack, outboundProxy);
        this.flows = SharedSocketNetworkLayer.flowsOf(((SipStackImpl) stack).getStackName());
    }

    @Override
    public Hop getNextHop(Request request) throws SipException {
        if (flows != null && request.getHeader("Route") == null && request.getRequestURI() instanceof SipURI uri
                && ("tls".equalsIgnoreCase(uri.getTransportParam()) || uri.isSecure())) {
            Optional<InetSocketAddress> flow = TlsFlows.contact(uri.getHost(), uri.getPort()).flatMap(flows::flowTo);
            if (flow.isPresent()) {
                return new HopImpl(flow.get().getAddress().getHostAddress(), flow.get().getPort(), "TLS");
            }
        }
        return super.getNextHop(request);
    }
}
