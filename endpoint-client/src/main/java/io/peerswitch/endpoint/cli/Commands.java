package io.peerswitch.endpoint.cli;

import io.peerswitch.endpoint.call.CallState;
import io.peerswitch.endpoint.call.CallView;
import io.peerswitch.endpoint.config.EndpointConfig;
import io.peerswitch.endpoint.history.HistoryEntry;
import io.peerswitch.endpoint.im.ImControl;
import io.peerswitch.endpoint.nat.NatDiscovery;
import io.peerswitch.endpoint.peer.BuddyView;
import io.peerswitch.endpoint.server.AccessServerException;
import io.peerswitch.endpoint.store.PendingAtLogin;
import io.peerswitch.endpoint.voicemail.LocalVoicemail;
import io.peerswitch.endpoint.voicemail.VoicemailControl;
import io.peerswitch.endpoint.voicemail.VoicemailEvent;
import io.peerswitch.wire.account.AccountView;
import io.peerswitch.wire.nat.TransportAddress;
import io.peerswitch.wire.pending.PendingItem;
import io.peerswitch.wire.profile.PresenceStatus;
import io.peerswitch.wire.session.Installations;
import io.peerswitch.wire.session.LoginResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * The endpoint's commands (FIG. 2b GUI functions), the same in the interactive shell, in scripts and
 * as one-shot command lines. Each returns an exit code: 0 done, 1 failed (the reason is printed).
 */
@Command(name = "", description = "Peerswitch endpoint commands", mixinStandardHelpOptions = false,
        subcommands = {CommandLine.HelpCommand.class})
public final class Commands {

    /** How long commands wait by default for something to happen. */
    static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);
    /**
     * How long {@code msg} waits: the direct attempt (up to a transaction timeout, 32 s, per location) and,
     * for an offline or unreachable buddy, the deposit on the access server with its retries.
     */
    static final Duration MESSAGE_WAIT = Duration.ofSeconds(90);
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    private final Session session;
    private final boolean oneShot;
    private boolean quit;

    Commands(Session session, boolean oneShot) {
        this.session = session;
        this.oneShot = oneShot;
    }

    /** Whether {@code quit} was given. */
    boolean quitRequested() {
        return quit;
    }

    private void say(String text) {
        session.transcript().line(text);
    }

    @Command(name = "register", description = "Create this user's account on the access server (FIG. 4 step 402).")
    int register(@Option(names = "--email", required = true, description = "e-mail address of the account") String email,
                 @Option(names = "--display-name", description = "name buddies see") String displayName)
            throws AccessServerException {
        AccountView account = session.softswitch().register(email, displayName);
        say("registered " + account.userId() + " <" + account.email() + ">");
        return 0;
    }

    @Command(name = "login", description = "Log in: STUN, then HTTPS to the access server, then presence to online buddies.")
    int login() throws Exception {
        LoginResponse response = get(session.softswitch().login(), Duration.ofSeconds(30));
        say(response.routingTable().size() + " buddy location(s) in the routing table; session for "
                + response.session().expires() + " s");
        return 0;
    }

    @Command(name = "nat", description = "Classify the NAT in front of the SIP socket (RFC 5780 tests against the STUN server) and show the public address.")
    int nat() throws Exception {
        NatDiscovery.Result result = get(session.softswitch().discoverNat(), Duration.ofSeconds(30));
        say("NAT " + result.type() + ", public address " + TransportAddress.of(result.publicAddress()) + " (" + result.reason() + ")");
        return 0;
    }

    @Command(name = "paths", description = "How each online buddy is reached: direct, port captured, or through its reflector (table 2300).")
    int paths() throws Exception {
        List<String> lines = get(session.softswitch().paths(), Duration.ofSeconds(5));
        if (lines.isEmpty()) {
            say("no buddy online");
        }
        lines.forEach(line -> say("path to " + line));
        return 0;
    }

    @Command(name = "logout", description = "Hang up, tell buddies directly, log out of the access server.")
    int logout() throws Exception {
        get(session.softswitch().logout(), Duration.ofSeconds(20));
        return 0;
    }

    @Command(name = "installations", description = "This user's installations (message keys on the server, online ones); "
            + "revoke ID signs out a lost or stolen one: nothing more is sealed for it.")
    int installations(@Parameters(index = "0", arity = "0..1", paramLabel = "revoke") String action,
                      @Parameters(index = "1", arity = "0..1", paramLabel = "ID") String instanceId) throws Exception {
        if (action != null) {
            if (!action.equalsIgnoreCase("revoke")) {
                throw new IllegalArgumentException("installations [revoke ID]");
            }
            get(session.softswitch().revokeInstallation(required(instanceId, "ID")), Duration.ofSeconds(20));
            say("installation " + instanceId + " revoked: its message key is forgotten and its sessions ended");
            return 0;
        }
        Installations all = get(session.softswitch().installations(), Duration.ofSeconds(20));
        if (all.installations().isEmpty()) {
            say("no installation known to the server");
        }
        all.installations().forEach(i -> say("installation " + i.instanceId() + (i.online() ? " online" : " offline")
                + (i.userAgent() == null ? "" : " (" + i.userAgent() + ")")
                + (i.messageKeyUntil() == null ? ", no message key" : ", message key until " + i.messageKeyUntil())));
        return 0;
    }

    @Command(name = "device", description = "Enrol a stock SIP client (baresip, linphone) as one of this user's devices: "
            + "device NAME [DIR] writes its key, the certificate the access server issued and the authority's certificate to "
            + "DIR (default: the current directory); it then calls buddies over SIP/TLS as this user (docs/security.md).")
    int device(@Parameters(index = "0", paramLabel = "NAME") String name,
               @Parameters(index = "1", arity = "0..1", paramLabel = "DIR") String dir) throws Exception {
        var files = get(session.softswitch().enrolDevice(name, Path.of(dir == null ? "." : dir)), Duration.ofSeconds(20));
        say("device " + name + " enrolled: certificate and key in " + files.certificateAndKey() + " (baresip sip_certificate), "
                + files.certificate() + " and " + files.key() + " (linphone client_cert_chain, client_cert_key), CA file "
                + files.authority());
        say("reach this endpoint over TLS at " + session.softswitch().sipTlsAddress());
        return 0;
    }

    @Command(name = "devices", description = "This user's stock SIP clients with an unexpired device certificate; "
            + "revoke ID cuts off a lost or stolen one: buddies refuse it from their next keepalive.")
    int devices(@Parameters(index = "0", arity = "0..1", paramLabel = "revoke") String action,
                @Parameters(index = "1", arity = "0..1", paramLabel = "ID") String deviceId) throws Exception {
        if (action != null) {
            if (!action.equalsIgnoreCase("revoke")) {
                throw new IllegalArgumentException("devices [revoke ID]");
            }
            get(session.softswitch().revokeDevice(required(deviceId, "ID")), Duration.ofSeconds(20));
            say("device " + deviceId + " revoked: buddies refuse its certificate from their next keepalive");
            return 0;
        }
        var all = get(session.softswitch().devices(), Duration.ofSeconds(20)).devices();
        if (all.isEmpty()) {
            say("no device");
        }
        all.forEach(d -> say("device " + d.deviceId() + (d.name() == null ? "" : " (" + d.name() + ")")
                + (d.revokedAt() != null ? " revoked " + d.revokedAt() : " until " + d.notAfter()) + ", " + d.fingerprint()));
        return 0;
    }

    @Command(name = "buddies", description = "List buddies: offline (red), online per the server (blue), confirmed (green), unreachable (blue).")
    int buddies() throws Exception {
        List<BuddyView> buddies = get(session.softswitch().buddies(), Duration.ofSeconds(5));
        if (buddies.isEmpty()) {
            say("no buddies");
        }
        buddies.forEach(b -> say(Transcript.buddy(b)));
        return 0;
    }

    @Command(name = "buddy", description = "Buddy list operations (FIG. 7-9), the access server first, then the other user directly: "
            + "add USER [NOTE] | accept USER | deny USER | delete USER | block USER | unblock USER | requests.")
    int buddy(@Parameters(index = "0", paramLabel = "ACTION", description = "add, accept, deny, delete, block, unblock or requests") String action,
              @Parameters(index = "1", arity = "0..1", paramLabel = "USER") String user,
              @Parameters(index = "2..*", arity = "0..*", paramLabel = "NOTE") List<String> note) throws Exception {
        var softswitch = session.softswitch();
        switch (action.toLowerCase(Locale.ROOT)) {
            case "add", "request" -> get(softswitch.addBuddy(required(user, "USER"),
                    note == null || note.isEmpty() ? null : String.join(" ", note)), MESSAGE_WAIT);
            case "accept", "grant" -> get(softswitch.answerBuddy(required(user, "USER"), true), MESSAGE_WAIT);
            case "deny" -> get(softswitch.answerBuddy(required(user, "USER"), false), MESSAGE_WAIT);
            case "delete", "remove" -> get(softswitch.deleteBuddy(required(user, "USER")), MESSAGE_WAIT);
            case "block" -> get(softswitch.blockBuddy(required(user, "USER")), MESSAGE_WAIT);
            case "unblock" -> get(softswitch.unblockBuddy(required(user, "USER")), MESSAGE_WAIT);
            case "requests" -> {
                List<io.peerswitch.wire.buddy.BuddyRequest> requests = get(softswitch.buddyRequests(), DEFAULT_WAIT);
                say(requests.isEmpty() ? "no buddy requests waiting for your answer" : requests.size() + " buddy request(s) waiting for your answer");
                requests.forEach(r -> say(buddyRequest(r)));
            }
            default -> throw new Session.CommandFailure("buddy add|accept|deny|delete|block|unblock USER, or buddy requests");
        }
        return 0;
    }

    /** One waiting buddy request as {@code buddy requests} and {@code pending} show it. */
    private static String buddyRequest(io.peerswitch.wire.buddy.BuddyRequest r) {
        return "buddy request from " + r.from() + " at " + Transcript.STORED_AT.format(r.createdAt())
                + (r.note() == null ? "" : ": " + r.note()) + " (buddy accept " + r.from() + " / buddy deny " + r.from() + ")";
    }

    @Command(name = "voicemail", description = "Voicemail (FIG. 10, 11): leave BUDDY [--length 20s] | list | play ID | save ID [FILE] "
            + "| forward ID BUDDY | delete ID. ID is a voicemail's place in the list, its ID or a unique start of it. "
            + "Delete and save tell the access server to delete its copy.")
    int voicemail(@Parameters(index = "0", paramLabel = "ACTION", description = "leave, list, play, save, forward or delete") String action,
                  @Parameters(index = "1", arity = "0..1", paramLabel = "ID|BUDDY") String target,
                  @Parameters(index = "2", arity = "0..1", paramLabel = "FILE|BUDDY") String extra,
                  @Option(names = "--length", description = "leave: how long to record (default voicemail.length)") String length)
            throws Exception {
        var softswitch = session.softswitch();
        switch (action.toLowerCase(Locale.ROOT)) {
            case "leave", "record" -> {
                Duration recording = length == null ? softswitch.config().voicemailLength() : parseDuration(length);
                if (recording.isZero() || recording.isNegative() || recording.compareTo(EndpointConfig.MAX_VOICEMAIL_LENGTH) > 0) {
                    throw new Session.CommandFailure("--length must be more than 0 and at most "
                            + EndpointConfig.MAX_VOICEMAIL_LENGTH.toMinutes() + "m");
                }
                say("recording a voicemail for " + required(target, "BUDDY") + " (" + recording.toSeconds() + " s) after the tone");
                VoicemailControl.Left left = get(softswitch.leaveVoicemail(target, recording, VoicemailControl.Cause.OFFLINE),
                        recording.plus(MESSAGE_WAIT));
                return left.voicemailId() == null ? 1 : 0;
            }
            case "list" -> {
                List<LocalVoicemail> kept = get(softswitch.voicemails(), DEFAULT_WAIT);
                long fresh = kept.stream().filter(v -> v.state() == LocalVoicemail.State.NEW).count();
                say(kept.isEmpty() ? "no voicemails" : kept.size() + " voicemail(s), " + fresh + " new");
                for (int i = 0; i < kept.size(); i++) {
                    say(Transcript.voicemail(i + 1, kept.get(i)));
                }
            }
            case "play" -> {
                VoicemailControl.Played played = get(softswitch.playVoicemail(required(target, "ID")), Duration.ofMinutes(15));
                say(String.format(Locale.ROOT, "played voicemail %s from %s (%.1f s%s)", played.voicemail().id(),
                        played.voicemail().from(), played.seconds(),
                        played.heardHertz() == null ? "" : String.format(Locale.ROOT, ", tone %.0f Hz", played.heardHertz())));
            }
            case "save" -> {
                LocalVoicemail saved = get(softswitch.saveVoicemail(required(target, "ID"), extra == null ? null : Path.of(extra)),
                        DEFAULT_WAIT);
                say("saved voicemail " + saved.id() + (extra == null ? "" : " to " + extra)
                        + (saved.serverCopy() ? "; the server's copy is deleted at the next login" : "; the server's copy is deleted"));
            }
            case "forward" -> {
                VoicemailControl.Left left = get(softswitch.forwardVoicemail(required(target, "ID"), required(extra, "BUDDY")),
                        MESSAGE_WAIT);
                return left.voicemailId() == null ? 1 : 0;
            }
            case "delete" -> {
                LocalVoicemail deleted = get(softswitch.deleteVoicemail(required(target, "ID")), DEFAULT_WAIT);
                say("deleted voicemail " + deleted.id() + (deleted.serverCopy()
                        ? "; the server could not be told now and is told at the next login" : "; the server's copy is deleted"));
            }
            default -> throw new Session.CommandFailure("voicemail leave BUDDY | list | play ID | save ID [FILE] | forward ID BUDDY | delete ID");
        }
        return 0;
    }

    @Command(name = "status", description = "Set your status; buddies are told directly. AVAILABLE, AWAY, BUSY or DND.")
    int status(@Parameters(index = "0", paramLabel = "STATUS") String status,
               @Parameters(index = "1..*", paramLabel = "NOTE", arity = "0..*") List<String> note) throws Exception {
        PresenceStatus s = switch (status.toUpperCase(Locale.ROOT)) {
            case "AVAILABLE", "ONLINE" -> PresenceStatus.AVAILABLE;
            case "AWAY" -> PresenceStatus.AWAY;
            case "BUSY" -> PresenceStatus.BUSY;
            case "DND", "DO_NOT_DISTURB" -> PresenceStatus.DO_NOT_DISTURB;
            default -> throw new Session.CommandFailure("status must be AVAILABLE, AWAY, BUSY or DND");
        };
        String text = note == null || note.isEmpty() ? null : String.join(" ", note);
        get(session.softswitch().setStatus(s, text), Duration.ofSeconds(20));
        say("status " + s.name().toLowerCase(Locale.ROOT) + (text == null ? "" : " \"" + text + "\""));
        return 0;
    }

    @Command(name = "msg", description = "Send an instant message directly to a buddy (SIP MESSAGE); waits for the delivery "
            + "confirmation. When the buddy is offline or unreachable, leaves it on the access server for the buddy's next login.")
    int msg(@Parameters(index = "0", paramLabel = "BUDDY") String buddy,
            @Parameters(index = "1..*", paramLabel = "TEXT", arity = "1..*") List<String> words) throws Exception {
        ImControl.Outcome outcome = get(session.softswitch().message(buddy, String.join(" ", words)), MESSAGE_WAIT);
        return outcome instanceof ImControl.Outcome.NotDelivered ? 1 : 0;
    }

    @Command(name = "pending", description = "What the last login announced as waiting (kind, from, when), and how many "
            + "stored messages were retrieved from the access server, and the buddy requests waiting for your answer.")
    int pending() throws Exception {
        PendingAtLogin report = session.softswitch().pending()
                .orElseThrow(() -> new Session.CommandFailure("not logged in yet"));
        say(report.items().isEmpty() ? "nothing was pending at login" : report.items().size() + " item(s) pending at login");
        for (PendingItem item : report.items()) {
            say(item.kind() + (item.from() == null ? "" : " from " + item.from())
                    + (item.createdAt() == null ? "" : " at " + Transcript.STORED_AT.format(item.createdAt())));
        }
        get(session.softswitch().waitingBuddyRequests(), Duration.ofSeconds(5)).forEach(r -> say(buddyRequest(r)));
        if (report.problem() != null) {
            say("stored messages not retrieved: " + report.problem());
            return 1;
        }
        if (report.messages() > 0 || report.retrieved() > 0 || report.repeated() > 0) {
            say(report.retrieved() + " stored message(s) retrieved from the server"
                    + (report.repeated() == 0 ? "" : ", " + report.repeated() + " retrieved at an earlier login")
                    + (report.notDeleted() == 0 ? "" : "; " + report.notDeleted() + " not deleted there (offered again at the next login)"));
        }
        return 0;
    }

    @Command(name = "routes", description = "The external routes your subscriptions allow (FIG. 12-14), most specific first: "
            + "pattern, table, gateway, number translation.")
    int routes() throws Exception {
        List<io.peerswitch.wire.route.ExternalRoute> all = get(session.softswitch().externalRoutes(), Duration.ofSeconds(5));
        if (all.isEmpty()) {
            say("no external routes (no subscription to a routing table, or none downloaded)");
        }
        for (io.peerswitch.wire.route.ExternalRoute r : all) {
            say(String.format("%-16s %-16s -> %s%s%s%s", r.pattern(), r.table(), r.gateway(),
                    r.strip() == 0 ? "" : ", strip " + r.strip(), r.prefix().isEmpty() ? "" : ", prefix " + r.prefix(),
                    r.description() == null ? "" : "  # " + r.description()));
        }
        return 0;
    }

    @Command(name = "route", description = "Digit analysis: which gateway a number would go to, and as what (FIG. 13 step 1306).")
    int route(@Parameters(index = "0", paramLabel = "NUMBER") String number) throws Exception {
        java.util.Optional<io.peerswitch.endpoint.external.ExternalRoutes.Match> match =
                get(session.softswitch().routeFor(number), Duration.ofSeconds(5));
        if (match.isEmpty()) {
            say("no route for " + number + ": no external routing rule matches it (see 'routes')");
            return 1;
        }
        say(number + " -> " + match.get().requestUri() + " (pattern " + match.get().route().pattern() + ", table "
                + match.get().route().table() + ")");
        return 0;
    }

    @Command(name = "history", description = "Show the local message history, optionally with one buddy and containing words.")
    int history(@Parameters(index = "0", arity = "0..1", paramLabel = "BUDDY") String buddy,
                @Option(names = "--search", description = "only messages containing these words") String words,
                @Option(names = "--limit", defaultValue = "50") int limit) throws Exception {
        List<HistoryEntry> entries = session.softswitch().history(buddy, words, limit);
        if (entries.isEmpty()) {
            say("no messages");
        }
        for (HistoryEntry e : entries) {
            say(WHEN.format(e.at()) + (e.direction() == HistoryEntry.Direction.IN ? " from " : " to ") + e.peer()
                    + switch (e.status()) {
                        case FAILED -> " (not delivered)";
                        case STORED -> " (stored on the server)";
                        case RECEIVED, DELIVERED -> "";
                    } + ": " + e.text());
        }
        return 0;
    }

    @Command(name = "call", description = "Call a buddy directly, or a number outside through the gateway your external routes name (FIG. 13). One-shot: waits for the answer, talks for --duration, hangs up.")
    int call(@Parameters(index = "0", paramLabel = "BUDDY|NUMBER") String buddy,
             @Option(names = "--duration", description = "one-shot and scripts: hang up after this (e.g. 5s)") String duration,
             @Option(names = "--wait", description = "wait until the call is active") boolean waitActive) throws Exception {
        String id = get(session.softswitch().call(buddy), Duration.ofSeconds(10));
        if (!oneShot && duration == null && !waitActive) {
            return 0;
        }
        CallView call = session.awaitCall(id, c -> c.state() == CallState.ACTIVE || c.state() == CallState.ENDED, DEFAULT_WAIT);
        if (call.state() == CallState.ENDED) {
            return 1;
        }
        if (duration == null && !oneShot) {
            return 0;
        }
        Duration talk = parseDuration(duration == null ? "10s" : duration);
        try {
            session.awaitCall(id, c -> c.state() == CallState.ENDED, talk);
            return 0;
        } catch (Session.CommandFailure stillActive) {
            get(session.softswitch().hangup(id), Duration.ofSeconds(5));
            session.awaitCall(id, c -> c.state() == CallState.ENDED, Duration.ofSeconds(40));
            return 0;
        }
    }

    @Command(name = "answer", description = "Answer the ringing call (the latest one when no ID is given).")
    int answer(@Parameters(index = "0", arity = "0..1", paramLabel = "CALL") String id) throws Exception {
        String call = id != null ? id : session.latest(CallState.RINGING).filter(c -> !c.outgoing())
                .orElseThrow(() -> new Session.CommandFailure("no call is ringing")).id();
        get(session.softswitch().answer(call), Duration.ofSeconds(5));
        return 0;
    }

    @Command(name = "reject", description = "Refuse the ringing call with 486 Busy Here.")
    int reject(@Parameters(index = "0", arity = "0..1", paramLabel = "CALL") String id) throws Exception {
        String call = id != null ? id : session.latest(CallState.RINGING).filter(c -> !c.outgoing())
                .orElseThrow(() -> new Session.CommandFailure("no call is ringing")).id();
        get(session.softswitch().reject(call), Duration.ofSeconds(5));
        return 0;
    }

    @Command(name = "hangup", description = "Hang up a call (the latest one when no ID is given).")
    int hangup(@Parameters(index = "0", arity = "0..1", paramLabel = "CALL") String id) throws Exception {
        CallView call = session.call(id).orElseThrow(() -> new Session.CommandFailure("no such call"));
        get(session.softswitch().hangup(call.id()), Duration.ofSeconds(5));
        return 0;
    }

    @Command(name = "hold", description = "Put a call on hold (re-INVITE, a=sendonly).")
    int hold(@Parameters(index = "0", arity = "0..1", paramLabel = "CALL") String id) throws Exception {
        CallView call = session.call(id).orElseThrow(() -> new Session.CommandFailure("no such call"));
        get(session.softswitch().hold(call.id(), true), Duration.ofSeconds(5));
        return 0;
    }

    @Command(name = "resume", description = "Take a call off hold.")
    int resume(@Parameters(index = "0", arity = "0..1", paramLabel = "CALL") String id) throws Exception {
        CallView call = session.call(id).orElseThrow(() -> new Session.CommandFailure("no such call"));
        get(session.softswitch().hold(call.id(), false), Duration.ofSeconds(5));
        return 0;
    }

    @Command(name = "dtmf", description = "Send DTMF digits (0-9 * # A-D) in a call (RFC 4733).")
    int dtmf(@Parameters(index = "0", paramLabel = "DIGITS") String digits,
             @Option(names = "--call") String id) throws Exception {
        CallView call = session.call(id).orElseThrow(() -> new Session.CommandFailure("no such call"));
        get(session.softswitch().dtmf(call.id(), digits), Duration.ofSeconds(5));
        return 0;
    }

    @Command(name = "calls", description = "List calls.")
    int calls() throws Exception {
        List<CallView> calls = get(session.softswitch().calls(), Duration.ofSeconds(5));
        if (calls.isEmpty()) {
            say("no calls");
        }
        calls.forEach(c -> say(Transcript.call(c)));
        return 0;
    }

    @Command(name = "wait", description = "Wait for: online BUDDY | offline BUDDY | call ringing|active|ended | message [--from BUDDY] "
            + "| buddy-request [--from USER] | buddy USER accepted|denied|removed|blocked|unblocked "
            + "| voicemail [--from BUDDY] (one kept here) | voicemail-waiting [--from BUDDY] | voicemail-left [BUDDY].")
    int waitFor(@Parameters(index = "0", paramLabel = "WHAT") String what,
                @Parameters(index = "1", arity = "0..1", paramLabel = "ARG") String arg,
                @Parameters(index = "2", arity = "0..1", paramLabel = "STATE") String state,
                @Option(names = "--from") String from,
                @Option(names = "--timeout", defaultValue = "30s") String timeout) throws Exception {
        Duration limit = parseDuration(timeout);
        switch (what.toLowerCase(Locale.ROOT)) {
            case "online" -> session.awaitBuddy(required(arg, "BUDDY"), Session::confirmed, limit);
            case "offline" -> session.awaitBuddy(required(arg, "BUDDY"),
                    b -> b.reachability() == io.peerswitch.endpoint.peer.Reachability.OFFLINE, limit);
            case "call" -> session.awaitCall(switch (required(arg, "ringing|active|ended").toLowerCase(Locale.ROOT)) {
                case "ringing" -> CallState.RINGING;
                case "active" -> CallState.ACTIVE;
                case "ended" -> CallState.ENDED;
                default -> throw new Session.CommandFailure("wait call ringing|active|ended");
            }, from, limit);
            case "message" -> session.awaitMessage(from, limit);
            case "buddy-request" -> session.awaitBuddyRequest(from, limit);
            case "buddy" -> {
                String word = required(state, "accepted|denied|removed|blocked|unblocked").toLowerCase(Locale.ROOT);
                if (!List.of("accepted", "denied", "removed", "blocked", "unblocked").contains(word)) {
                    throw new Session.CommandFailure("wait buddy USER accepted|denied|removed|blocked|unblocked");
                }
                session.awaitBuddyOutcome(required(arg, "USER"), word, limit);
            }
            case "voicemail" -> session.awaitVoicemail(e -> e instanceof VoicemailEvent.Received r
                    && (from == null || r.voicemail().from().equals(from)), "voicemail", limit);
            case "voicemail-waiting" -> session.awaitVoicemail(e -> e instanceof VoicemailEvent.Indicated i
                    && (from == null || i.from().equals(from)), "message-waiting indication", limit);
            case "voicemail-left" -> session.awaitVoicemail(e -> e instanceof VoicemailEvent.Left l
                    && (arg == null || l.left().to().equals(arg)), "voicemail left", limit);
            default -> throw new Session.CommandFailure("wait online|offline|call|message|buddy-request|buddy|voicemail|"
                    + "voicemail-waiting|voicemail-left");
        }
        return 0;
    }

    @Command(name = "sleep", description = "Pause a script (e.g. sleep 3s).")
    int sleep(@Parameters(index = "0", paramLabel = "DURATION") String duration) throws InterruptedException {
        Thread.sleep(parseDuration(duration));
        return 0;
    }

    @Command(name = "say", description = "Write a line to the transcript.")
    int sayCommand(@Parameters(arity = "0..*") List<String> words) {
        say(words == null ? "" : String.join(" ", words));
        return 0;
    }

    @Command(name = "quit", aliases = "exit", description = "Log out (if logged in) and leave.")
    int quit() {
        quit = true;
        return 0;
    }

    private static String required(String value, String what) {
        if (value == null) {
            throw new Session.CommandFailure("missing " + what);
        }
        return value;
    }

    /** Parses 500ms, 3s, 2m or PT3S. */
    static Duration parseDuration(String text) {
        Matcher m = Pattern.compile("(\\d+)(ms|s|m)").matcher(text.strip());
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                default -> Duration.ofMinutes(n);
            };
        }
        try {
            return Duration.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new Session.CommandFailure("'" + text + "' is not a duration (500ms, 3s, 2m)");
        }
    }

    private static <T> T get(CompletableFuture<T> future, Duration timeout) throws Exception {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw e;
        } catch (TimeoutException e) {
            throw new Session.CommandFailure("no result within " + timeout.toSeconds() + " s");
        }
    }
}
