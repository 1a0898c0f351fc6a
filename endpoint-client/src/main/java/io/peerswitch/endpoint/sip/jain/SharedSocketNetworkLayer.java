package io.peerswitch.endpoint.sip.jain;

import gov.nist.core.net.DefaultNetworkLayer;
import gov.nist.core.net.NetworkLayer;
import gov.nist.javax.sip.SipStackImpl;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * JAIN-SIP's pluggable network layer ({@code gov.nist.javax.sip.NETWORK_LAYER}): hands the stack the
 * {@link SharedUdpSocket} registered for it by stack name, and the platform's sockets for everything else.
 * JAIN-SIP instantiates it by class name, hence the registry.
 */
public final class SharedSocketNetworkLayer implements NetworkLayer {

    private static final Map<String, SharedUdpSocket> SOCKETS = new ConcurrentHashMap<>();

    private final NetworkLayer platform = DefaultNetworkLayer.SINGLETON;
    private volatile SharedUdpSocket shared;

    /** Makes {@code socket} the UDP socket of the stack named {@code stackName}. */
    static void register(String stackName, SharedUdpSocket socket) {
        SOCKETS.put(stackName, socket);
    }

    /** Forgets the socket of {@code stackName}. */
    static void unregister(String stackName) {
        SOCKETS.remove(stackName);
    }

    @Override
    public void setSipStack(SipStackImpl stack) {
        shared = SOCKETS.get(stack.getStackName());
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
        return platform.createSSLServerSocket(port, backlog, address);
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
        return platform.createSSLSocket(address, port);
    }

    @Override
    public SSLSocket createSSLSocket(InetAddress address, int port, InetAddress myAddress) throws IOException {
        return platform.createSSLSocket(address, port, myAddress);
    }
}
