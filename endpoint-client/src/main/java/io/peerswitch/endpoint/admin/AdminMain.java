package io.peerswitch.endpoint.admin;

import io.peerswitch.endpoint.config.EndpointConfig.ServerTrust;
import io.peerswitch.endpoint.server.AccessServerClient;
import io.peerswitch.endpoint.server.AccessServerException;
import io.peerswitch.wire.InvalidFieldException;
import io.peerswitch.wire.audit.AuditEntry;
import io.peerswitch.wire.trunk.TrunkSpec;
import io.peerswitch.wire.trunk.TrunkView;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

/**
 * The {@code peerswitch-admin} program: manages the redirect server's trunks (FIG. 15) and reads the audit
 * trail through the access server's REST API as an administrator (HTTP Basic over TLS). Secrets come from
 * the environment or files, never from the command line (other users can read it).
 */
@Command(name = "peerswitch-admin", mixinStandardHelpOptions = true, version = "Peerswitch admin 0.1",
        description = {"Administer a Peerswitch access server: trunks of the redirect server, the audit trail.",
                "The administrator's password comes from PEERSWITCH_ADMIN_PASSWORD or --password-file."},
        subcommands = {AdminMain.Trunk.class, AdminMain.Route.class, AdminMain.Subscription.class, AdminMain.Audit.class})
public final class AdminMain implements Callable<Integer> {

    @Option(names = "--server", required = true, paramLabel = "URL", description = "the API, e.g. https://access.example.com:8443/api/v1")
    URI server;

    @Option(names = "--user", defaultValue = "admin", description = "the administrator (default: ${DEFAULT-VALUE})")
    String user;

    @Option(names = "--password-file", paramLabel = "FILE", description = "a file whose first line is the administrator's password")
    Path passwordFile;

    @Option(names = "--pin", paramLabel = "SHA256", description = "trust only the server certificate with this SHA-256 (hex, colons allowed)")
    String pin;

    private final Map<String, String> environment;
    private final PrintStream out;

    AdminMain(Map<String, String> environment, PrintStream out) {
        this.environment = environment;
        this.out = out;
    }

    /** Runs the program and exits with its status: 0 done, 1 refused by the server, 2 bad usage. */
    public static void main(String[] args) {
        System.exit(run(System.getenv(), System.out, System.err, args));
    }

    /** Runs one command line; what it prints goes to {@code out}, errors to {@code err}. */
    static int run(Map<String, String> environment, PrintStream out, PrintStream err, String... args) {
        CommandLine line = new CommandLine(new AdminMain(environment, out));
        line.setOut(new java.io.PrintWriter(out, true)).setErr(new java.io.PrintWriter(err, true));
        line.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            switch (e) {
                case AccessServerException refused -> err.println("peerswitch-admin: " + refused.getMessage());
                case InvalidFieldException invalid -> {
                    err.println("peerswitch-admin: " + invalid.getMessage());
                    return 2;
                }
                case UsageException usage -> {
                    err.println("peerswitch-admin: " + usage.getMessage());
                    return 2;
                }
                default -> throw e;
            }
            return 1;
        });
        return line.execute(args);
    }

    @Override
    public Integer call() {
        new CommandLine(this).usage(out);
        return 2;
    }

    /** A command line that cannot be carried out as given. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    AccessServerClient client() throws UsageException {
        ServerTrust trust;
        if (pin == null) {
            trust = new ServerTrust.System();
        } else {
            try {
                byte[] sha = HexFormat.of().parseHex(pin.replace(":", "").toLowerCase(java.util.Locale.ROOT));
                if (sha.length != 32) {
                    throw new IllegalArgumentException("not 32 bytes");
                }
                trust = new ServerTrust.Pinned(sha);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--pin must be a SHA-256 in hex (64 digits, colons allowed)");
            }
        }
        return new AccessServerClient(server, trust, Path.of("."), Duration.ofSeconds(20));
    }

    String credential() throws UsageException {
        return AccessServerClient.basic(user, secret("PEERSWITCH_ADMIN_PASSWORD", passwordFile, "the administrator's password"));
    }

    String secret(String variable, Path file, String what) throws UsageException {
        if (file != null) {
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String first = reader.readLine();
                if (first == null || first.isEmpty()) {
                    throw new UsageException(file + " is empty: " + what + " expected on its first line");
                }
                return first;
            } catch (IOException e) {
                throw new UsageException(what + " cannot be read from " + file + ": " + e.getMessage());
            }
        }
        String value = environment.get(variable);
        if (value == null || value.isEmpty()) {
            throw new UsageException(what + " is needed: set " + variable + " or give a file");
        }
        return value;
    }

    void print(TrunkView t) {
        out.printf("%-24s %-8s %-28s realm=%s updated %s%s%n", t.name(), t.enabled() ? "enabled" : "disabled",
                t.allUsers() ? "reaches all users" : "reaches " + (t.users().isEmpty() ? "nobody" : String.join(",", t.users())),
                t.realm(), t.updatedAt(), t.description() == null ? "" : "  # " + t.description());
        if (!t.addresses().isEmpty()) {
            out.printf("%-24s trusted without a challenge from %s%n", "", String.join(", ", t.addresses()));
        }
    }

    /** {@code trunk list|show|add|set|delete}. */
    @Command(name = "trunk", description = "External SIP devices (IP-PBXs, gateways) that may use the redirect server",
            subcommands = {Trunk.ListTrunks.class, Trunk.Show.class, Trunk.Add.class, Trunk.Set.class, Trunk.Delete.class})
    static final class Trunk implements Callable<Integer> {

        @ParentCommand
        AdminMain admin;

        @Override
        public Integer call() {
            new CommandLine(this).usage(admin.out);
            return 2;
        }

        /** What add and set share: whom the trunk reaches, its state and description. */
        static class Settings {
            @Option(names = "--description", paramLabel = "TEXT")
            String description;

            @Option(names = "--all-users", description = "the trunk may reach every user")
            boolean allUsers;

            @Option(names = "--user", paramLabel = "USER", description = "a user the trunk may reach (repeatable)")
            List<String> users = new ArrayList<>();

            @Option(names = "--address", paramLabel = "CIDR",
                    description = "trust INVITEs from this address or block without a challenge, an IP trunk (repeatable)")
            List<String> addresses = new ArrayList<>();

            @Option(names = "--disabled", description = "refuse the trunk's INVITEs (403) until enabled again")
            boolean disabled;

            @Option(names = "--password-file", paramLabel = "FILE",
                    description = "the trunk's password on the first line (else PEERSWITCH_TRUNK_PASSWORD)")
            Path passwordFile;
        }

        @Command(name = "list", description = "every trunk")
        static final class ListTrunks implements Callable<Integer> {
            @ParentCommand
            Trunk trunk;

            @Override
            public Integer call() throws Exception {
                AdminMain a = trunk.admin;
                for (TrunkView t : a.client().trunks(a.credential())) {
                    a.print(t);
                }
                return 0;
            }
        }

        @Command(name = "show", description = "one trunk")
        static final class Show implements Callable<Integer> {
            @ParentCommand
            Trunk trunk;

            @Parameters(paramLabel = "NAME")
            String name;

            @Override
            public Integer call() throws Exception {
                AdminMain a = trunk.admin;
                a.print(a.client().trunk(a.credential(), name));
                return 0;
            }
        }

        @Command(name = "add", description = "provision a trunk: its name is the digest username the device authenticates with")
        static final class Add implements Callable<Integer> {
            @ParentCommand
            Trunk trunk;

            @Parameters(paramLabel = "NAME")
            String name;

            @CommandLine.Mixin
            Settings settings = new Settings();

            @Override
            public Integer call() throws Exception {
                AdminMain a = trunk.admin;
                String password = a.secret("PEERSWITCH_TRUNK_PASSWORD", settings.passwordFile, "the trunk's password");
                a.print(a.client().createTrunk(a.credential(), new TrunkSpec(name, password, settings.description,
                        !settings.disabled, settings.allUsers, settings.users, settings.addresses)));
                return 0;
            }
        }

        @Command(name = "set", description = "replace a trunk's settings; --password-file or PEERSWITCH_TRUNK_PASSWORD with --new-password")
        static final class Set implements Callable<Integer> {
            @ParentCommand
            Trunk trunk;

            @Parameters(paramLabel = "NAME")
            String name;

            @CommandLine.Mixin
            Settings settings = new Settings();

            @Option(names = "--new-password", description = "also replace the credentials")
            boolean newPassword;

            @Override
            public Integer call() throws Exception {
                AdminMain a = trunk.admin;
                String password = newPassword || settings.passwordFile != null
                        ? a.secret("PEERSWITCH_TRUNK_PASSWORD", settings.passwordFile, "the trunk's new password") : null;
                a.print(a.client().updateTrunk(a.credential(), new TrunkSpec(name, password, settings.description,
                        !settings.disabled, settings.allUsers, settings.users, settings.addresses)));
                return 0;
            }
        }

        @Command(name = "delete", description = "delete a trunk: its INVITEs are refused from then on")
        static final class Delete implements Callable<Integer> {
            @ParentCommand
            Trunk trunk;

            @Parameters(paramLabel = "NAME")
            String name;

            @Override
            public Integer call() throws Exception {
                AdminMain a = trunk.admin;
                a.client().deleteTrunk(a.credential(), name);
                a.out.println("deleted " + name);
                return 0;
            }
        }
    }

    void print(io.peerswitch.wire.route.ExternalRoute r) {
        out.printf("%-6d %-16s %-16s prio %-5d -> %s%s%s%s%s%n", r.id(), r.table(), r.pattern(), r.priority(), r.gateway(),
                r.strip() == 0 ? "" : ", strip " + r.strip(), r.prefix().isEmpty() ? "" : ", prefix " + r.prefix(),
                r.username() == null ? "" : ", as " + r.username(), r.description() == null ? "" : "  # " + r.description());
    }

    /** {@code route list|add|set|delete}: the external routing tables (FIG. 12-14). */
    @Command(name = "route", description = "External routes: numbers matching a pattern go to a gateway or IP-PBX (FIG. 12-14)",
            subcommands = {Route.ListRoutes.class, Route.Add.class, Route.Set.class, Route.Delete.class})
    static final class Route implements Callable<Integer> {

        @ParentCommand
        AdminMain admin;

        @Override
        public Integer call() {
            new CommandLine(this).usage(admin.out);
            return 2;
        }

        /** A route's settings, as add and set take them. */
        static class Spec {
            @Option(names = "--table", required = true, paramLabel = "PLAN", description = "the routing table: a subscription plan")
            String table;

            @Option(names = "--pattern", required = true, description = "dial pattern, e.g. 49. or 1NXXNXXXXXX")
            String pattern;

            @Option(names = "--gateway", required = true, paramLabel = "URI", description = "e.g. sip:gw.example.com:5060")
            String gateway;

            @Option(names = "--priority", defaultValue = "100", description = "lower wins between equally specific patterns")
            int priority;

            @Option(names = "--strip", defaultValue = "0", description = "leading characters to remove")
            int strip;

            @Option(names = "--prefix", description = "characters to put in front after stripping")
            String prefix;

            @Option(names = "--username", description = "the gateway's digest username for endpoints")
            String username;

            @Option(names = "--password-file", paramLabel = "FILE",
                    description = "the gateway password for endpoints (else PEERSWITCH_GATEWAY_PASSWORD, if set)")
            Path passwordFile;

            @Option(names = "--description", paramLabel = "TEXT")
            String description;

            io.peerswitch.wire.route.RouteSpec toSpec(AdminMain a) throws UsageException {
                String password = passwordFile != null || a.environment.containsKey("PEERSWITCH_GATEWAY_PASSWORD")
                        ? a.secret("PEERSWITCH_GATEWAY_PASSWORD", passwordFile, "the gateway password") : null;
                return new io.peerswitch.wire.route.RouteSpec(table, pattern, priority, gateway, username, password, strip, prefix,
                        description);
            }
        }

        @Command(name = "list", description = "every route, or one table's")
        static final class ListRoutes implements Callable<Integer> {
            @ParentCommand
            Route route;

            @Option(names = "--table", paramLabel = "PLAN")
            String table;

            @Override
            public Integer call() throws Exception {
                AdminMain a = route.admin;
                for (io.peerswitch.wire.route.ExternalRoute r : a.client().allRoutes(a.credential(), table)) {
                    a.print(r);
                }
                return 0;
            }
        }

        @Command(name = "add", description = "add a route; subscribed endpoints are told at once")
        static final class Add implements Callable<Integer> {
            @ParentCommand
            Route route;

            @CommandLine.Mixin
            Spec spec = new Spec();

            @Override
            public Integer call() throws Exception {
                AdminMain a = route.admin;
                a.print(a.client().createRoute(a.credential(), spec.toSpec(a)));
                return 0;
            }
        }

        @Command(name = "set", description = "replace route ID")
        static final class Set implements Callable<Integer> {
            @ParentCommand
            Route route;

            @Parameters(paramLabel = "ID")
            long id;

            @CommandLine.Mixin
            Spec spec = new Spec();

            @Override
            public Integer call() throws Exception {
                AdminMain a = route.admin;
                a.print(a.client().updateRoute(a.credential(), id, spec.toSpec(a)));
                return 0;
            }
        }

        @Command(name = "delete", description = "remove route ID")
        static final class Delete implements Callable<Integer> {
            @ParentCommand
            Route route;

            @Parameters(paramLabel = "ID")
            long id;

            @Override
            public Integer call() throws Exception {
                AdminMain a = route.admin;
                a.client().deleteRoute(a.credential(), id);
                a.out.println("deleted route " + id);
                return 0;
            }
        }
    }

    /** {@code subscription list|add|remove USER [PLAN]}: what decides a user's routing tables. */
    @Command(name = "subscription", description = "A user's subscriptions to plans, which decide the routing tables it gets")
    static final class Subscription implements Callable<Integer> {

        @ParentCommand
        AdminMain admin;

        @Parameters(index = "0", paramLabel = "list|add|remove")
        String action;

        @Parameters(index = "1", paramLabel = "USER")
        String user;

        @Parameters(index = "2", arity = "0..1", paramLabel = "PLAN")
        String plan;

        @Option(names = "--until", paramLabel = "INSTANT", description = "end of the subscription (ISO-8601); default open-ended")
        String until;

        @Override
        public Integer call() throws Exception {
            String[] plans = switch (action) {
                case "list" -> admin.client().subscriptions(admin.credential(), user);
                case "add", "remove" -> {
                    if (plan == null) {
                        throw new UsageException("subscription " + action + " needs a PLAN");
                    }
                    Instant end;
                    try {
                        end = until == null ? null : Instant.parse(until);
                    } catch (DateTimeParseException e) {
                        throw new UsageException("--until must be an ISO-8601 instant such as 2027-01-01T00:00:00Z");
                    }
                    yield action.equals("add") ? admin.client().subscribe(admin.credential(), user, plan, end)
                            : admin.client().unsubscribe(admin.credential(), user, plan);
                }
                default -> throw new UsageException("subscription takes list, add or remove, not " + action);
            };
            admin.out.println(user + ": " + (plans.length == 0 ? "no subscriptions" : String.join(", ", plans)));
            return 0;
        }
    }

    /** {@code audit [--since] [--limit]}. */
    @Command(name = "audit", description = "administrative changes, oldest first")
    static final class Audit implements Callable<Integer> {

        @ParentCommand
        AdminMain admin;

        @Option(names = "--since", paramLabel = "INSTANT", description = "ISO-8601, e.g. 2026-11-22T10:00:00Z (default: all)")
        String since;

        @Option(names = "--limit", defaultValue = "100", description = "at most this many (1-1000, default ${DEFAULT-VALUE})")
        int limit;

        @Override
        public Integer call() throws Exception {
            Instant from;
            try {
                from = since == null ? Instant.EPOCH : Instant.parse(since);
            } catch (DateTimeParseException e) {
                throw new UsageException("--since must be an ISO-8601 instant such as 2026-11-22T10:00:00Z");
            }
            for (AuditEntry e : admin.client().audit(admin.credential(), from, limit)) {
                admin.out.printf("%s  %-12s %-14s %-24s %s%n", e.at(), e.actor(), e.action(), e.target(),
                        e.detail() == null ? "" : e.detail());
            }
            return 0;
        }
    }
}
