package io.peerswitch.endpoint.sip.jain;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;

/**
 * TLS server sockets that accept at most {@code max} connections at once (docs/security.md, "Stock SIP clients"):
 * JAIN-SIP gives every accepted connection a reader thread, and its own {@code MAX_CONNECTIONS} leaks a slot at each
 * failed TLS handshake, so the bound lives here. {@code accept()} runs on JAIN-SIP's accept thread; while {@code max}
 * accepted sockets are open it waits, and further connections queue in the kernel's backlog until one closes (a
 * stranger's when its handshake fails or {@link JainSipTransport#TLS_HANDSHAKE_TIMEOUT_MS} passes).
 */
final class BoundedServerSockets {

    /** How often a full budget looks again whether an accepted socket closed. */
    private static final long RECHECK_MS = 20;

    private final int max;
    private final List<Socket> open = new ArrayList<>();

    BoundedServerSockets(int max) {
        this.max = max;
    }

    /** Whether an accepted connection from {@code remote} is still open (a flow we can send over, RFC 5923). */
    synchronized boolean openFrom(InetSocketAddress remote) {
        open.removeIf(Socket::isClosed);
        for (Socket socket : open) {
            if (remote.equals(socket.getRemoteSocketAddress())) {
                return true;
            }
        }
        return false;
    }

    /** Accepted sockets still open. */
    synchronized int open() {
        open.removeIf(Socket::isClosed);
        return open.size();
    }

    private Socket accept(ServerSocket delegate) throws IOException {
        while (open() >= max) {
            if (delegate.isClosed()) {
                throw new SocketException("closed");
            }
            try {
                Thread.sleep(RECHECK_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while the connection budget is full");
            }
        }
        Socket socket = delegate.accept();
        synchronized (this) {
            open.add(socket);
        }
        return socket;
    }

    /** {@code delegate} (a bound TLS server socket) accepting within the budget; TLS settings pass through. */
    SSLServerSocket tls(SSLServerSocket delegate) throws IOException {
        return new SSLServerSocket() {
            @Override
            public Socket accept() throws IOException {
                return BoundedServerSockets.this.accept(delegate);
            }

            @Override
            public void close() throws IOException {
                delegate.close();
            }

            @Override
            public boolean isClosed() {
                return delegate.isClosed();
            }

            @Override
            public boolean isBound() {
                return delegate.isBound();
            }

            @Override
            public int getLocalPort() {
                return delegate.getLocalPort();
            }

            @Override
            public InetAddress getInetAddress() {
                return delegate.getInetAddress();
            }

            @Override
            public SocketAddress getLocalSocketAddress() {
                return delegate.getLocalSocketAddress();
            }

            @Override
            public void setSoTimeout(int timeout) throws SocketException {
                delegate.setSoTimeout(timeout);
            }

            @Override
            public String[] getEnabledCipherSuites() {
                return delegate.getEnabledCipherSuites();
            }

            @Override
            public void setEnabledCipherSuites(String[] suites) {
                delegate.setEnabledCipherSuites(suites);
            }

            @Override
            public String[] getSupportedCipherSuites() {
                return delegate.getSupportedCipherSuites();
            }

            @Override
            public String[] getSupportedProtocols() {
                return delegate.getSupportedProtocols();
            }

            @Override
            public String[] getEnabledProtocols() {
                return delegate.getEnabledProtocols();
            }

            @Override
            public void setEnabledProtocols(String[] protocols) {
                delegate.setEnabledProtocols(protocols);
            }

            @Override
            public void setNeedClientAuth(boolean need) {
                delegate.setNeedClientAuth(need);
            }

            @Override
            public boolean getNeedClientAuth() {
                return delegate.getNeedClientAuth();
            }

            @Override
            public void setWantClientAuth(boolean want) {
                delegate.setWantClientAuth(want);
            }

            @Override
            public boolean getWantClientAuth() {
                return delegate.getWantClientAuth();
            }

            @Override
            public void setUseClientMode(boolean mode) {
                delegate.setUseClientMode(mode);
            }

            @Override
            public boolean getUseClientMode() {
                return delegate.getUseClientMode();
            }

            @Override
            public void setEnableSessionCreation(boolean flag) {
                delegate.setEnableSessionCreation(flag);
            }

            @Override
            public boolean getEnableSessionCreation() {
                return delegate.getEnableSessionCreation();
            }

            @Override
            public SSLParameters getSSLParameters() {
                return delegate.getSSLParameters();
            }

            @Override
            public void setSSLParameters(SSLParameters parameters) {
                delegate.setSSLParameters(parameters);
            }
        };
    }
}
