package io.peerswitch.endpoint.identity;

import io.peerswitch.wire.identity.CertificateProblem;
import io.peerswitch.wire.identity.LocationCertificate;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * SIP over TLS with certificates of the access server's user authority on both sides (RFC 3261 section 26.2.1,
 * RFC 5922; docs/security.md, "Stock SIP clients"): this location presents its session certificate, and a peer must
 * present a certificate the authority issued (an endpoint's session certificate, or a stock client's device
 * certificate). Each connection's verified peer is remembered by its remote address, so every request and response
 * read from that connection is attributed to the user its certificate names. Thread-safe: JSSE calls it on the
 * threads that run handshakes.
 */
public final class TlsIdentity {

    /** TLS connections whose verified peer is remembered; only holders of the authority's certificates can add one. */
    public static final int MAX_CONNECTIONS = 1024;
    /** What we offer: TLS 1.3 and 1.2 with forward secrecy and AEAD only (RFC 9325 section 4.2). */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    /** The suites for P-256 certificates: TLS 1.3's, and TLS 1.2's ECDHE-ECDSA with AEAD (RFC 9325 section 4.2). */
    public static final List<String> CIPHER_SUITES = List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");
    private static final String ALIAS = "session";

    /** This location's key and certificate chain, and the authority peers' certificates must come from. */
    private record Keys(PrivateKey key, X509Certificate[] chain, X509Certificate authority) {
    }

    /** A connection's verified peer, believed until its certificate expires or is revoked. */
    private record Connection(PeerIdentity peer, Instant notAfter, String fingerprint) {
    }

    private final Clock clock;
    private final SSLContext context;
    private volatile Keys keys;
    private volatile Set<String> revoked = Set.of();
    private final Map<InetSocketAddress, Connection> connections = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<InetSocketAddress, Connection> eldest) {
            return size() > MAX_CONNECTIONS;
        }
    };
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    public TlsIdentity(Clock clock) {
        this.clock = clock;
        try {
            context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {new SessionKeyManager()}, new TrustManager[] {new AuthorityTrustManager()}, null);
            // A resumed session checks no certificate, so it would prove no one (and escape revocation): sessions live
            // a second, and a connection whose peer was not checked here counts as unauthenticated anyway.
            context.getServerSessionContext().setSessionTimeout(1);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no TLS: " + e.getMessage(), e);
        }
    }

    /**
     * Presents {@code certificate} (the session certificate the access server issued for {@code key}) from now on, and
     * believes only certificates of {@code authority}: after login and after each keepalive renewed them.
     */
    public void configure(PrivateKey key, X509Certificate certificate, X509Certificate authority) {
        Keys previous = keys;
        keys = new Keys(key, new X509Certificate[] {certificate, authority}, authority);
        if (previous != null && !previous.authority().equals(authority)) {
            forgetConnections();
        }
    }

    /** Presents nothing and believes no one (logout): every handshake fails until the next login. */
    public void clear() {
        keys = null;
        forgetConnections();
    }

    /** A connection whose certificate was revoked: its peer, and the address it came from. */
    public record Revoked(PeerIdentity peer, InetSocketAddress remote) {
    }

    /**
     * Refuses from now on the certificates whose fingerprints are {@code fingerprints} (revoked device certificates of
     * our buddies, as the access server lists them at login and keepalive), and believes nothing more from connections
     * they opened; returns those connections, so what was learned from them can be forgotten.
     */
    public List<Revoked> revoke(Collection<String> fingerprints) {
        Set<String> now = Set.copyOf(fingerprints);
        revoked = now;
        List<Revoked> dropped = new ArrayList<>();
        synchronized (connections) {
            connections.entrySet().removeIf(e -> {
                boolean gone = now.contains(e.getValue().fingerprint());
                if (gone) {
                    dropped.add(new Revoked(e.getValue().peer(), e.getKey()));
                }
                return gone;
            });
        }
        return dropped;
    }

    /** The context our TLS sockets come from: its key manager presents the current session certificate. */
    public SSLContext context() {
        return context;
    }

    /** The user and location whose certificate the TLS connection from {@code remote} presented, while it is valid. */
    public Optional<PeerIdentity> peerAt(InetSocketAddress remote) {
        Instant now = clock.instant();
        synchronized (connections) {
            Connection c = connections.get(remote);
            if (c == null) {
                return Optional.empty();
            }
            if (now.isAfter(c.notAfter().plus(LocationCertificate.CLOCK_SKEW))) {
                connections.remove(remote);
                return Optional.empty();
            }
            return Optional.of(c.peer());
        }
    }

    /** Handshakes whose peer certificate the authority vouched for, and those refused. */
    public long[] counters() {
        return new long[] {accepted.get(), refused.get()};
    }

    private void forgetConnections() {
        synchronized (connections) {
            connections.clear();
        }
    }

    /** Checks a peer's chain against the authority and remembers whom the connection to {@code remote} belongs to. */
    private void check(X509Certificate[] chain, SocketAddress remote) throws CertificateException {
        Keys k = keys;
        if (k == null) {
            refused.incrementAndGet();
            throw new CertificateException("not logged in: no authority to check the peer's certificate against");
        }
        if (chain == null || chain.length == 0) {
            refused.incrementAndGet();
            throw new CertificateException("the peer presented no certificate");
        }
        LocationCertificate certificate;
        try {
            certificate = LocationCertificate.verify(chain[0].getEncoded(), k.authority(), clock.instant());
        } catch (CertificateProblem e) {
            refused.incrementAndGet();
            throw new CertificateException("the peer's certificate: " + e.getMessage());
        }
        if (revoked.contains(certificate.fingerprint())) {
            refused.incrementAndGet();
            throw new CertificateException("the peer's certificate was revoked by its user");
        }
        if (remote instanceof InetSocketAddress address) {
            synchronized (connections) {
                connections.put(new InetSocketAddress(address.getAddress(), address.getPort()),
                        new Connection(new PeerIdentity(certificate.userId(), certificate.locationId()), certificate.notAfter(),
                                certificate.fingerprint()));
            }
        }
        accepted.incrementAndGet();
    }

    /** Presents the session certificate, EC only, to servers and clients alike. */
    private final class SessionKeyManager extends X509ExtendedKeyManager {

        private String alias(String... keyTypes) {
            if (keys == null) {
                return null;
            }
            for (String type : keyTypes == null ? new String[0] : keyTypes) {
                if (type != null && type.startsWith("EC")) {
                    return ALIAS;
                }
            }
            return null;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            String alias = alias(keyType);
            return alias == null ? null : new String[] {alias};
        }

        @Override
        public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
            return alias(keyTypes);
        }

        @Override
        public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
            return alias(keyTypes);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return getClientAliases(keyType, issuers);
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return alias(keyType);
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return alias(keyType);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            Keys k = keys;
            return k == null || !ALIAS.equals(alias) ? null : k.chain().clone();
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            Keys k = keys;
            return k == null || !ALIAS.equals(alias) ? null : k.key();
        }
    }

    /** Believes a peer's certificate only when the user authority issued it; records the connection's peer. */
    private final class AuthorityTrustManager extends X509ExtendedTrustManager {

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            check(chain, socket == null ? null : socket.getRemoteSocketAddress());
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            check(chain, socket == null ? null : socket.getRemoteSocketAddress());
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            check(chain, null); // JAIN-SIP's blocking TLS uses sockets; an engine's peer is not known by address here
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain, null);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain, null);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            Keys k = keys;
            return k == null ? new X509Certificate[0] : new X509Certificate[] {k.authority()};
        }
    }
}
