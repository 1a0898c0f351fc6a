package io.peerswitch.it;

import static io.peerswitch.it.ApiClient.basic;
import static io.peerswitch.it.ApiClient.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.peerswitch.endpoint.e2e.MessageCrypto;
import io.peerswitch.endpoint.identity.DeviceEnrolment;
import io.peerswitch.it.ApiClient.Reply;
import io.peerswitch.wire.buddy.BuddyAnswer;
import io.peerswitch.wire.buddy.BuddyChange;
import io.peerswitch.wire.buddy.BuddyRequest;
import io.peerswitch.wire.buddy.BuddyRequestCreate;
import io.peerswitch.wire.buddy.BuddyRequestCreated;
import io.peerswitch.wire.buddy.BuddyRequests;
import io.peerswitch.wire.identity.Der;
import io.peerswitch.wire.identity.DeviceCertificate;
import io.peerswitch.wire.identity.DeviceCertificateRequest;
import io.peerswitch.wire.identity.Devices;
import io.peerswitch.wire.identity.EcKeys;
import io.peerswitch.wire.identity.LocationCertificate;
import io.peerswitch.wire.nat.NatType;
import io.peerswitch.wire.nat.TransportAddress;
import io.peerswitch.wire.notice.Notice;
import io.peerswitch.wire.pending.PendingItem;
import io.peerswitch.wire.problem.InvalidParam;
import io.peerswitch.wire.problem.Problem;
import io.peerswitch.wire.profile.Buddy;
import io.peerswitch.wire.profile.PresenceStatus;
import io.peerswitch.wire.profile.ProfileUpdate;
import io.peerswitch.wire.profile.RelationState;
import io.peerswitch.wire.provisioning.ImportReport;
import io.peerswitch.wire.provisioning.ProvisionedAccount;
import io.peerswitch.wire.provisioning.ProvisionedBuddy;
import io.peerswitch.wire.provisioning.ProvisioningFile;
import io.peerswitch.wire.reflector.ReflectorKeys;
import io.peerswitch.wire.reflector.ReflectorToken;
import io.peerswitch.wire.routing.RoutingEntry;
import io.peerswitch.wire.session.Installation;
import io.peerswitch.wire.session.Installations;
import io.peerswitch.wire.session.KeepaliveRequest;
import io.peerswitch.wire.session.LoginRequest;
import io.peerswitch.wire.session.LoginResponse;
import io.peerswitch.wire.session.NotificationChannel;
import io.peerswitch.wire.session.ProfileSnapshot;
import io.peerswitch.wire.session.ReflectorGrant;
import io.peerswitch.wire.session.SessionInfo;
import io.peerswitch.wire.sip.SipRequest;
import io.peerswitch.wire.sip.SipResponse;
import io.peerswitch.wire.store.MessageDeposit;
import io.peerswitch.wire.store.RecipientKeys;
import io.peerswitch.wire.store.StoredMessage;
import io.peerswitch.wire.store.StoredMessages;
import io.peerswitch.wire.store.Voicemail;
import io.peerswitch.wire.store.VoicemailDeposit;
import io.peerswitch.wire.store.Voicemails;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The access server end to end over HTTPS (FIG. 4-6): registration, bulk provisioning, login with
 * profile and routing table, several locations per user, keepalive, logout, expiry, throttling, and
 * what bad input gets. One deployment of the real EAR serves every test; each test uses its own users.
 */
@ExtendWith(ArquillianExtension.class)
class AccessServerIT {

    @TempDir
    java.nio.file.Path dir;

    private static final String ADMIN_PASSWORD = "it-admin-password";
    private static final String PASSWORD = "correct horse battery";

    private static X509Certificate certificate;
    private static ApiClient api;

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return Deployments.peerswitchEar();
    }

    @BeforeAll
    static void connect() throws Exception {
        int port = Deployments.httpsPort("main");
        certificate = ApiClient.firstUse(port, Deployments.serverBase("main").resolve("data/peerswitch-tls.p12"));
        api = ApiClient.trusting(port, certificate, null);
    }

    // ------------------------------------------------------------------ helpers

    private static String[] admin() {
        return basic("admin", ADMIN_PASSWORD);
    }

    private static ProvisionedAccount account(String user, String... buddies) {
        List<ProvisionedBuddy> list = new ArrayList<>();
        for (String b : buddies) {
            String[] parts = b.split(":");
            list.add(new ProvisionedBuddy(parts[0], parts.length > 1 ? RelationState.valueOf(parts[1]) : null));
        }
        return new ProvisionedAccount(user, user + "@example.com", null, PASSWORD, null, null, null, null, List.of(), list);
    }

    private static ImportReport provision(ProvisionedAccount... accounts) {
        Reply reply = api.post("admin/accounts/import", new ProvisioningFile(List.of(accounts)), admin());
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        return reply.as(ImportReport.class);
    }

    private static LoginRequest login(String user, String instance, String publicIp, int port, NatType nat, Integer expires) {
        return new LoginRequest(user, PASSWORD, instance, new TransportAddress(publicIp, port),
                new TransportAddress("10.1.2.3", 5060), nat, expires, "peerswitch-it", new TransportAddress("198.19.0.10", 3478));
    }

    /** {@code request} with {@code messageKey}'s public half as the installation's message key. */
    private static LoginRequest withMessageKey(LoginRequest request, KeyPair messageKey) {
        return new LoginRequest(request.userId(), request.password(), request.instanceId(), request.publicAddress(),
                request.privateAddress(), request.natType(), request.expires(), request.userAgent(), request.reflector(), null,
                Der.encode(messageKey.getPublic().getEncoded()));
    }

    private static LoginResponse logIn(LoginRequest request) {
        Reply reply = api.post("sessions", request);
        assertThat(reply.status()).as(reply.text()).isEqualTo(201);
        return reply.as(LoginResponse.class);
    }

    private static ProfileSnapshot snapshot(LoginResponse session) {
        Reply reply = api.get("profile", bearer(session.session().token()));
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        return reply.as(ProfileSnapshot.class);
    }

    private static Buddy buddy(LoginResponse login, String userId) {
        return buddy(new ProfileSnapshot(login.profile(), login.routingTable(), login.pending()), userId);
    }

    private static Buddy buddy(ProfileSnapshot snapshot, String userId) {
        return snapshot.profile().buddies().stream().filter(b -> b.userId().equals(userId)).findFirst().orElseThrow();
    }

    /** Polls {@code condition} until it holds; the deadline only bounds a failing test. */
    private static void eventually(Duration deadline, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition still false after " + deadline).isLessThan(end);
            Thread.sleep(100);
        }
    }

    private static List<String> names(Problem problem) {
        return problem.invalidParams() == null ? List.of() : problem.invalidParams().stream().map(InvalidParam::name).toList();
    }

    // ------------------------------------------------------------------ registration

    @Test
    void registersAUserOnceAndRefusesTheSameIdOrEmailAgain() {
        Reply created = api.postRaw("accounts", "application/json",
                "{\"userId\":\"Reg.Alice\",\"password\":\"correct horse\",\"email\":\"reg.alice@example.com\",\"displayName\":\"Alice\"}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.text()).contains("\"userId\":\"reg.alice\"");

        Reply sameId = api.postRaw("accounts", "application/json",
                "{\"userId\":\"reg.alice\",\"password\":\"correct horse\",\"email\":\"other@example.com\"}");
        assertThat(sameId.status()).isEqualTo(409);
        assertThat(names(sameId.problem())).containsExactly("userId");

        Reply sameEmail = api.postRaw("accounts", "application/json",
                "{\"userId\":\"reg.alice2\",\"password\":\"correct horse\",\"email\":\"reg.alice@example.com\"}");
        assertThat(sameEmail.status()).isEqualTo(409);
        assertThat(names(sameEmail.problem())).containsExactly("email");

        LoginResponse session = logIn(new LoginRequest("REG.ALICE", "correct horse", "i1",
                new TransportAddress("198.18.0.1", 4000), null, NatType.NO_NAT, null, null, null));
        assertThat(session.profile().displayName()).isEqualTo("Alice");
    }

    @Test
    void malformedRequestsGet400NamingTheFieldAndWriteNothing() {
        Reply syntax = api.postRaw("accounts", "application/json", "{\"userId\": \"bad.syntax\",, }");
        assertThat(syntax.status()).isEqualTo(400);
        assertThat(syntax.problem().detail()).contains("line 1");

        Reply shortPassword = api.postRaw("accounts", "application/json",
                "{\"userId\":\"bad.pw\",\"password\":\"short\",\"email\":\"bad.pw@example.com\"}");
        assertThat(shortPassword.status()).isEqualTo(400);
        assertThat(names(shortPassword.problem())).containsExactly("password");

        Reply badNat = api.postRaw("sessions", "application/json", """
                {"userId":"bad.nat","password":"whatever1","instanceId":"i1",
                 "publicAddress":{"ip":"198.18.0.1","port":99999},"natType":"FULL_CONE"}""");
        assertThat(badNat.status()).isEqualTo(400);
        assertThat(names(badNat.problem())).containsExactly("publicAddress.port");

        Reply badEnum = api.postRaw("sessions", "application/json", """
                {"userId":"bad.nat","password":"whatever1","instanceId":"i1",
                 "publicAddress":{"ip":"198.18.0.1","port":9999},"natType":"CONE"}""");
        assertThat(names(badEnum.problem())).containsExactly("natType");

        Reply empty = api.postRaw("sessions", "application/json", "");
        assertThat(empty.status()).isEqualTo(400);

        Reply tooLarge = api.postRaw("accounts", "application/json",
                "{\"userId\":\"big\",\"displayName\":\"" + "x".repeat(70_000) + "\"}");
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.problem().type()).isEqualTo(URI.create(Problem.TYPE_BASE + "content-too-large"));

        Reply wrongType = api.postRaw("accounts", "text/plain", "userId=x");
        assertThat(wrongType.status()).isEqualTo(415);
        wrongType.problem();

        Reply unknown = api.get("no/such/resource");
        assertThat(unknown.status()).isEqualTo(404);
        unknown.problem();

        // None of the refused registrations left an account behind.
        Reply export = api.get("admin/accounts/export", admin());
        assertThat(export.as(ProvisioningFile.class).accounts()).extracting(ProvisionedAccount::userId)
                .doesNotContain("bad.syntax", "bad.pw", "big");
    }

    /**
     * The session carries a reflector grant (FIG. 24-25) that a reflector with the same key file accepts
     * for packets from the address the server saw the login come from (loopback here), and not from the
     * public address the login claimed, {@code claimedIp} (issue 12: a token for someone else's address).
     */
    private static void assertReflectorGrantFor(SessionInfo session, String claimedIp) {
        String publicIp = "127.0.0.1";
        try {
            ReflectorGrant grant = session.reflector();
            assertThat(grant).as("reflector grant").isNotNull();
            assertThat(grant.expiresAt()).isAfter(session.expiresAt());
            byte[] token = Base64.getDecoder().decode(grant.token());
            ReflectorKeys keys = ReflectorKeys.read(Path.of(System.getProperty("peerswitch.it.reflector.keys")));
            ReflectorToken.Check check = ReflectorToken.check(token, 0, token.length, keys, Instant.now(), InetAddress.getByName(publicIp));
            assertThat(check).isInstanceOf(ReflectorToken.Check.Valid.class);
            assertThat(((ReflectorToken.Check.Valid) check).packetKey()).isEqualTo(Base64.getDecoder().decode(grant.packetKey()));
            assertThat(ReflectorToken.check(token, 0, token.length, keys, Instant.now(), InetAddress.getByName("198.19.0.250")))
                    .isInstanceOf(ReflectorToken.Check.WrongSource.class);
            assertThat(ReflectorToken.check(token, 0, token.length, keys, Instant.now(), InetAddress.getByName(claimedIp)))
                    .as("bound to what the server saw, not to what the login claimed").isInstanceOf(ReflectorToken.Check.WrongSource.class);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * {@code reach} is a reach token (docs/reflector.md) a reflector with the same key file accepts for packets to
     * the address the server saw its location log in from (loopback here), and nowhere else; no send token.
     */
    private static void assertReachToken(String reach) {
        assertThat(reach).as("reach token").isNotNull();
        try {
            byte[] token = Base64.getDecoder().decode(reach);
            ReflectorKeys keys = ReflectorKeys.read(Path.of(System.getProperty("peerswitch.it.reflector.keys")));
            assertThat(ReflectorToken.check(ReflectorToken.Purpose.REACH, token, 0, token.length, keys, Instant.now(),
                    InetAddress.getByName("127.0.0.1"))).isInstanceOf(ReflectorToken.Check.Valid.class);
            assertThat(ReflectorToken.check(ReflectorToken.Purpose.REACH, token, 0, token.length, keys, Instant.now(),
                    InetAddress.getByName("198.19.0.250"))).isInstanceOf(ReflectorToken.Check.WrongSource.class);
            assertThat(ReflectorToken.check(token, 0, token.length, keys, Instant.now(), InetAddress.getByName("127.0.0.1")))
                    .as("no send token").isInstanceOf(ReflectorToken.Check.Forged.class);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ login, routing table, presence

    @Test
    void buddiesSeeEachOthersLocationAndNatTypeOnlyWhileOnline() {
        provision(account("rt.alice", "rt.bob", "rt.carol:PENDING"), account("rt.bob"), account("rt.carol"));

        LoginResponse alice = logIn(login("rt.alice", "alice-laptop", "198.18.10.1", 40001, NatType.FULL_CONE, null));
        assertThat(alice.routingTable()).isEmpty();
        assertThat(alice.profile().buddies()).extracting(Buddy::userId, Buddy::relation, Buddy::online).containsExactly(
                tuple("rt.bob", RelationState.ACCEPTED, false), tuple("rt.carol", RelationState.PENDING, false));
        assertThat(alice.pending()).isEmpty();

        LoginResponse bob = logIn(login("rt.bob", "bob-desk", "198.18.20.2", 50002, NatType.SYMMETRIC, null));
        assertThat(bob.routingTable()).singleElement().satisfies(entry -> {
            assertThat(entry.userId()).isEqualTo("rt.alice");
            assertThat(entry.locationId()).isEqualTo(alice.session().locationId());
            assertThat(entry.publicAddress()).isEqualTo(new TransportAddress("198.18.10.1", 40001));
            assertThat(entry.privateAddress()).isEqualTo(new TransportAddress("10.1.2.3", 5060));
            assertThat(entry.natType()).isEqualTo(NatType.FULL_CONE);
            assertThat(entry.reflector()).as("where alice keeps her pinhole (FIG. 24)").isEqualTo(new TransportAddress("198.19.0.10", 3478));
            assertReachToken(entry.reach());
            assertThat(bob.session().reflector().reach()).as("the grant carries the buddies' reach tokens").containsExactly(entry.reach());
        });
        assertThat(buddy(bob, "rt.alice").online()).isTrue();
        assertReflectorGrantFor(bob.session(), "198.18.20.2");

        // Alice learns of Bob from the server too when she fetches her snapshot again.
        ProfileSnapshot aliceNow = snapshot(alice);
        assertThat(aliceNow.routingTable()).extracting(RoutingEntry::userId, RoutingEntry::natType)
                .containsExactly(tuple("rt.bob", NatType.SYMMETRIC));
        assertThat(buddy(aliceNow, "rt.bob").status()).isEqualTo(PresenceStatus.AVAILABLE);

        // Carol only has a pending request from Alice: she sees nobody, and nobody sees her.
        LoginResponse carol = logIn(login("rt.carol", "carol-1", "198.18.30.3", 4000, NatType.NO_NAT, null));
        assertThat(carol.routingTable()).isEmpty();
        assertThat(carol.session().reflector().reach()).as("no leave to reach anyone's address").isEmpty();
        assertThat(snapshot(alice).routingTable()).extracting(RoutingEntry::userId).containsExactly("rt.bob");

        Reply logout = api.delete("sessions/current", bearer(bob.session().token()));
        assertThat(logout.status()).isEqualTo(204);
        ProfileSnapshot afterLogout = snapshot(alice);
        assertThat(afterLogout.routingTable()).isEmpty();
        assertThat(buddy(afterLogout, "rt.bob").online()).isFalse();
        assertThat(api.get("profile", bearer(bob.session().token())).status()).isEqualTo(401);
    }

    @Test
    void eachEndpointOfAUserIsItsOwnLocationAndReloginReplacesIt() {
        provision(account("multi.alice", "multi.bob"), account("multi.bob"));
        LoginResponse alice = logIn(login("multi.alice", "a-1", "198.18.1.1", 1111, NatType.NO_NAT, null));

        LoginResponse desk = logIn(login("multi.bob", "desk", "198.18.2.1", 2221, NatType.FULL_CONE, null));
        LoginResponse phone = logIn(login("multi.bob", "phone", "198.18.2.2", 2222, NatType.SYMMETRIC, null));
        assertThat(snapshot(alice).routingTable()).extracting(RoutingEntry::locationId)
                .containsExactlyInAnyOrder(desk.session().locationId(), phone.session().locationId());

        LoginResponse deskAgain = logIn(login("multi.bob", "desk", "198.18.2.9", 2229, NatType.RESTRICTED_CONE, null));
        assertThat(snapshot(alice).routingTable()).extracting(RoutingEntry::locationId, RoutingEntry::natType)
                .containsExactlyInAnyOrder(tuple(deskAgain.session().locationId(), NatType.RESTRICTED_CONE),
                        tuple(phone.session().locationId(), NatType.SYMMETRIC));
        assertThat(api.get("profile", bearer(desk.session().token())).status()).as("replaced location").isEqualTo(401);

        api.delete("sessions/current", bearer(phone.session().token()));
        assertThat(snapshot(alice).routingTable()).extracting(RoutingEntry::locationId)
                .containsExactly(deskAgain.session().locationId());
    }

    @Test
    void keepaliveExtendsALocationAndUpdatesItsAddress() throws Exception {
        provision(account("ka.alice", "ka.bob"), account("ka.bob"));
        LoginResponse alice = logIn(login("ka.alice", "a", "198.18.3.1", 3001, NatType.NO_NAT, null));
        LoginResponse bob = logIn(login("ka.bob", "b", "198.18.3.2", 3002, NatType.PORT_RESTRICTED_CONE, 3));
        assertThat(bob.session().expires()).isEqualTo(3);

        Reply kept = api.post("sessions/current/keepalive",
                new KeepaliveRequest(new TransportAddress("198.18.3.22", 3022), null, NatType.SYMMETRIC, 60, null),
                bearer(bob.session().token()));
        assertThat(kept.status()).as(kept.text()).isEqualTo(200);
        assertThat(kept.as(SessionInfo.class).expires()).isEqualTo(60);
        assertReflectorGrantFor(kept.as(SessionInfo.class), "198.18.3.22");
        assertThat(kept.as(SessionInfo.class).reflector().reach()).as("alice's reach token, fresh").singleElement()
                .satisfies(AccessServerIT::assertReachToken);

        // Past the original three seconds Bob is still online, at his new address.
        Thread.sleep(Duration.ofSeconds(4));
        assertThat(snapshot(alice).routingTable()).singleElement().satisfies(entry -> {
            assertThat(entry.publicAddress()).isEqualTo(new TransportAddress("198.18.3.22", 3022));
            assertThat(entry.natType()).isEqualTo(NatType.SYMMETRIC);
        });
    }

    @Test
    void aSilentLocationExpiresAndDisappearsFromItsBuddiesRoutingTables() throws Exception {
        provision(account("exp.alice", "exp.bob"), account("exp.bob"));
        LoginResponse alice = logIn(login("exp.alice", "a", "198.18.4.1", 4001, NatType.NO_NAT, null));
        LoginResponse bob = logIn(login("exp.bob", "b", "198.18.4.2", 4002, NatType.FULL_CONE, 1));
        assertThat(bob.session().expires()).isEqualTo(1);

        eventually(Duration.ofSeconds(20), () -> snapshot(alice).routingTable().isEmpty());
        assertThat(buddy(snapshot(alice), "exp.bob").online()).isFalse();
        Reply late = api.post("sessions/current/keepalive", KeepaliveRequest.REFRESH_ONLY, bearer(bob.session().token()));
        assertThat(late.status()).isEqualTo(401);
        assertThat(late.challenge()).hasValueSatisfying(c -> assertThat(c).contains("invalid_token"));
    }

    @Test
    void statusChangesShowInBuddiesProfiles() {
        provision(account("st.alice", "st.bob"), account("st.bob"));
        LoginResponse alice = logIn(login("st.alice", "a", "198.18.5.1", 5001, NatType.NO_NAT, null));
        Reply changed = api.patch("profile", new ProfileUpdate("Alice S.", PresenceStatus.DO_NOT_DISTURB, "in a meeting"),
                bearer(alice.session().token()));
        assertThat(changed.status()).as(changed.text()).isEqualTo(200);

        LoginResponse bob = logIn(login("st.bob", "b", "198.18.5.2", 5002, NatType.NO_NAT, null));
        assertThat(buddy(bob, "st.alice")).isEqualTo(
                new Buddy("st.alice", "Alice S.", RelationState.ACCEPTED, true, PresenceStatus.DO_NOT_DISTURB));
    }

    // ------------------------------------------------------------------ credentials and throttling

    @Test
    void wrongCredentialsGet401ThatSaysNothingAboutTheUser() {
        provision(account("cred.alice"));
        Reply wrongPassword = api.post("sessions", new LoginRequest("cred.alice", "wrong password", "i",
                new TransportAddress("198.18.6.1", 6001), null, NatType.NO_NAT, null, null, null));
        Reply noSuchUser = api.post("sessions", new LoginRequest("cred.nobody", "wrong password", "i",
                new TransportAddress("198.18.6.1", 6001), null, NatType.NO_NAT, null, null, null));

        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(noSuchUser.status()).isEqualTo(401);
        assertThat(noSuchUser.text()).isEqualTo(wrongPassword.text());
        assertThat(wrongPassword.challenge()).isPresent();

        assertThat(api.get("profile").status()).isEqualTo(401);
        assertThat(api.get("profile", bearer("ps1.Ym9i.xxx.yyy")).status()).isEqualTo(401);
        assertThat(api.get("admin/metrics", basic("cred.alice", PASSWORD)).status()).as("not an administrator").isEqualTo(401);
        assertThat(api.get("admin/metrics", basic("admin", "nope")).challenge()).hasValueSatisfying(c -> assertThat(c).startsWith("Basic"));
    }

    @Test
    void repeatedFailuresForOneAccountAreThrottled() throws Exception {
        provision(account("thr.alice"));
        ApiClient other = api.from(InetAddress.getByName("127.0.0.3"), certificate);
        LoginRequest wrong = new LoginRequest("thr.alice", "wrong password", "i", new TransportAddress("198.18.7.1", 7001),
                null, NatType.NO_NAT, null, null, null);
        for (int i = 0; i < 5; i++) {
            assertThat(other.post("sessions", wrong).status()).isEqualTo(401);
        }
        Reply throttled = other.post("sessions", login("thr.alice", "i", "198.18.7.1", 7001, NatType.NO_NAT, null));
        assertThat(throttled.status()).as("even the right password, while throttled").isEqualTo(429);
        assertThat(throttled.retryAfter()).hasValueSatisfying(s -> assertThat(Integer.parseInt(s)).isPositive());
        assertThat(throttled.problem().retryAfter()).isPositive();
    }

    @Test
    void anAddressSprayingManyAccountsIsThrottled() throws Exception {
        ApiClient sprayer = api.from(InetAddress.getByName("127.0.0.2"), certificate);
        provision(account("spray.victim"));
        for (int i = 0; i < 20; i++) {
            Reply reply = sprayer.post("sessions", new LoginRequest("spray.user" + i, "guess-" + i, "i",
                    new TransportAddress("198.18.8.1", 8001), null, NatType.NO_NAT, null, null, null));
            assertThat(reply.status()).isEqualTo(401);
        }
        assertThat(sprayer.post("sessions", login("spray.victim", "i", "198.18.8.1", 8001, NatType.NO_NAT, null)).status())
                .isEqualTo(429);
        assertThat(api.post("sessions", login("spray.victim", "i", "198.18.8.1", 8001, NatType.NO_NAT, null)).status())
                .as("the same account from another address").isEqualTo(201);
    }

    // ------------------------------------------------------------------ provisioning

    @Test
    void importIsAllOrNothingAndExportRoundTrips() {
        Reply refused = api.post("admin/accounts/import", new ProvisioningFile(List.of(
                account("aon.alice", "aon.bob"), account("aon.bob", "aon.nobody"))), admin());
        assertThat(refused.status()).isEqualTo(400);
        assertThat(names(refused.problem())).containsExactly("accounts[1].buddies[0].userId");
        assertThat(api.post("sessions", login("aon.alice", "i", "198.18.9.1", 9001, NatType.NO_NAT, null)).status())
                .as("nothing of the refused file was written").isEqualTo(401);

        String csv = "userId,email,password,subscriptions,buddies\n"
                + "aon.alice,aon.alice@example.com," + PASSWORD + ",pstn-calling,aon.bob\n"
                + "aon.bob,aon.bob@example.com," + PASSWORD + ",,\n";
        Reply imported = api.postRaw("admin/accounts/import", "text/csv", csv, admin());
        assertThat(imported.status()).as(imported.text()).isEqualTo(200);
        assertThat(imported.as(ImportReport.class)).isEqualTo(new ImportReport(2, 0, 2, 1));

        Reply again = api.postRaw("admin/accounts/import", "text/csv", csv, admin());
        assertThat(again.status()).isEqualTo(409);

        Reply exportCsv = api.get("admin/accounts/export?format=csv", admin());
        String text = new String(exportCsv.body(), StandardCharsets.UTF_8);
        assertThat(exportCsv.contentType()).startsWith("text/csv");
        assertThat(text).containsPattern("(?m)^aon\\.alice,aon\\.alice@example\\.com,,,\"?\\$argon2id\\$v=19\\$")
                .contains("pstn-calling,aon.bob");

        ProvisioningFile all = api.get("admin/accounts/export", admin()).as(ProvisioningFile.class);
        ProvisionedAccount alice = all.accounts().stream().filter(a -> a.userId().equals("aon.alice")).findFirst().orElseThrow();
        assertThat(alice.password()).isNull();
        assertThat(alice.buddies()).containsExactly(new ProvisionedBuddy("aon.bob", RelationState.ACCEPTED));

        Reply upsert = api.post("admin/accounts/import?mode=upsert", new ProvisioningFile(List.of(alice)), admin());
        assertThat(upsert.as(ImportReport.class).updated()).isEqualTo(1);
        assertThat(logIn(login("aon.alice", "i", "198.18.9.1", 9001, NatType.NO_NAT, null)).profile().subscriptions())
                .containsExactly("pstn-calling");

        Reply badMode = api.post("admin/accounts/import?mode=merge", new ProvisioningFile(List.of()), admin());
        assertThat(names(badMode.problem())).containsExactly("mode");
        Reply badCsv = api.postRaw("admin/accounts/import", "text/csv", "userId,email\n\"broken,x@example.com\n", admin());
        assertThat(badCsv.status()).isEqualTo(400);
    }

    // ------------------------------------------------------------------ operations

    @Test
    void servesItsOpenApiDocumentAndCountsWhatItDoes() {
        Reply openapi = api.send("GET", "../../openapi", null, null);
        assertThat(openapi.status()).isEqualTo(200);
        assertThat(new String(openapi.body(), StandardCharsets.UTF_8))
                .contains("/api/v1/sessions").contains("/api/v1/admin/accounts/import").contains("LoginRequest");

        Reply metrics = api.get("admin/metrics", admin());
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.text()).contains("\"passwordHashCpuNanos\"");
    }

    @Test
    void endpointsSubscribeToTheServerWithSignedRequestsAndBuddiesBehindBlockingNatsAreAssisted() throws Exception {
        provision(account("as.alice", "as.bob", "as.dave"), account("as.bob", "as.alice"), account("as.carol"),
                account("as.dave", "as.alice"));
        try (SipPeer alicePhone = new SipPeer()) {
            java.security.KeyPair aliceKeys = io.peerswitch.wire.identity.EcKeys.generate();
            java.security.KeyPair aliceMessageKey = io.peerswitch.wire.identity.EcKeys.generate();
            LoginRequest aliceLogin = login("as.alice", "alice-phone", "198.18.40.1", alicePhone.port(), NatType.PORT_RESTRICTED_CONE, null);
            LoginResponse alice = logIn(new LoginRequest(aliceLogin.userId(), aliceLogin.password(), aliceLogin.instanceId(),
                    aliceLogin.publicAddress(), aliceLogin.privateAddress(), aliceLogin.natType(), null, aliceLogin.userAgent(),
                    aliceLogin.reflector(), io.peerswitch.wire.identity.Der.encode(aliceKeys.getPublic().getEncoded()),
                    io.peerswitch.wire.identity.Der.encode(aliceMessageKey.getPublic().getEncoded())));
            NotificationChannel channel = alice.session().notifications();
            assertThat(channel).as("the server tells where to subscribe").isNotNull();
            assertThat(channel.uri()).isEqualTo("sip:_peerswitch@127.0.0.1:" + Deployments.sipPort("main"));
            assertThat(channel.keepaliveSeconds()).as("FIG. 6 step 608: keep the pinhole open").isEqualTo(20);
            LoginResponse open = logIn(login("as.dave", "dave-desk", "198.18.40.4", 4000, NatType.NO_NAT, null));
            assertThat(open.session().notifications().keepaliveSeconds()).as("an open NAT needs no keepalive").isZero();

            // Item 1 of issue 12: the login's key is certified, by the authority the answer names.
            SipPeer.authority(alice.session().authority());
            java.security.cert.X509Certificate authority = io.peerswitch.wire.identity.LocationCertificate.authority(
                    io.peerswitch.wire.identity.Der.decode(alice.session().authority(), "authority"));
            io.peerswitch.wire.identity.LocationCertificate certificate = io.peerswitch.wire.identity.LocationCertificate.verify(
                    io.peerswitch.wire.identity.Der.decode(alice.session().certificate(), "certificate"), authority, java.time.Instant.now());
            assertThat(certificate.userId()).isEqualTo("as.alice");
            assertThat(certificate.locationId()).isEqualTo(alice.session().locationId());
            assertThat(certificate.publicKey()).isEqualTo(aliceKeys.getPublic());
            assertThat(open.session().certificate()).as("a login without a session key gets no certificate").isNull();

            String credential = alice.session().credential();
            assertThat(alicePhone.request(alicePhone.subscribe("as.alice", 600)).status()).as("unsigned").isEqualTo(428);
            assertThat(alicePhone.request(SipPeer.signed(alicePhone.subscribe("as.bob", 600), aliceKeys.getPrivate(), credential)).status())
                    .as("alice's credential signs for alice only").isEqualTo(438);
            assertThat(alicePhone.request(SipPeer.signed(alicePhone.subscribe("as.alice", 600)
                    .withHeader("Event", "presence"), aliceKeys.getPrivate(), credential)).status()).isEqualTo(489);
            SipRequest subscribe = SipPeer.signed(alicePhone.subscribe("as.alice", 600), aliceKeys.getPrivate(), credential);
            assertThat(subscribe.header("Authorization")).as("no token on the wire").isEmpty();
            SipResponse ok = alicePhone.request(subscribe);
            assertThat(ok.status()).isEqualTo(200);
            assertThat(alicePhone.notice().kind()).isEqualTo(Notice.SUBSCRIBED);
            assertThat(io.peerswitch.wire.identity.SipSignatures.verify(alicePhone.lastNotify(),
                    text -> io.peerswitch.wire.identity.LocationCredential.verify(text, authority.getPublicKey(), java.time.Instant.now()),
                    java.time.Instant.now())).as("the server signs its NOTIFYs")
                    .isInstanceOfSatisfying(io.peerswitch.wire.identity.SipSignatures.Verdict.Verified.class,
                            v -> assertThat(v.credential().userId()).isEqualTo(NotificationChannel.SERVER_USER));

            // Carol is nobody's buddy: no assist. Bob is Alice's buddy: Alice is told to ping him (FIG. 6 step 618).
            logIn(login("as.carol", "carol-1", "198.18.40.3", 4000, NatType.FULL_CONE, null));
            LoginResponse bob = logIn(login("as.bob", "bob-desk", "198.18.40.2", 50002, NatType.SYMMETRIC, null));
            Notice assist = alicePhone.notice();
            assertThat(assist.kind()).isEqualTo(Notice.ASSIST);
            assertThat(assist.location().userId()).isEqualTo("as.bob");
            assertThat(assist.location().locationId()).isEqualTo(bob.session().locationId());
            assertThat(assist.location().publicAddress()).isEqualTo(new TransportAddress("198.18.40.2", 50002));

            // Bob found Alice unreachable and left a message: her subscribed location hears of it at once (FIG. 10 step 1010).
            Reply left = api.post("messages", new MessageDeposit("as.alice", Base64.getEncoder().encodeToString(new byte[] {1, 2, 3}), "as-1"),
                    bearer(bob.session().token()));
            assertThat(left.status()).as(left.text()).isEqualTo(201);
            Notice pending = alicePhone.notice();
            assertThat(pending.kind()).isEqualTo(Notice.PENDING);
            assertThat(pending.item().id()).isEqualTo(left.as(StoredMessage.class).id());
            assertThat(pending.item().from()).isEqualTo("as.bob");

            // Bob's routing table carries alice's certificate (FIG. 5 step 508 plus what authenticates her).
            assertThat(bob.routingTable()).filteredOn(e -> e.userId().equals("as.alice"))
                    .extracting(io.peerswitch.wire.routing.RoutingEntry::certificate).containsExactly(alice.session().certificate());
            // ... and her installation's message key, certified for as.alice's alice-phone (docs/security.md, "Messages end to end").
            io.peerswitch.wire.identity.MessageKeyCredential messageKey = io.peerswitch.wire.identity.MessageKeyCredential.verify(
                    bob.routingTable().stream().filter(e -> e.userId().equals("as.alice")).findFirst().orElseThrow().messageKey(),
                    authority.getPublicKey(), java.time.Instant.now());
            assertThat(messageKey.userId()).isEqualTo("as.alice");
            assertThat(messageKey.instanceId()).isEqualTo("alice-phone");
            assertThat(messageKey.key()).isEqualTo(aliceMessageKey.getPublic());
            assertThat(messageKey.notAfter()).as("outlives the session, for messages stored while she is offline")
                    .isAfter(alice.session().expiresAt().plus(java.time.Duration.ofDays(29)));
            SipResponse ended = alicePhone.request(SipPeer.signed(alicePhone.inDialog(subscribe, ok, 0), aliceKeys.getPrivate(), credential));
            assertThat(ended.status()).isEqualTo(200);
            assertThat(alicePhone.notice().kind()).isEqualTo(Notice.TERMINATED);
            assertThat(alicePhone.request(alicePhone.options()).header("Allow-Events")).contains("peerswitch");
        }
    }

    @Test
    void theSipFaceShrugsOffEveryTortureMessageAndGarbage() throws Exception {
        try (SipPeer peer = new SipPeer()) {
            List<Path> torture;
            try (var files = java.nio.file.Files.list(Path.of("../wire/src/test/resources/rfc4475"))) {
                torture = files.filter(f -> f.toString().endsWith(".dat")).sorted().toList();
            }
            assertThat(torture).as("the RFC 4475 messages").hasSizeGreaterThanOrEqualTo(49);
            for (Path file : torture) {
                peer.raw(java.nio.file.Files.readAllBytes(file));
            }
            java.util.Random random = new java.util.Random(4475);
            for (int i = 0; i < 200; i++) {
                byte[] garbage = new byte[1 + random.nextInt(1500)];
                random.nextBytes(garbage);
                if (i % 2 == 0) {
                    System.arraycopy("SUBSCRIBE ".getBytes(StandardCharsets.US_ASCII), 0, garbage, 0, Math.min(10, garbage.length));
                }
                peer.raw(garbage);
            }
            peer.raw(new byte[0]);
            peer.raw("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

            assertThat(peer.request(peer.options()).status()).as("still answering").isEqualTo(200);
        }
    }

    @Test
    void messagesForAnOfflineBuddyAreKeptSealedAnnouncedAtLoginAndDeletedOnlyOnTheRecipientsInstruction() throws Exception {
        provision(account("sf.alice", "sf.bob", "sf.carol:PENDING"), account("sf.bob", "sf.alice"), account("sf.carol"));
        // Bob's two installations logged in once: the server keeps the message key each had certified.
        KeyPair bobDesk = EcKeys.generate();
        KeyPair bobLaptop = EcKeys.generate();
        LoginResponse laptop = logIn(withMessageKey(login("sf.bob", "bob-laptop", "198.18.50.3", 4000, NatType.NO_NAT, null), bobLaptop));
        logIn(withMessageKey(login("sf.bob", "bob-1", "198.18.50.2", 4000, NatType.NO_NAT, null), bobDesk));
        LoginResponse alice = logIn(login("sf.alice", "alice-1", "198.18.50.1", 4000, NatType.NO_NAT, null));
        String[] asAlice = bearer(alice.session().token());
        X509Certificate authority = LocationCertificate.authority(Der.decode(alice.session().authority(), "authority"));

        // Alice asks for bob's keys, believes those the authority certified for him, and seals for both installations.
        Reply keys = api.get("messages/keys/sf.bob", asAlice);
        assertThat(keys.status()).as(keys.text()).isEqualTo(200);
        MessageCrypto aliceCrypto = new MessageCrypto(
                EcKeys.generate(), Clock.systemUTC());
        aliceCrypto.trust(authority.getPublicKey());
        List<ECPublicKey> bobKeys = aliceCrypto.keysOf("sf.bob", keys.as(RecipientKeys.class).credentials());
        assertThat(bobKeys).containsExactly((ECPublicKey) bobDesk.getPublic(),
                (ECPublicKey) bobLaptop.getPublic());
        String envelope = Base64.getEncoder().encodeToString(aliceCrypto.sealStored("Grüße, call me back", "sf.alice", "sf.bob", bobKeys));

        Reply kept = api.post("messages", new MessageDeposit("sf.bob", envelope, "dep-1"), asAlice);
        assertThat(kept.status()).as(kept.text()).isEqualTo(201);
        StoredMessage message = kept.as(StoredMessage.class);
        assertThat(message.from()).isEqualTo("sf.alice");
        assertThat(message.text()).as("nothing in clear").isNull();
        Reply retried = api.post("messages", new MessageDeposit("sf.bob", envelope, "dep-1"), asAlice);
        assertThat(retried.status()).as("a retried upload stores nothing new").isEqualTo(200);
        assertThat(retried.as(StoredMessage.class).id()).isEqualTo(message.id());

        Reply notBuddy = api.post("messages", new MessageDeposit("sf.carol", envelope, "dep-2"), asAlice);
        assertThat(notBuddy.status()).isEqualTo(403);
        assertThat(notBuddy.problem().type().toString()).endsWith("not-a-buddy");
        // Carol is no buddy of bob's: his keys are not hers to have; the answer is that for a name that does not exist.
        String[] asCarol = bearer(logIn(login("sf.carol", "carol-1", "198.18.50.4", 4000, NatType.NO_NAT, null)).session().token());
        Reply carolAsks = api.get("messages/keys/sf.bob", asCarol);
        Reply nobody = api.get("messages/keys/sf.nobody", asAlice);
        assertThat(carolAsks.status()).isEqualTo(403);
        assertThat(nobody.status()).isEqualTo(403);
        assertThat(carolAsks.problem().type()).isEqualTo(nobody.problem().type());
        assertThat(carolAsks.text()).doesNotContain("credential");
        assertThat(api.get("messages/keys/sf.bob").status()).isEqualTo(401);

        Reply clear = api.postRaw("messages", "application/json", "{\"to\":\"sf.bob\",\"text\":\"hi\",\"depositId\":\"d\"}", asAlice);
        assertThat(clear.status()).as("the server keeps nothing in clear").isEqualTo(400);
        assertThat(names(clear.problem())).containsExactly("envelope");
        Reply badId = api.postRaw("messages", "application/json", "{\"to\":\"sf.bob\",\"envelope\":\"AQID\",\"depositId\":\"bad id!\"}",
                asAlice);
        assertThat(names(badId.problem())).containsExactly("depositId");
        assertThat(api.post("messages", new MessageDeposit("sf.bob", envelope, "dep-3"))).extracting(Reply::status).isEqualTo(401);

        // Bob logs in: the message is among his pending items; he retrieves and opens it, then tells the server to delete it.
        LoginResponse bob = logIn(withMessageKey(login("sf.bob", "bob-1", "198.18.50.2", 4000, NatType.NO_NAT, null), bobDesk));
        String[] asBob = bearer(bob.session().token());
        assertThat(bob.pending()).extracting(PendingItem::kind, PendingItem::id, PendingItem::from)
                .containsExactly(tuple("message", message.id(), "sf.alice"));
        StoredMessage fetched = api.get("messages", asBob).as(StoredMessages.class).messages().getFirst();
        assertThat(fetched.envelope()).isEqualTo(envelope);
        for (KeyPair installation : List.of(bobDesk, bobLaptop)) {
            assertThat(new MessageCrypto(installation, Clock.systemUTC()).open(fetched.envelopeBytes()))
                    .isEqualTo(new MessageCrypto.Opened.Text("Grüße, call me back", "sf.alice", "sf.bob"));
        }
        assertThat(api.get("messages/" + message.id(), asAlice).status()).as("only the recipient reads it").isEqualTo(404);
        assertThat(api.delete("messages/" + message.id(), asAlice).status()).as("only the recipient deletes it").isEqualTo(404);
        assertThat(api.get("messages/" + message.id(), asBob).as(StoredMessage.class).envelope()).isEqualTo(envelope);

        // Bob's laptop is stolen: from his desk he revokes it; nothing more is sealed for it and its session ends.
        assertThat(api.get("installations", asBob).as(Installations.class).installations())
                .extracting(Installation::instanceId, Installation::online).containsExactly(tuple("bob-1", true), tuple("bob-laptop", true));
        assertThat(api.delete("installations/bob-laptop", asAlice).status()).as("not alice's to revoke").isEqualTo(404);
        assertThat(api.delete("installations/bob-laptop", asBob).status()).isEqualTo(204);
        assertThat(aliceCrypto.keysOf("sf.bob", api.get("messages/keys/sf.bob", asAlice).as(RecipientKeys.class).credentials()))
                .containsExactly((ECPublicKey) bobDesk.getPublic());
        assertThat(api.get("messages", bearer(laptop.session().token())).status()).as("the laptop's session ended").isEqualTo(401);
        assertThat(api.delete("installations/bob-laptop", asBob).status()).isEqualTo(404);

        assertThat(api.delete("messages/" + message.id(), asBob).status()).isEqualTo(204);
        assertThat(api.delete("messages/" + message.id(), asBob).status()).isEqualTo(404);
        assertThat(api.get("messages", asBob).as(StoredMessages.class).messages()).isEmpty();
        assertThat(snapshot(bob).pending()).isEmpty();
    }

    @Test
    void aUserGetsADeviceCertificateForAStockClientsKeyAndNothingForABadRequest() throws Exception {
        provision(account("dc.alice"));
        String[] asAlice = bearer(logIn(login("dc.alice", "dc-1", "198.18.60.1", 4000, NatType.NO_NAT, null)).session().token());
        DeviceEnrolment desk = new DeviceEnrolment("desk phone");

        Reply issued = api.post("devices/certificates", new DeviceCertificateRequest(desk.request(), "desk phone"),
                asAlice);

        assertThat(issued.status()).as(issued.text()).isEqualTo(201);
        var certificate = issued.as(DeviceCertificate.class);
        var files = desk.write(certificate, dir.resolve("desk"));
        byte[] der = java.util.Base64.getMimeDecoder().decode(java.nio.file.Files.readString(files.certificate())
                .replaceAll("-----[A-Z ]+-----", ""));
        byte[] authorityDer = java.util.Base64.getMimeDecoder().decode(java.nio.file.Files.readString(files.authority())
                .replaceAll("-----[A-Z ]+-----", ""));
        LocationCertificate checked = LocationCertificate.verify(der, LocationCertificate.authority(authorityDer), java.time.Instant.now());
        assertThat(checked.userId()).isEqualTo("dc.alice");
        assertThat(checked.locationId()).isEqualTo(certificate.deviceId());
        assertThat(certificate.notAfter()).isAfter(java.time.Instant.now().plus(Duration.ofDays(29)));

        Reply garbage = api.postRaw("devices/certificates", "application/json", "{\"csr\":\"bm90IGEgcmVxdWVzdA==\"}", asAlice);
        assertThat(garbage.status()).isEqualTo(400);
        assertThat(names(garbage.problem())).containsExactly("csr");
        Reply missing = api.postRaw("devices/certificates", "application/json", "{}", asAlice);
        assertThat(names(missing.problem())).containsExactly("csr");
        assertThat(api.post("devices/certificates", new DeviceCertificateRequest(desk.request(), null))
                .status()).as("only for a logged-in user").isEqualTo(401);
    }

    @Test
    void aRevokedDeviceCertificateReachesTheUsersBuddiesWithTheirKeepaliveAndNoOneElse() throws Exception {
        provision(account("dr.alice", "dr.bob", "dr.carol:PENDING"), account("dr.bob", "dr.alice"), account("dr.carol"));
        LoginResponse alice = logIn(login("dr.alice", "dr-a", "198.18.61.1", 4000, NatType.NO_NAT, null));
        LoginResponse bob = logIn(login("dr.bob", "dr-b", "198.18.61.2", 4000, NatType.NO_NAT, null));
        LoginResponse carol = logIn(login("dr.carol", "dr-c", "198.18.61.3", 4000, NatType.NO_NAT, null));
        String[] asAlice = bearer(alice.session().token());
        var phone = api.post("devices/certificates", new DeviceCertificateRequest(
                new DeviceEnrolment("phone").request(), "phone"), asAlice)
                .as(DeviceCertificate.class);

        assertThat(api.delete("devices/" + phone.deviceId(), bearer(bob.session().token())).status()).as("not bob's").isEqualTo(404);
        assertThat(api.delete("devices/" + phone.deviceId(), asAlice).status()).isEqualTo(204);

        var listed = api.get("devices", asAlice).as(Devices.class).devices();
        assertThat(listed).singleElement().satisfies(d -> assertThat(d.revokedAt()).isNotNull());
        assertThat(keepalive(bob).revokedDevices()).as("bob is alice's buddy").containsExactly(phone.fingerprint());
        assertThat(keepalive(carol).revokedDevices()).as("carol only asked").isEmpty();
        assertThat(api.delete("devices/" + phone.deviceId(), asAlice).status()).as("revoked once").isEqualTo(204);
        assertThat(api.delete("devices/device-0000", asAlice).status()).isEqualTo(404);
    }

    private static SessionInfo keepalive(LoginResponse login) {
        Reply reply = api.post("sessions/current/keepalive", KeepaliveRequest.REFRESH_ONLY, bearer(login.session().token()));
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        return reply.as(SessionInfo.class);
    }

    @Test
    void buddyRequestsFollowFigures7To9AndDeletionIsBilateral() {
        provision(account("bd.alice"), account("bd.bob"), account("bd.carol"));

        // FIG. 7: both online; the server holds the request and names no location of the target (no buddy yet).
        LoginResponse alice = logIn(login("bd.alice", "alice-1", "198.18.60.1", 4000, NatType.NO_NAT, null));
        LoginResponse bob = logIn(login("bd.bob", "bob-1", "198.18.60.2", 4000, NatType.FULL_CONE, null));
        String[] asAlice = bearer(alice.session().token());
        String[] asBob = bearer(bob.session().token());
        Reply asked = api.post("buddies/requests", new BuddyRequestCreate("bd.bob", "Alice from accounting"), asAlice);
        assertThat(asked.status()).as(asked.text()).isEqualTo(201);
        BuddyRequestCreated created = asked.as(BuddyRequestCreated.class);
        assertThat(created.targetLocations()).isEmpty();
        assertThat(api.get("buddies/requests", asBob).as(BuddyRequests.class).requests())
                .extracting(BuddyRequest::from, BuddyRequest::note).containsExactly(tuple("bd.alice", "Alice from accounting"));
        Reply granted = api.post("buddies/requests/" + created.request().id() + "/answer", new BuddyAnswer(true), asBob);
        assertThat(granted.status()).as(granted.text()).isEqualTo(200);
        assertThat(granted.as(BuddyChange.class).locations()).extracting(RoutingEntry::userId).containsExactly("bd.alice");
        assertThat(snapshot(alice).routingTable()).extracting(RoutingEntry::userId).containsExactly("bd.bob");
        assertThat(buddy(snapshot(bob), "bd.alice").relation()).isEqualTo(RelationState.ACCEPTED);

        // FIG. 8 and 9: Carol is offline; the request waits for her login; Alice has gone when Carol answers.
        Reply held = api.post("buddies/requests", new BuddyRequestCreate("bd.carol", null), asAlice);
        assertThat(held.as(BuddyRequestCreated.class).targetLocations()).isEmpty();
        assertThat(api.delete("sessions/current", asAlice).status()).isEqualTo(204);
        LoginResponse carol = logIn(login("bd.carol", "carol-1", "198.18.60.3", 4000, NatType.NO_NAT, null));
        assertThat(carol.pending()).extracting(PendingItem::kind, PendingItem::from).containsExactly(tuple("buddy-request", "bd.alice"));
        String carolsRequest = carol.pending().getFirst().id();
        Reply denied = api.post("buddies/requests/" + carolsRequest + "/answer", new BuddyAnswer(false), bearer(carol.session().token()));
        assertThat(denied.as(BuddyChange.class).relation()).isNull();
        assertThat(snapshot(carol).pending()).isEmpty();

        // After a denial a repeat is refused for a while.
        LoginResponse aliceAgain = logIn(login("bd.alice", "alice-1", "198.18.60.1", 4000, NatType.NO_NAT, null));
        Reply repeat = api.post("buddies/requests", new BuddyRequestCreate("bd.carol", "please"), bearer(aliceAgain.session().token()));
        assertThat(repeat.status()).isEqualTo(429);
        assertThat(repeat.problem().type().toString()).endsWith("request-refused-recently");
        assertThat(repeat.retryAfter()).isPresent();
        assertThat(api.post("buddies/requests", new BuddyRequestCreate("bd.nobody", null), asBob).status()).isEqualTo(404);

        // Deletion is bilateral: Bob deletes Alice and disappears from her list too.
        Reply deleted = api.delete("buddies/bd.alice", asBob);
        assertThat(deleted.status()).as(deleted.text()).isEqualTo(200);
        assertThat(deleted.as(BuddyChange.class).locations()).as("no buddies any more").isEmpty();
        assertThat(snapshot(aliceAgain).profile().buddies()).extracting(Buddy::userId).doesNotContain("bd.bob");
        assertThat(api.put("buddies/bd.carol/block", null, asBob)).extracting(Reply::status).isEqualTo(200);
        assertThat(api.delete("buddies/bd.carol/block", asBob).status()).isEqualTo(200);
        assertThat(api.delete("buddies/bd.carol/block", asBob).status()).isEqualTo(404);
    }

    /**
     * The attack: a registered stranger asks, blocks and unblocks a user to learn where it is online, over the
     * real REST API. No answer names an address of the target; only the target's grant makes them mutual
     * buddies, and only then does each learn the other's locations (the target in the grant's answer, the
     * requester in its routing table).
     */
    @Test
    void aStrangersRequestBlockAndUnblockNameNoAddressOfTheTargetAndOnlyAGrantDoes() {
        provision(account("lk.mallory"), account("lk.victim"));
        LoginResponse mallory = logIn(login("lk.mallory", "mallory-1", "198.18.61.1", 4000, NatType.NO_NAT, null));
        LoginResponse victim = logIn(login("lk.victim", "victim-1", "198.18.61.2", 4002, NatType.FULL_CONE, null));
        String[] asMallory = bearer(mallory.session().token());
        String[] asVictim = bearer(victim.session().token());

        Reply asked = api.post("buddies/requests", new BuddyRequestCreate("lk.victim", "hello"), asMallory);
        Reply blocked = api.put("buddies/lk.victim/block", null, asMallory);
        Reply unblocked = api.delete("buddies/lk.victim/block", asMallory);
        for (Reply reply : List.of(asked, blocked, unblocked)) {
            assertThat(reply.status()).as(reply.text()).isBetween(200, 201);
            assertThat(reply.text()).as("no address of the target").doesNotContain("198.18.61.2", "10.1.2.3");
        }
        assertThat(snapshot(mallory).routingTable()).isEmpty();

        Reply again = api.post("buddies/requests", new BuddyRequestCreate("lk.victim", "hello again"), asMallory);
        assertThat(again.status()).as(again.text()).isBetween(200, 201);
        assertThat(again.text()).doesNotContain("198.18.61.2", "10.1.2.3");
        BuddyRequest waiting = api.get("buddies/requests", asVictim).as(BuddyRequests.class).requests().getFirst();
        assertThat(waiting.fromLocations()).as("nor the requester's to the target").isEmpty();
        Reply granted = api.post("buddies/requests/" + waiting.id() + "/answer", new BuddyAnswer(true), asVictim);
        assertThat(granted.status()).as(granted.text()).isEqualTo(200);
        assertThat(granted.as(BuddyChange.class).locations()).extracting(RoutingEntry::publicAddress)
                .containsExactly(new TransportAddress("198.18.61.1", 4000));
        assertThat(snapshot(mallory).routingTable()).extracting(RoutingEntry::publicAddress)
                .containsExactly(new TransportAddress("198.18.61.2", 4002));
    }

    @Test
    void aVoicemailIsUploadedInResumablePiecesAnnouncedAtLoginDownloadedAndDeletedOnInstruction() throws Exception {
        provision(account("vm.alice", "vm.bob"), account("vm.bob", "vm.alice"));
        LoginResponse alice = logIn(login("vm.alice", "alice-1", "198.18.70.1", 4000, NatType.NO_NAT, null));
        String[] asAlice = bearer(alice.session().token());
        byte[] audio = new byte[200_000];
        new java.util.Random(11).nextBytes(audio);
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(audio));

        // The server keeps only sealed voicemails (docs/security.md, "Messages end to end"): a WAV in clear is refused.
        Reply clear = api.postRaw("voicemails", "application/json", "{\"to\":\"vm.bob\",\"depositId\":\"vm-0\",\"contentType\":"
                + "\"audio/wav\",\"size\":" + audio.length + ",\"sha256\":\"" + sha + "\"}", asAlice);
        assertThat(clear.status()).isEqualTo(400);
        assertThat(names(clear.problem())).containsExactly("contentType");
        Reply announced = api.post("voicemails", new VoicemailDeposit("vm.bob", "vm-1", VoicemailDeposit.SEALED, (long) audio.length, sha, 12_500L), asAlice);
        assertThat(announced.status()).as(announced.text()).isEqualTo(201);
        String id = announced.as(Voicemail.class).id();
        Reply first = api.send("PUT", "voicemails/" + id + "/content?offset=0", "audio/wav", java.util.Arrays.copyOf(audio, 80_000), asAlice);
        assertThat(first.as(Voicemail.class).received()).isEqualTo(80_000);

        // The upload was "interrupted": announcing again says where to resume; a wrong offset is refused with it.
        Reply again = api.post("voicemails", new VoicemailDeposit("vm.bob", "vm-1", VoicemailDeposit.SEALED, (long) audio.length, sha, 12_500L), asAlice);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.as(Voicemail.class).received()).isEqualTo(80_000);
        Reply wrongOffset = api.send("PUT", "voicemails/" + id + "/content?offset=0", "audio/wav", audio, asAlice);
        assertThat(wrongOffset.status()).isEqualTo(409);
        assertThat(wrongOffset.problem().type().toString()).endsWith("offset-mismatch");
        Reply rest = api.send("PUT", "voicemails/" + id + "/content?offset=80000", "audio/wav",
                java.util.Arrays.copyOfRange(audio, 80_000, audio.length), asAlice);
        assertThat(rest.as(Voicemail.class).complete()).isTrue();

        LoginResponse bob = logIn(login("vm.bob", "bob-1", "198.18.70.2", 4000, NatType.NO_NAT, null));
        String[] asBob = bearer(bob.session().token());
        assertThat(bob.pending()).extracting(PendingItem::kind, PendingItem::id, PendingItem::from).containsExactly(tuple("voicemail", id, "vm.alice"));
        assertThat(api.get("voicemails", asBob).as(Voicemails.class).voicemails()).extracting(Voicemail::id).containsExactly(id);
        Reply download = api.get("voicemails/" + id + "/content", asBob);
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.contentType()).startsWith(VoicemailDeposit.SEALED);
        assertThat(download.body()).isEqualTo(audio);
        assertThat(api.get("voicemails/" + id + "/content", asAlice).status()).as("only the recipient downloads").isEqualTo(404);
        assertThat(api.delete("voicemails/" + id, asAlice).status()).as("only the recipient deletes").isEqualTo(404);

        assertThat(api.delete("voicemails/" + id, asBob).status()).isEqualTo(204);
        assertThat(api.get("voicemails/" + id + "/content", asBob).status()).isEqualTo(404);
        assertThat(snapshot(bob).pending()).isEmpty();
        Reply tooLarge = api.post("voicemails", new VoicemailDeposit("vm.bob", "vm-2", VoicemailDeposit.SEALED, 50_000_000L, sha, null), asAlice);
        assertThat(tooLarge.status()).isEqualTo(413);
    }

    @Test
    void plainHttpIsRedirectedAndNeverServesTheApi() throws Exception {
        HttpClient plain = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> response = plain.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + Deployments.httpPort("main") + "/api/v1/sessions"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).startsWith("https://"));
    }
}
