package io.peerswitch.endpoint.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts exactly one server certificate, identified by its SHA-256 fingerprint: the pinned one, or for
 * trust on first use the first one seen, then remembered in a file (RFC 7469's idea of pinning, for a
 * self-signed access server). Host names do not matter: the pin identifies the server.
 */
final class ServerTrustManager extends X509ExtendedTrustManager {

    private final Path knownFile;
    private volatile byte[] pin;

    /** Trusts the certificate whose SHA-256 is {@code pin}. */
    static ServerTrustManager pinned(byte[] pin) {
        return new ServerTrustManager(pin.clone(), null);
    }

    /** Trusts what {@code knownFile} remembers, or the first certificate seen, which it then remembers. */
    static ServerTrustManager onFirstUse(Path knownFile) {
        byte[] remembered = null;
        if (Files.isRegularFile(knownFile)) {
            try {
                remembered = HexFormat.ofDelimiter(":").parseHex(Files.readString(knownFile, StandardCharsets.US_ASCII).strip());
            } catch (IOException | IllegalArgumentException e) {
                throw new IllegalStateException("cannot read the remembered server certificate " + knownFile, e);
            }
        }
        return new ServerTrustManager(remembered, knownFile);
    }

    private ServerTrustManager(byte[] pin, Path knownFile) {
        this.pin = pin;
        this.knownFile = knownFile;
    }

    /** The SHA-256 fingerprint of {@code certificate}, as {@code ./run} prints it (colon-separated hex). */
    static String fingerprint(X509Certificate certificate) {
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(sha256(certificate));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the server sent no certificate");
        }
        byte[] seen = sha256(chain[0]);
        synchronized (this) {
            if (pin == null && knownFile != null) {
                remember(chain[0]);
                pin = seen;
            }
        }
        if (!MessageDigest.isEqual(pin, seen)) {
            throw new CertificateException("the access server's certificate " + fingerprint(chain[0])
                    + " is not the trusted one " + HexFormat.ofDelimiter(":").withUpperCase().formatHex(pin)
                    + (knownFile == null ? "" : " (remembered in " + knownFile + ")"));
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the endpoint authenticates servers only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }

    private void remember(X509Certificate certificate) {
        try {
            Files.createDirectories(knownFile.getParent());
            Files.writeString(knownFile, fingerprint(certificate) + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remember the server certificate in " + knownFile, e);
        }
    }

    private static byte[] sha256(X509Certificate certificate) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 of a certificate", e);
        }
    }
}
