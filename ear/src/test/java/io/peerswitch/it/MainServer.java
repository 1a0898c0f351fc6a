package io.peerswitch.it;

import io.peerswitch.endpoint.config.ConfigFile;
import io.peerswitch.endpoint.config.EndpointConfig;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/** The main test server as the end-to-end tests meet it: its API, and its certificate's SHA-256 pin for endpoints to trust. */
record MainServer(String pin, ApiClient api) {

    /** Trusts the main server's certificate on first use and opens its API. */
    static MainServer connect() throws Exception {
        int port = Deployments.httpsPort("main");
        X509Certificate certificate = ApiClient.firstUse(port, Deployments.serverBase("main").resolve("data/peerswitch-tls.p12"));
        String pin = HexFormat.ofDelimiter(":").formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        return new MainServer(pin, ApiClient.trusting(port, certificate, null));
    }

    /**
     * The configuration of a real endpoint of {@code user} (password {@code <user>-secret-password}) that trusts the
     * server by {@code pin}, binds SIP on loopback, uses {@code stun}, sends a tone of {@code hertz}; {@code more} is
     * appended as further settings. Written to {@code dir}.
     */
    static EndpointConfig endpointConfig(Path dir, String user, String pin, InetSocketAddress stun, double hertz,
                                         boolean autoAnswer, String more) throws Exception {
        Path file = dir.resolve(user + ".conf");
        String text = """
                user.id = %s
                user.password = %s-secret-password
                server.url = https://localhost:%d/api/v1
                server.tls.trust = pin
                server.tls.pin-sha256 = %s
                sip.bind = 127.0.0.1:0
                stun.server = 127.0.0.1:%d
                audio.source = tone:%s
                call.auto-answer = %s
                presence.timeout = 3s
                """.formatted(user, user, Deployments.httpsPort("main"), pin, stun.getPort(), hertz, autoAnswer) + more;
        Files.writeString(file, text);
        return EndpointConfig.from(ConfigFile.parse(file, text), dir);
    }
}
