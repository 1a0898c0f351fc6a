package io.peerswitch.endpoint.server;

import io.peerswitch.endpoint.config.EndpointConfig.ServerTrust;
import io.peerswitch.wire.MalformedJsonException;
import io.peerswitch.wire.WireJson;
import io.peerswitch.wire.account.AccountView;
import io.peerswitch.wire.account.RegistrationRequest;
import io.peerswitch.wire.problem.Problem;
import io.peerswitch.wire.profile.ProfileUpdate;
import io.peerswitch.wire.session.KeepaliveRequest;
import io.peerswitch.wire.session.LoginRequest;
import io.peerswitch.wire.session.LoginResponse;
import io.peerswitch.wire.session.ProfileSnapshot;
import io.peerswitch.wire.session.SessionInfo;
import io.peerswitch.wire.store.MessageDeposit;
import io.peerswitch.wire.store.StoredMessage;
import io.peerswitch.wire.store.StoredMessages;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Arrays;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * Talks to the access server's API over HTTPS (docs/rest-api.md): each call is one make-and-break
 * exchange; blocking, so callers run it off the softswitch's loop. Errors carry the server's RFC 9457 problem.
 */
public final class AccessServerClient {

    private static final String JSON = "application/json";

    private final URI base;
    private final HttpClient http;
    private final Duration timeout;

    public AccessServerClient(URI base, ServerTrust trust, Path dataDir, Duration timeout) {
        this.base = base;
        this.timeout = timeout;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1);
        switch (trust) {
            case ServerTrust.System system -> { }
            case ServerTrust.Pinned pinned -> builder.sslContext(context(ServerTrustManager.pinned(pinned.sha256())));
            case ServerTrust.TrustOnFirstUse tofu -> builder.sslContext(context(ServerTrustManager.onFirstUse(
                    dataDir.resolve("known-server-" + base.getHost().replace(':', '_') + "-" + base.getPort()))));
        }
        this.http = builder.build();
    }

    /** Registers a new user (FIG. 4 step 402). */
    public AccountView register(RegistrationRequest request) throws AccessServerException {
        return call("POST", "accounts", request, null, AccountView.class, 201);
    }

    /** Logs this location in (FIG. 5 step 506) and returns profile, routing table and pending items (step 508). */
    public LoginResponse login(LoginRequest request) throws AccessServerException {
        return call("POST", "sessions", request, null, LoginResponse.class, 201);
    }

    /** Keeps the location online, reporting a changed address or NAT type if any. */
    public SessionInfo keepalive(String token, KeepaliveRequest request) throws AccessServerException {
        return call("POST", "sessions/current/keepalive", request, token, SessionInfo.class, 200);
    }

    /** Takes the location offline. */
    public void logout(String token) throws AccessServerException {
        call("DELETE", "sessions/current", null, token, Void.class, 204);
    }

    /** The profile, routing table and pending items as the server sees them now. */
    public ProfileSnapshot profile(String token) throws AccessServerException {
        return call("GET", "profile", null, token, ProfileSnapshot.class, 200);
    }

    /** Changes display name, status or note on the server (which buddies then see at their logins). */
    public ProfileSnapshot updateProfile(String token, ProfileUpdate update) throws AccessServerException {
        return call("PATCH", "profile", update, token, ProfileSnapshot.class, 200);
    }

    /**
     * Leaves a message for a buddy who is offline or unreachable (claims 15-18): {@code 201} stored, or
     * {@code 200} with the message kept the first time when the deposit ID was used before (a retry).
     */
    public StoredMessage depositMessage(String token, MessageDeposit deposit) throws AccessServerException {
        return call("POST", "messages", deposit, token, StoredMessage.class, 201, 200);
    }

    /** The messages the server keeps for this user, oldest first (claim 15: "retrieving the stored message"). */
    public StoredMessages storedMessages(String token) throws AccessServerException {
        return call("GET", "messages", null, token, StoredMessages.class, 200);
    }

    /**
     * Tells the server to delete a stored message this user retrieved (claim 15); true when it was deleted
     * now, false when it was gone already or not this user's (404), which counts as done.
     */
    public boolean deleteStoredMessage(String token, String id) throws AccessServerException {
        String segment = URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
        try {
            call("DELETE", "messages/" + segment, null, token, Void.class, 204);
            return true;
        } catch (AccessServerException e) {
            if (e.status() == 404) {
                return false;
            }
            throw e;
        }
    }

    private <T> T call(String method, String path, Object body, String token, Class<T> answer, int... expected)
            throws AccessServerException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                .header("Accept", JSON)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(WireJson.encode(body)));
        if (body != null) {
            request.header("Content-Type", JSON);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new AccessServerException("the access server at " + base + " cannot be reached: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AccessServerException("interrupted while talking to the access server", e);
        }
        if (Arrays.stream(expected).noneMatch(status -> status == response.statusCode())) {
            Problem problem = null;
            try {
                problem = WireJson.decode(response.body(), Problem.class);
            } catch (MalformedJsonException e) {
                // Not a problem document (a proxy's error page, say): the status alone must do.
            }
            String detail = problem == null ? "HTTP " + response.statusCode()
                    : problem.detail() == null ? problem.title() : problem.detail();
            throw new AccessServerException(response.statusCode(), problem, method + " " + path + ": " + detail);
        }
        if (answer == Void.class) {
            return null;
        }
        try {
            return WireJson.decode(response.body(), answer);
        } catch (MalformedJsonException e) {
            throw new AccessServerException(response.statusCode(), null,
                    "the access server's answer to " + method + " " + path + " is not understood: " + e.getMessage());
        }
    }

    private static SSLContext context(TrustManager trust) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trust}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available", e);
        }
    }
}
