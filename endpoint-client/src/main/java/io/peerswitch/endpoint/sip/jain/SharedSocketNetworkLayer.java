package io.peerswitch.endpoint.sip.jain;

import gov.nist.core.net.DefaultNetworkLayer;
import gov.nist.core.net.NetworkLayer;
import gov.nist.javax.sip.SipStackImpl;
import io.peerswitch.endpoint.identity.TlsIdentity;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * JAIN-SIP's pluggable network layer ({@code gov.nist.javax.sip.NETWORK_LAYER}): hands the stack the
 * {@link SharedUdpSocket} registered for it by stack name, TLS sockets of the {@link TlsIdentity} registered with it
 * (the session certificate presented, peers checked against the user authority, connects bounded by
 * {@link #CONNECT_TIMEOUT_MS}), and the platform's sockets for everything else. JAIN-SIP instantiates it by class
 * name, hence the registry.
 */
public final class SharedSocketNetworkLayer implements NetworkLayer {

    /** How long a TLS connect to a peer may take before JAIN-SIP reports the transport error. */
    static final int CONNECT_TIMEOUT_MS = 5_000;

    private record Registration(SharedUdpSocket socket, TlsIdentity tls, TlsFlows flows, BoundedServerSockets budget) {
    }

    private static final Map<String, Registration> STACKS = new ConcurrentHashMap<>();

    private final NetworkLayer platform = DefaultNetworkLayer.SINGLETON;
    private volatile BoundedServerSockets budget = new BoundedServerSockets(JainSipTransport.MAX_CONNECTIONS);
    private volatile SharedUdpSocket shared;
    private volatile TlsIdentity tls;

    /**
     * Makes {@code socket} the UDP socket of the stack named {@code stackName}, {@code tls} its TLS identity,
     * {@code flows} the TLS connections its {@link FlowRouter} reuses, and {@code budget} the bound of its TLS connections.
     */
    static void register(String stackName, SharedUdpSocket socket, TlsIdentity tls, TlsFlows flows, BoundedServerSockets budget) {
        STACKS.put(stackName, new Registration(socket, tls, flows, budget));
    }

    /** The TLS flows registered for {@code stackName}, if any. */
    static TlsFlows flowsOf(String stackName) {
        Registration registration = STACKS.get(stackName);
        return registration == null ? null : registration.flows();
    }

    /** Forgets the sockets of {@code stackName}. */
    static void unregister(String stackName) {
        STACKS.remove(stackName);
    }

    @Override
    public void setSipStack(SipStackImpl stack) {
        Registration registration = STACKS.get(stack.getStackName());
        shared = registration == null ? null : registration.socket();
        tls = registration == null ? null : registration.tls();
        if (registration != null) {
            budget = registration.budget();
        }
    }

    @Override
    public DatagramSocket createDatagramSocket(int port, InetAddress address) throws SocketException {
        SharedUdpSocket socket = shared;
        if (socket != null && socket.getLocalPort() == port && socket.getLocalAddress().equals(address)) {
            return socket;
        }
        return platform.createDatagramSocket(port, address);
    }

    @Override
    public DatagramSocket createDatagramSocket() throws SocketException {
        return platform.createDatagramSocket();
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
        return platform.createServerSocket(port, backlog, address);
    }

    @Override
    public SSLServerSocket createSSLServerSocket(int port, int backlog, InetAddress address) throws IOException {
        TlsIdentity identity = tlsIdentity();
        SSLServerSocket socket = (SSLServerSocket) identity.context().getServerSocketFactory().createServerSocket(port, backlog, address);
        socket.setNeedClientAuth(true);
        return budget.tls(socket);
    }

    @Override
    public Socket createSocket(InetAddress address, int port) throws IOException {
        return platform.createSocket(address, port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress myAddress) throws IOException {
        return platform.createSocket(address, port, myAddress);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress myAddress, int myPort) throws IOException {
        return platform.createSocket(address, port, myAddress, myPort);
    }

    @Override
    public SSLSocket createSSLSocket(InetAddress address, int port) throws IOException {
        return createSSLSocket(address, port, null);
    }

    @Override
    public SSLSocket createSSLSocket(InetAddress address, int port, InetAddress myAddress) throws IOException {
        SSLSocket socket = (SSLSocket) tlsIdentity().context().getSocketFactory().createSocket();
        try {
            if (myAddress != null) {
                socket.bind(new InetSocketAddress(myAddress, 0));
            }
            socket.connect(new InetSocketAddress(address, port), CONNECT_TIMEOUT_MS);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private TlsIdentity tlsIdentity() throws IOException {
        TlsIdentity identity = tls;
        if (identity == null) {
            throw new IOException("no TLS identity registered for this SIP stack");
        }
        return identity;
    }
}
