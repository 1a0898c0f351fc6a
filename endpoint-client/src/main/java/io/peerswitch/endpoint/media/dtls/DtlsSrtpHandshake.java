package io.peerswitch.endpoint.media.dtls;

import io.peerswitch.endpoint.media.srtp.SrtpKeys;
import io.peerswitch.endpoint.media.srtp.SrtpProfile;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.Vector;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;

/**
 * One DTLS-SRTP handshake (RFC 5764 section 4): DTLS 1.2 with the use_srtp extension, both sides presenting a
 * certificate (RFC 5763 section 5), the peer's accepted only if it is the one whose fingerprint the
 * authenticated SDP named; then the SRTP master keys and salts of both directions from the exporter
 * (RFC 5764 section 4.2). Blocking: run it on a thread of its own, never on the endpoint's loop.
 */
public final class DtlsSrtpHandshake {

    /** The DTLS role (RFC 5763 section 5: the {@code a=setup:active} side is the client). */
    public enum Role { CLIENT, SERVER }

    /** How long the handshake may take in all, retransmissions included. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);
    /**
     * The first retransmission timer (RFC 6347 section 4.2.4.1 suggests 1 s): shorter, because the first
     * flight is often lost in a NAT that has not yet seen the peer's packets.
     */
    public static final Duration FIRST_RESEND = Duration.ofMillis(500);
    /** The protection profiles offered and accepted, preferred first (RFC 5764 section 4.1.2). */
    public static final List<SrtpProfile> PROFILES =
            List.of(SrtpProfile.AES_CM_128_HMAC_SHA1_80, SrtpProfile.AES_CM_128_HMAC_SHA1_32);
    private static final int KEY_BYTES = 16;
    private static final int SALT_BYTES = 14;
    private static final int[] ECDSA_SUITES = {
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA};
    /** A client also accepts servers with RSA certificates (stock clients such as baresip may use one). */
    private static final int[] CLIENT_SUITES = {
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
            CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
            CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256, CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA};
    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * The signature schemes offered and accepted (RFC 5246 section 7.4.1.4.1): ECDSA and RSA PKCS#1 v1.5 over
     * SHA-2, not RSA-PSS. Stock peers over OpenSSL (baresip) prefer rsa_pss_rsae_* (RFC 8446 section 4.2.3)
     * when offered, which the JDK's provider does not offer under the names bctls asks for; without it they
     * sign with rsa_pkcs1_sha256, and the JDK's provider, warm already and much cheaper to start than Bouncy
     * Castle's, serves every handshake.
     */
    private static final List<SignatureAndHashAlgorithm> SIGNATURE_ALGORITHMS = List.of(
            SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa),
            SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha384, SignatureAlgorithm.ecdsa),
            SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.rsa),
            SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha384, SignatureAlgorithm.rsa),
            SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha512, SignatureAlgorithm.rsa));

    /**
     * A finished handshake: the keys this side protects with, the keys it checks the peer's packets with, and
     * the DTLS connection, which must go on reading (the peer may retransmit its last flight) until closed.
     */
    public record Established(SrtpKeys sending, SrtpKeys receiving, DTLSTransport connection) {
    }

    private DtlsSrtpHandshake() {
    }

    /**
     * Runs the handshake as {@code role} over {@code transport} with {@code ours}, accepting only a peer
     * certificate that {@code expected} names.
     *
     * @throws IOException when the handshake fails, times out, or the peer's certificate is not the expected one
     */
    public static Established run(Role role, DtlsCertificate ours, Fingerprint expected, DatagramQueue transport)
            throws IOException {
        JcaTlsCrypto crypto = new JcaTlsCryptoProvider().create(RANDOM);
        Keying keying = new Keying();
        DTLSTransport connection;
        if (role == Role.CLIENT) {
            Client client = new Client(crypto, ours, expected, keying);
            connection = new DTLSClientProtocol().connect(client, transport);
        } else {
            Server server = new Server(crypto, ours, expected, keying);
            connection = new DTLSServerProtocol().accept(server, transport);
        }
        if (keying.profile == null || keying.material == null) {
            connection.close();
            throw new IOException("the handshake agreed no SRTP protection profile");
        }
        byte[] m = keying.material;
        // client_write_key | server_write_key | client_write_salt | server_write_salt
        SrtpKeys client = SrtpKeys.of(keying.profile, keyAndSalt(m, 0, 2 * KEY_BYTES));
        SrtpKeys server = SrtpKeys.of(keying.profile, keyAndSalt(m, KEY_BYTES, 2 * KEY_BYTES + SALT_BYTES));
        Arrays.fill(m, (byte) 0);
        return role == Role.CLIENT ? new Established(client, server, connection) : new Established(server, client, connection);
    }

    /**
     * Runs one handshake between two in-memory peers that both use {@code certificate}, and throws the keys away:
     * a cold JVM spends about half a second of CPU loading and compiling the handshake's code (several seconds
     * when many endpoints share a small machine), which would otherwise fall on the first call's media.
     * Blocking, like {@link #run}.
     *
     * @throws IOException if the handshake fails, which would fail every call too
     */
    public static void warmUp(DtlsCertificate certificate) throws IOException {
        DatagramQueue[] ends = new DatagramQueue[2];
        ends[0] = new DatagramQueue((bytes, offset, length) -> ends[1].offer(Arrays.copyOfRange(bytes, offset, offset + length)));
        ends[1] = new DatagramQueue((bytes, offset, length) -> ends[0].offer(Arrays.copyOfRange(bytes, offset, offset + length)));
        CompletableFuture<Established> server = new CompletableFuture<>();
        Thread.ofVirtual().name("dtls-warm-up").start(() -> {
            try {
                server.complete(run(Role.SERVER, certificate, certificate.fingerprint(), ends[1]));
            } catch (IOException | RuntimeException e) {
                server.completeExceptionally(e);
            }
        });
        try {
            run(Role.CLIENT, certificate, certificate.fingerprint(), ends[0]).connection().close();
            server.join().connection().close();
        } catch (CompletionException e) {
            throw new IOException("DTLS warm-up handshake failed", e.getCause());
        } finally {
            ends[0].close();
            ends[1].close();
        }
    }

    /** A master key at {@code keyAt} followed by the master salt at {@code saltAt} (RFC 5764 section 4.2 layout). */
    private static byte[] keyAndSalt(byte[] material, int keyAt, int saltAt) {
        byte[] out = new byte[KEY_BYTES + SALT_BYTES];
        System.arraycopy(material, keyAt, out, 0, KEY_BYTES);
        System.arraycopy(material, saltAt, out, KEY_BYTES, SALT_BYTES);
        return out;
    }

    /** What the handshake agreed, filled in by the peer objects on the handshake thread. */
    private static final class Keying {
        SrtpProfile profile;
        byte[] material;

        void export(TlsContext context) {
            material = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, 2 * (KEY_BYTES + SALT_BYTES));
        }
    }

    private static int[] profileIds() {
        return PROFILES.stream().mapToInt(SrtpProfile::protectionProfileId).toArray();
    }

    private static void check(Certificate presented, Fingerprint expected) throws IOException {
        if (presented == null || presented.isEmpty() || !expected.matches(presented.getCertificateAt(0).getEncoded())) {
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "not the certificate the signaling named");
        }
    }

    private static TlsCredentialedSigner signer(TlsContext context, JcaTlsCrypto crypto, DtlsCertificate ours) throws IOException {
        Certificate chain = new Certificate(new TlsCertificate[] {crypto.createCertificate(ours.der())});
        return new JcaDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, ours.privateKey(), chain,
                SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
    }

    /** The active side (RFC 5763 section 5). */
    private static final class Client extends DefaultTlsClient {
        private final JcaTlsCrypto crypto;
        private final DtlsCertificate ours;
        private final Fingerprint expected;
        private final Keying keying;

        Client(JcaTlsCrypto crypto, DtlsCertificate ours, Fingerprint expected, Keying keying) {
            super(crypto);
            this.crypto = crypto;
            this.ours = ours;
            this.expected = expected;
            this.keying = keying;
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.DTLSv12.only();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return TlsUtils.getSupportedCipherSuites(crypto, CLIENT_SUITES);
        }

        @Override
        public int getHandshakeTimeoutMillis() {
            return (int) TIMEOUT.toMillis();
        }

        @Override
        public int getHandshakeResendTimeMillis() {
            return (int) FIRST_RESEND.toMillis();
        }

        @Override
        protected Vector<SignatureAndHashAlgorithm> getSupportedSignatureAlgorithms() {
            return new Vector<>(SIGNATURE_ALGORITHMS);
        }

        @Override
        public Hashtable<Integer, byte[]> getClientExtensions() throws IOException {
            @SuppressWarnings("unchecked")
            Hashtable<Integer, byte[]> extensions = TlsExtensionsUtils.ensureExtensionsInitialised(super.getClientExtensions());
            TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(profileIds(), TlsUtils.EMPTY_BYTES));
            return extensions;
        }

        @Override
        @SuppressWarnings("rawtypes")
        public void processServerExtensions(Hashtable serverExtensions) throws IOException {
            super.processServerExtensions(serverExtensions);
            UseSRTPData chosen = TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
            if (chosen == null || chosen.getProtectionProfiles().length != 1) {
                throw new TlsFatalAlert(AlertDescription.illegal_parameter, "the server chose no single SRTP profile");
            }
            int id = chosen.getProtectionProfiles()[0];
            keying.profile = PROFILES.stream().filter(p -> p.protectionProfileId() == id).findFirst()
                    .orElseThrow(() -> new TlsFatalAlert(AlertDescription.illegal_parameter, "an SRTP profile not offered: " + id));
        }

        @Override
        public TlsAuthentication getAuthentication() {
            return new TlsAuthentication() {
                @Override
                public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                    check(serverCertificate.getCertificate(), expected);
                }

                @Override
                public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
                    return signer(context, crypto, ours);
                }
            };
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            keying.export(context);
        }
    }

    /** The passive side (RFC 5763 section 5): it asks for the client's certificate. */
    private static final class Server extends DefaultTlsServer {
        private final JcaTlsCrypto crypto;
        private final DtlsCertificate ours;
        private final Fingerprint expected;
        private final Keying keying;
        private SrtpProfile chosen;

        Server(JcaTlsCrypto crypto, DtlsCertificate ours, Fingerprint expected, Keying keying) {
            super(crypto);
            this.crypto = crypto;
            this.ours = ours;
            this.expected = expected;
            this.keying = keying;
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.DTLSv12.only();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return TlsUtils.getSupportedCipherSuites(crypto, ECDSA_SUITES);
        }

        @Override
        public int getHandshakeTimeoutMillis() {
            return (int) TIMEOUT.toMillis();
        }

        @Override
        public int getHandshakeResendTimeMillis() {
            return (int) FIRST_RESEND.toMillis();
        }

        @Override
        protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
            return signer(context, crypto, ours);
        }

        @Override
        @SuppressWarnings("rawtypes")
        public void processClientExtensions(Hashtable clientExtensions) throws IOException {
            super.processClientExtensions(clientExtensions);
            UseSRTPData offered = TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
            if (offered == null) {
                throw new TlsFatalAlert(AlertDescription.handshake_failure, "the client offered no use_srtp (RFC 5764 section 4.1)");
            }
            Optional<SrtpProfile> common = PROFILES.stream()
                    .filter(p -> Arrays.stream(offered.getProtectionProfiles()).anyMatch(id -> id == p.protectionProfileId()))
                    .findFirst();
            chosen = common.orElseThrow(() -> new TlsFatalAlert(AlertDescription.handshake_failure, "no common SRTP profile"));
            keying.profile = chosen;
        }

        @Override
        @SuppressWarnings({"rawtypes", "unchecked"})
        public Hashtable getServerExtensions() throws IOException {
            Hashtable extensions = TlsExtensionsUtils.ensureExtensionsInitialised(super.getServerExtensions());
            TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(new int[] {chosen.protectionProfileId()}, TlsUtils.EMPTY_BYTES));
            return extensions;
        }

        @Override
        public CertificateRequest getCertificateRequest() {
            short[] types = {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign};
            return new CertificateRequest(types, new Vector<>(SIGNATURE_ALGORITHMS), null);
        }

        @Override
        public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
            check(clientCertificate, expected);
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            keying.export(context);
        }
    }
}
