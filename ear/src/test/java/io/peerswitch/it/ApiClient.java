package io.peerswitch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerswitch.wire.MalformedJsonException;
import io.peerswitch.wire.WireJson;
import io.peerswitch.wire.problem.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * A client of the access server's API over HTTPS that trusts exactly the server's own certificate,
 * the one Elytron generated into the server's data directory on first use.
 */
final class ApiClient {

    private final URI base;
    private final HttpClient http;

    private ApiClient(URI base, HttpClient http) {
        this.base = base;
        this.http = http;
    }

    /**
     * Connects once trusting anything to make the server generate its certificate (trust on first
     * use), checks that the certificate it served is the one now stored in its key store, and returns
     * a client that trusts only that certificate.
     */
    static X509Certificate firstUse(int httpsPort, Path keyStore) throws Exception {
        X509Certificate[] served = new X509Certificate[1];
        SSLContext capture = SSLContext.getInstance("TLS");
        capture.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                throw new UnsupportedOperationException("client side only");
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                served[0] = chain[0];
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        HttpClient probe = HttpClient.newBuilder().sslContext(capture).connectTimeout(Duration.ofSeconds(10)).build();
        probe.send(HttpRequest.newBuilder(URI.create("https://localhost:" + httpsPort + "/api/v1/profile")).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(served[0]).as("certificate served on first use").isNotNull();
        assertThat(keyStore).as("generated key store").exists();
        KeyStore stored = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            stored.load(in, "peerswitch".toCharArray());
        }
        Certificate storedCert = stored.getCertificate(stored.aliases().nextElement());
        assertThat(storedCert).as("stored certificate is the one served").isEqualTo(served[0]);
        return served[0];
    }

    /** A client of {@code https://localhost:port/api/v1/} trusting only {@code certificate}, from {@code source}. */
    static ApiClient trusting(int httpsPort, X509Certificate certificate, InetAddress source) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("peerswitch", certificate);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        HttpClient.Builder builder = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10));
        if (source != null) {
            builder.localAddress(source);
        }
        return new ApiClient(URI.create("https://localhost:" + httpsPort + "/api/v1/"), builder.build());
    }

    /** The same server seen from another source address (for per-address throttling). */
    ApiClient from(InetAddress source, X509Certificate certificate) throws Exception {
        return trusting(base.getPort(), certificate, source);
    }

    Reply post(String path, Object body, String... headers) {
        return send("POST", path, "application/json", WireJson.encode(body), headers);
    }

    Reply postRaw(String path, String contentType, String body, String... headers) {
        return send("POST", path, contentType, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    Reply get(String path, String... headers) {
        return send("GET", path, null, null, headers);
    }

    Reply delete(String path, String... headers) {
        return send("DELETE", path, null, null, headers);
    }

    Reply put(String path, Object body, String... headers) {
        return body == null ? send("PUT", path, null, null, headers) : send("PUT", path, "application/json", WireJson.encode(body), headers);
    }

    Reply patch(String path, Object body, String... headers) {
        return send("PATCH", path, "application/json", WireJson.encode(body), headers);
    }

    Reply send(String method, String path, String contentType, byte[] body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.headers().firstValue("WWW-Authenticate"), response.headers().firstValue("Retry-After"),
                    response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String[] bearer(String token) {
        return new String[] {"Authorization", "Bearer " + token};
    }

    static String[] basic(String user, String password) {
        return new String[] {"Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8))};
    }

    /** One HTTP answer. */
    record Reply(int status, String contentType, Optional<String> challenge, Optional<String> retryAfter, byte[] body) {

        <T> T as(Class<T> type) {
            try {
                return WireJson.decode(body, type);
            } catch (MalformedJsonException e) {
                throw new AssertionError("answer is not a " + type.getSimpleName() + ": " + text(), e);
            }
        }

        Problem problem() {
            assertThat(contentType).as("problem media type of " + text()).startsWith(Problem.MEDIA_TYPE);
            return as(Problem.class);
        }

        String text() {
            return status + " " + new String(body, StandardCharsets.UTF_8);
        }
    }
}
