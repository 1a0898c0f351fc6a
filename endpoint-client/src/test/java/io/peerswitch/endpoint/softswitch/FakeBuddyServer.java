package io.peerswitch.endpoint.softswitch;

import io.peerswitch.endpoint.buddy.BuddyServer;
import io.peerswitch.endpoint.server.AccessServerException;
import io.peerswitch.wire.buddy.BuddyChange;
import io.peerswitch.wire.buddy.BuddyRequest;
import io.peerswitch.wire.buddy.BuddyRequestCreate;
import io.peerswitch.wire.buddy.BuddyRequestCreated;
import io.peerswitch.wire.buddy.BuddyRequests;
import io.peerswitch.wire.nat.NatType;
import io.peerswitch.wire.nat.TransportAddress;
import io.peerswitch.wire.problem.Problem;
import io.peerswitch.wire.profile.Buddy;
import io.peerswitch.wire.profile.PresenceStatus;
import io.peerswitch.wire.profile.Profile;
import io.peerswitch.wire.profile.RelationState;
import io.peerswitch.wire.routing.RoutingEntry;
import io.peerswitch.wire.session.ProfileSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The access server's buddy list rules (docs/rest-api.md, {@code /buddies}) kept in memory for protocol
 * tests: relations, open requests, who is online where. Records every call as "user METHOD path".
 */
final class FakeBuddyServer {

    private final Map<String, Party> online = new HashMap<>();
    private final Map<String, Map<String, RelationState>> relations = new HashMap<>();
    private final Map<String, BuddyRequest> requests = new LinkedHashMap<>();
    final List<String> calls = new ArrayList<>();
    private int ids;
    /** When set, every call fails as if the server could not be reached. */
    boolean down;

    /** {@code party} is logged in: it has a location, and its buddy operations go to this server. */
    void online(Party party) {
        online.put(party.user, party);
        relations.computeIfAbsent(party.user, k -> new LinkedHashMap<>());
        party.buddies.useServer(as(party.user));
    }

    /** {@code party} logged out. */
    void offline(Party party) {
        online.remove(party.user);
        party.buddies.useServer(null);
    }

    /** A registered user who is not online. */
    void registered(String user) {
        relations.computeIfAbsent(user, k -> new LinkedHashMap<>());
    }

    /** Makes {@code a} and {@code b} accepted buddies, as provisioning would. */
    void buddies(String a, String b) {
        relations.computeIfAbsent(a, k -> new LinkedHashMap<>()).put(b, RelationState.ACCEPTED);
        relations.computeIfAbsent(b, k -> new LinkedHashMap<>()).put(a, RelationState.ACCEPTED);
    }

    /** Adds a request as if {@code from} had made it (for forged-notice tests). */
    BuddyRequest storedRequest(String from, String to) {
        BuddyRequest r = new BuddyRequest("r" + ++ids, from, to, null, Instant.EPOCH, locations(from));
        requests.put(r.id(), r);
        return r;
    }

    RelationState relation(String owner, String other) {
        return relations.getOrDefault(owner, Map.of()).get(other);
    }

    boolean hasRequests() {
        return !requests.isEmpty();
    }

    /** The routing table entry of an online user, as the login answer gives it. */
    static RoutingEntry entry(Party p) {
        return new RoutingEntry(p.user, p.user + "-loc", TransportAddress.of(p.address), null, NatType.NO_NAT, Instant.EPOCH, null);
    }

    private List<RoutingEntry> locations(String user) {
        Party p = online.get(user);
        return p == null ? List.of() : List.of(entry(p));
    }

    private static AccessServerException problem(int status, String type) {
        return new AccessServerException(status, Problem.of(type, type, status, type), type);
    }

    BuddyServer as(String user) {
        return new BuddyServer() {
            private void check(String call) throws AccessServerException {
                calls.add(user + " " + call);
                if (down) {
                    throw new AccessServerException("the access server cannot be reached", new java.io.IOException("down"));
                }
            }

            @Override
            public BuddyRequestCreated request(BuddyRequestCreate create) throws AccessServerException {
                check("POST buddies/requests");
                String to = create.to();
                if (!relations.containsKey(to)) {
                    throw problem(404, "unknown-user");
                }
                if (relation(user, to) == RelationState.ACCEPTED) {
                    throw problem(409, "already-buddies");
                }
                if (relation(to, user) == RelationState.BLOCKED) {
                    throw problem(403, "not-allowed");
                }
                for (BuddyRequest r : requests.values()) {
                    if (r.from().equals(to) && r.to().equals(user)) {
                        throw problem(409, "request-exists");
                    }
                    if (r.from().equals(user) && r.to().equals(to)) {
                        return new BuddyRequestCreated(r, locations(to));
                    }
                }
                BuddyRequest r = new BuddyRequest("r" + ++ids, user, to, create.note(), Instant.EPOCH.plusSeconds(ids), locations(user));
                requests.put(r.id(), r);
                relations.get(user).put(to, RelationState.PENDING);
                return new BuddyRequestCreated(r, locations(to));
            }

            @Override
            public BuddyRequests requests() throws AccessServerException {
                check("GET buddies/requests");
                return new BuddyRequests(requests.values().stream().filter(r -> r.to().equals(user))
                        .map(r -> new BuddyRequest(r.id(), r.from(), r.to(), r.note(), r.createdAt(), locations(r.from()))).toList());
            }

            @Override
            public BuddyRequest find(String requestId) throws AccessServerException {
                check("GET buddies/requests/" + requestId);
                BuddyRequest r = requests.get(requestId);
                if (r == null || !(r.from().equals(user) || r.to().equals(user))) {
                    throw problem(404, "not-found");
                }
                return r;
            }

            @Override
            public BuddyChange answer(String requestId, boolean grant) throws AccessServerException {
                check("POST buddies/requests/" + requestId + "/answer");
                BuddyRequest r = requests.get(requestId);
                if (r == null || !r.to().equals(user)) {
                    throw problem(404, "not-found");
                }
                requests.remove(requestId);
                if (grant) {
                    relations.get(r.from()).put(user, RelationState.ACCEPTED);
                    relations.get(user).put(r.from(), RelationState.ACCEPTED);
                } else {
                    relations.get(r.from()).remove(user);
                }
                return new BuddyChange(r.from(), grant ? RelationState.ACCEPTED : null, locations(r.from()));
            }

            @Override
            public void withdraw(String requestId) throws AccessServerException {
                check("DELETE buddies/requests/" + requestId);
                BuddyRequest r = requests.get(requestId);
                if (r == null || !r.from().equals(user)) {
                    throw problem(404, "not-found");
                }
                requests.remove(requestId);
            }

            @Override
            public BuddyChange delete(String other) throws AccessServerException {
                check("DELETE buddies/" + other);
                if (relations.get(user).remove(other) == null) {
                    throw problem(404, "not-found");
                }
                relations.getOrDefault(other, new HashMap<>()).remove(user);
                return new BuddyChange(other, null, locations(other));
            }

            @Override
            public BuddyChange block(String other) throws AccessServerException {
                check("PUT buddies/" + other + "/block");
                relations.get(user).put(other, RelationState.BLOCKED);
                requests.values().removeIf(r -> r.from().equals(other) && r.to().equals(user));
                return new BuddyChange(other, RelationState.BLOCKED, locations(other));
            }

            @Override
            public BuddyChange unblock(String other) throws AccessServerException {
                check("DELETE buddies/" + other + "/block");
                if (relation(user, other) != RelationState.BLOCKED) {
                    throw problem(409, "not-blocked");
                }
                if (relation(other, user) != RelationState.ACCEPTED) {
                    relations.get(user).remove(other);
                    return new BuddyChange(other, null, locations(other));
                }
                relations.get(user).put(other, RelationState.ACCEPTED);
                return new BuddyChange(other, RelationState.ACCEPTED, locations(other));
            }

            @Override
            public ProfileSnapshot profile() throws AccessServerException {
                check("GET profile");
                List<Buddy> list = relations.get(user).entrySet().stream().map(e -> new Buddy(e.getKey(), e.getKey(), e.getValue(),
                        online.containsKey(e.getKey()), PresenceStatus.AVAILABLE)).toList();
                List<RoutingEntry> table = list.stream().filter(b -> b.relation() == RelationState.ACCEPTED && b.online()
                                && relation(b.userId(), user) == RelationState.ACCEPTED)
                        .map(b -> entry(online.get(b.userId()))).toList();
                return new ProfileSnapshot(new Profile(user, user, user + "@example.com", PresenceStatus.AVAILABLE, null, List.of(), list),
                        table, List.of());
            }
        };
    }
}
