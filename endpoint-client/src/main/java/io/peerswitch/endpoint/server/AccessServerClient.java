package io.peerswitch.endpoint.server;

import io.peerswitch.endpoint.config.EndpointConfig.ServerTrust;
import io.peerswitch.wire.MalformedJsonException;
import io.peerswitch.wire.WireJson;
import io.peerswitch.wire.account.AccountView;
import io.peerswitch.wire.account.RegistrationRequest;
import io.peerswitch.wire.buddy.BuddyAnswer;
import io.peerswitch.wire.buddy.BuddyChange;
import io.peerswitch.wire.buddy.BuddyRequest;
import io.peerswitch.wire.buddy.BuddyRequestCreate;
import io.peerswitch.wire.buddy.BuddyRequestCreated;
import io.peerswitch.wire.buddy.BuddyRequests;
import io.peerswitch.wire.identity.DeviceCertificate;
import io.peerswitch.wire.identity.DeviceCertificateRequest;
import io.peerswitch.wire.identity.Devices;
import io.peerswitch.wire.problem.Problem;
import io.peerswitch.wire.profile.ProfileUpdate;
import io.peerswitch.wire.session.Installations;
import io.peerswitch.wire.session.KeepaliveRequest;
import io.peerswitch.wire.session.LoginRequest;
import io.peerswitch.wire.session.LoginResponse;
import io.peerswitch.wire.session.ProfileSnapshot;
import io.peerswitch.wire.session.SessionInfo;
import io.peerswitch.wire.store.MessageDeposit;
import io.peerswitch.wire.store.RecipientKeys;
import io.peerswitch.wire.store.StoredMessage;
import io.peerswitch.wire.store.StoredMessages;
import io.peerswitch.wire.store.Voicemail;
import io.peerswitch.wire.store.VoicemailDeposit;
import io.peerswitch.wire.store.Voicemails;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * Talks to the access server's API over HTTPS (docs/rest-api.md): each call is one make-and-break
 * exchange; blocking, so callers run it off the softswitch's loop. Errors carry the server's RFC 9457 problem.
 */
public final class AccessServerClient {

    private static final String JSON = "application/json";
    private static final String BASIC = "Basic ";

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

    /**
     * The message key credentials of {@code userId}'s installations, for sealing what is left for it
     * (docs/security.md, "Messages end to end"); 403 {@code not-a-buddy} unless it is a mutual buddy.
     */
    public RecipientKeys recipientKeys(String token, String userId) throws AccessServerException {
        return call("GET", "messages/keys/" + segment(userId), null, token, RecipientKeys.class, 200);
    }

    /** This user's installations: message keys the server keeps and live locations (docs/security.md). */
    public Installations installations(String token) throws AccessServerException {
        return call("GET", "installations", null, token, Installations.class, 200);
    }

    /** A device certificate for the stock SIP client whose certification request is {@code request} (docs/security.md). */
    public DeviceCertificate certifyDevice(String token, DeviceCertificateRequest request)
            throws AccessServerException {
        return call("POST", "devices/certificates", request, token, DeviceCertificate.class, 201);
    }

    /** This user's devices with an unexpired certificate (docs/security.md, "Stock SIP clients"). */
    public Devices devices(String token) throws AccessServerException {
        return call("GET", "devices", null, token, Devices.class, 200);
    }

    /** Revokes this user's device {@code deviceId}. */
    public void revokeDevice(String token, String deviceId) throws AccessServerException {
        call("DELETE", "devices/" + segment(deviceId), null, token, Void.class, 204);
    }

    /** Revokes this user's installation {@code instanceId}: its message key forgotten, its sessions ended. */
    public void revokeInstallation(String token, String instanceId) throws AccessServerException {
        call("DELETE", "installations/" + segment(instanceId), null, token, Void.class, 204);
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
        try {
            call("DELETE", "messages/" + segment(id), null, token, Void.class, 204);
            return true;
        } catch (AccessServerException e) {
            if (e.status() == 404) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Announces a voicemail for a buddy (FIG. 10 step 1006, FIG. 11 step 1104): {@code 201} new, or {@code 200}
     * with the voicemail as it stands when the deposit ID was used before; its {@code received} says where the
     * upload resumes. Problems: {@code not-a-buddy} (403), {@code mailbox-full} (409), {@code voicemail-too-large} (413).
     */
    public Voicemail announceVoicemail(String token, VoicemailDeposit deposit) throws AccessServerException {
        return call("POST", "voicemails", deposit, token, Voicemail.class, 201, 200);
    }

    /**
     * Uploads {@code length} bytes of a voicemail's audio from {@code offset} (the server's {@code received});
     * answers the voicemail after the piece. Problems: {@code offset-mismatch} (409: ask {@link #voicemail}
     * where to resume), {@code checksum-mismatch} (400: the server starts again at 0).
     */
    public Voicemail uploadVoicemail(String token, String id, long offset, byte[] audio, int from, int length)
            throws AccessServerException {
        return exchange("PUT", "voicemails/" + segment(id) + "/content?offset=" + offset,
                HttpRequest.BodyPublishers.ofByteArray(audio, from, length), "application/octet-stream", token,
                Voicemail.class, 200);
    }

    /** One voicemail as the server keeps it: ours to resume an upload, or one left for us. */
    public Voicemail voicemail(String token, String id) throws AccessServerException {
        return call("GET", "voicemails/" + segment(id), null, token, Voicemail.class, 200);
    }

    /** The complete voicemails left for this user, oldest first (FIG. 11 step 1110). */
    public Voicemails voicemails(String token) throws AccessServerException {
        return call("GET", "voicemails", null, token, Voicemails.class, 200);
    }

    /** The audio of a voicemail left for this user (FIG. 11 step 1112), at most {@code maxBytes}. */
    public byte[] voicemailAudio(String token, String id, int maxBytes) throws AccessServerException {
        HttpRequest request = authorized(HttpRequest.newBuilder(base.resolve("voicemails/" + segment(id) + "/content"))
                .timeout(timeout).header("Accept", VoicemailDeposit.SEALED + ", audio/wav, application/problem+json").GET(), token).build();
        HttpResponse<InputStream> response = send(request, HttpResponse.BodyHandlers.ofInputStream(), "GET voicemails/{id}/content");
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw refused("GET", "voicemails/" + id + "/content", response.statusCode(), body.readNBytes(64 * 1024));
            }
            byte[] audio = body.readNBytes(maxBytes + 1);
            if (audio.length > maxBytes) {
                throw new AccessServerException(200, null, "voicemail " + id + " is larger than " + maxBytes + " bytes");
            }
            return audio;
        } catch (IOException e) {
            throw new AccessServerException("the voicemail download from " + base + " broke off: " + e.getMessage(), e);
        }
    }

    /**
     * Tells the server to delete a voicemail left for this user (claim 5, FIG. 10 step 1016, FIG. 11 step 1114);
     * false when it was gone already (404), which counts as done.
     */
    public boolean deleteVoicemail(String token, String id) throws AccessServerException {
        try {
            call("DELETE", "voicemails/" + segment(id), null, token, Void.class, 204);
            return true;
        } catch (AccessServerException e) {
            if (e.status() == 404) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Asks the server to make {@code create.to()} our buddy (FIG. 7 step 710, FIG. 8 step 806): {@code 201}
     * with the request and the target's online locations, or {@code 200} with the same when our open request
     * to that user exists already. Problems: {@code unknown-user} (404), {@code already-buddies} and
     * {@code request-exists} (409: the other user asked us first), {@code not-allowed} (403: blocked),
     * {@code request-refused-recently} (429 with Retry-After: denied within the server's period).
     */
    public BuddyRequestCreated requestBuddy(String token, BuddyRequestCreate create) throws AccessServerException {
        return call("POST", "buddies/requests", create, token, BuddyRequestCreated.class, 201, 200);
    }

    /** The buddy requests waiting for our answer, oldest first, each with the requester's online locations (FIG. 8 step 814). */
    public BuddyRequests buddyRequests(String token) throws AccessServerException {
        return call("GET", "buddies/requests", null, token, BuddyRequests.class, 200);
    }

    /** One buddy request we made or that is to us; 404 otherwise (also once it was answered and deleted). */
    public BuddyRequest buddyRequest(String token, String id) throws AccessServerException {
        return call("GET", "buddies/requests/" + segment(id), null, token, BuddyRequest.class, 200);
    }

    /**
     * Answers a buddy request to us (FIG. 7 step 720, FIG. 8 step 818, FIG. 9 step 918): the server updates
     * both profiles and deletes the request; the answer names the requester and where it is online now.
     */
    public BuddyChange answerBuddyRequest(String token, String id, boolean grant) throws AccessServerException {
        return call("POST", "buddies/requests/" + segment(id) + "/answer", new BuddyAnswer(grant), token, BuddyChange.class, 200);
    }

    /** Withdraws a buddy request we made. */
    public void withdrawBuddyRequest(String token, String id) throws AccessServerException {
        call("DELETE", "buddies/requests/" + segment(id), null, token, Void.class, 204);
    }

    /** Deletes a buddy from both lists (FIG. 7 text: "neither buddy list shows the other user"); {@code not-found} (404) when there is no relation. */
    public BuddyChange deleteBuddy(String token, String userId) throws AccessServerException {
        return call("DELETE", "buddies/" + segment(userId), null, token, BuddyChange.class, 200);
    }

    /** Blocks a user: our side of the relation becomes {@code BLOCKED}. */
    public BuddyChange blockBuddy(String token, String userId) throws AccessServerException {
        return call("PUT", "buddies/" + segment(userId) + "/block", null, token, BuddyChange.class, 200);
    }

    /** Unblocks a user: our side becomes {@code ACCEPTED} again; {@code not-blocked} (409) when it was not blocked. */
    public BuddyChange unblockBuddy(String token, String userId) throws AccessServerException {
        return call("DELETE", "buddies/" + segment(userId) + "/block", null, token, BuddyChange.class, 200);
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private <T> T call(String method, String path, Object body, String token, Class<T> answer, int... expected)
            throws AccessServerException {
        return exchange(method, path, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(WireJson.encode(body)), body == null ? null : JSON, token, answer, expected);
    }

    private <T> T exchange(String method, String path, HttpRequest.BodyPublisher body, String contentType, String token,
                           Class<T> answer, int... expected) throws AccessServerException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                .header("Accept", JSON)
                .method(method, body);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        HttpResponse<byte[]> response = send(authorized(request, token).build(), HttpResponse.BodyHandlers.ofByteArray(),
                method + " " + path);
        if (Arrays.stream(expected).noneMatch(status -> status == response.statusCode())) {
            throw refused(method, path, response.statusCode(), response.body());
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

    /** {@code credential}: a session token (sent as Bearer, RFC 6750), or a whole Authorization value such as {@link #basic}'s. */
    private static HttpRequest.Builder authorized(HttpRequest.Builder request, String credential) {
        if (credential == null) {
            return request;
        }
        return request.header("Authorization", credential.startsWith(BASIC) ? credential : "Bearer " + credential);
    }

    /**
     * The external routing tables of this user's subscriptions (FIG. 14 step 1404), or the changes since
     * {@code since} for the {@code tables} held (step 1416); the server answers whole when that is needed.
     */
    public io.peerswitch.wire.route.RouteTable routes(String token, Long since, List<String> tables) throws AccessServerException {
        String query = since == null ? "routes"
                : "routes?since=" + since + "&tables=" + segment(String.join(",", tables));
        return call("GET", query, null, token, io.peerswitch.wire.route.RouteTable.class, 200);
    }

    /** The Authorization value of HTTP Basic (RFC 7617) for an administrator. */
    public static String basic(String user, String password) {
        return BASIC + java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------- administration (Basic, an administrator)

    /** Every trunk of the redirect server (FIG. 15). */
    public io.peerswitch.wire.trunk.TrunkView[] trunks(String basic) throws AccessServerException {
        return call("GET", "admin/trunks", null, basic, io.peerswitch.wire.trunk.TrunkView[].class, 200);
    }

    /** One trunk. */
    public io.peerswitch.wire.trunk.TrunkView trunk(String basic, String name) throws AccessServerException {
        return call("GET", "admin/trunks/" + segment(name), null, basic, io.peerswitch.wire.trunk.TrunkView.class, 200);
    }

    /** Provisions a trunk. */
    public io.peerswitch.wire.trunk.TrunkView createTrunk(String basic, io.peerswitch.wire.trunk.TrunkSpec spec)
            throws AccessServerException {
        return call("POST", "admin/trunks", spec, basic, io.peerswitch.wire.trunk.TrunkView.class, 201);
    }

    /** Replaces a trunk's settings (a null password keeps its credentials). */
    public io.peerswitch.wire.trunk.TrunkView updateTrunk(String basic, io.peerswitch.wire.trunk.TrunkSpec spec)
            throws AccessServerException {
        return call("PUT", "admin/trunks/" + segment(spec.name()), spec, basic, io.peerswitch.wire.trunk.TrunkView.class, 200);
    }

    /** Deletes a trunk. */
    public void deleteTrunk(String basic, String name) throws AccessServerException {
        call("DELETE", "admin/trunks/" + segment(name), null, basic, Void.class, 204);
    }

    /** Every external route, or those of {@code table} (FIG. 12). */
    public io.peerswitch.wire.route.ExternalRoute[] allRoutes(String basic, String table) throws AccessServerException {
        return call("GET", "admin/routes" + (table == null ? "" : "?table=" + segment(table)), null, basic,
                io.peerswitch.wire.route.ExternalRoute[].class, 200);
    }

    /** Adds an external route. */
    public io.peerswitch.wire.route.ExternalRoute createRoute(String basic, io.peerswitch.wire.route.RouteSpec spec)
            throws AccessServerException {
        return call("POST", "admin/routes", spec, basic, io.peerswitch.wire.route.ExternalRoute.class, 201);
    }

    /** Replaces external route {@code id}. */
    public io.peerswitch.wire.route.ExternalRoute updateRoute(String basic, long id, io.peerswitch.wire.route.RouteSpec spec)
            throws AccessServerException {
        return call("PUT", "admin/routes/" + id, spec, basic, io.peerswitch.wire.route.ExternalRoute.class, 200);
    }

    /** Removes external route {@code id}. */
    public void deleteRoute(String basic, long id) throws AccessServerException {
        call("DELETE", "admin/routes/" + id, null, basic, Void.class, 204);
    }

    /** The plans {@code user} subscribes to. */
    public String[] subscriptions(String basic, String user) throws AccessServerException {
        return call("GET", "admin/accounts/" + segment(user) + "/subscriptions", null, basic, String[].class, 200);
    }

    /** Subscribes {@code user} to {@code plan} until {@code until} (null: open-ended); the plans after. */
    public String[] subscribe(String basic, String user, String plan, java.time.Instant until) throws AccessServerException {
        return call("PUT", "admin/accounts/" + segment(user) + "/subscriptions/" + segment(plan)
                + (until == null ? "" : "?until=" + segment(until.toString())), null, basic, String[].class, 200);
    }

    /** Ends {@code user}'s subscription to {@code plan}; the plans after. */
    public String[] unsubscribe(String basic, String user, String plan) throws AccessServerException {
        return call("DELETE", "admin/accounts/" + segment(user) + "/subscriptions/" + segment(plan), null, basic,
                String[].class, 200);
    }

    /** The audit trail since {@code since}, at most {@code limit} entries. */
    public io.peerswitch.wire.audit.AuditEntry[] audit(String basic, java.time.Instant since, int limit)
            throws AccessServerException {
        return call("GET", "admin/audit?since=" + segment(since.toString()) + "&limit=" + limit, null, basic,
                io.peerswitch.wire.audit.AuditEntry[].class, 200);
    }

    private <B> HttpResponse<B> send(HttpRequest request, HttpResponse.BodyHandler<B> handler, String what)
            throws AccessServerException {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            throw new AccessServerException("the access server at " + base + " cannot be reached (" + what + "): "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AccessServerException("interrupted while talking to the access server", e);
        }
    }

    /** The server's refusal as an exception carrying its problem document, when the body is one. */
    private static AccessServerException refused(String method, String path, int status, byte[] body) {
        Problem problem = null;
        try {
            problem = WireJson.decode(body, Problem.class);
        } catch (MalformedJsonException e) {
            // Not a problem document (a proxy's error page, say): the status alone must do.
        }
        String detail = problem == null ? "HTTP " + status : problem.detail() == null ? problem.title() : problem.detail();
        return new AccessServerException(status, problem, method + " " + path + ": " + detail);
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
