package io.peerswitch.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerswitch.server.support.TestCaches;
import io.peerswitch.wire.nat.NatType;
import io.peerswitch.wire.nat.TransportAddress;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SessionTableTest {

    private final TestCaches caches = new TestCaches();
    private final SessionTable table = new SessionTable(caches.cache("sessions"));
    private final Instant t0 = Instant.now();

    @AfterEach
    void stop() {
        caches.close();
    }

    static Location location(String user, String id, String instance, Instant since, Duration ttl) {
        return new Location(id, user, instance, new TransportAddress("198.18.0.1", 40000), null,
                NatType.FULL_CONE, "198.18.0.1", null, since, since.plus(ttl), "hash-" + id, null);
    }

    @Test
    void keepsSeveralEndpointsOfOneUserAsSeparateLocations() {
        table.add(location("alice", "l1", "laptop", t0, Duration.ofMinutes(5)), t0);
        table.add(location("alice", "l2", "phone", t0, Duration.ofMinutes(5)), t0);

        assertThat(table.live("alice", t0)).extracting(Location::locationId).containsExactly("l1", "l2");
    }

    @Test
    void aNewLoginOfTheSameInstallationReplacesItsOldLocation() {
        table.add(location("alice", "l1", "laptop", t0, Duration.ofMinutes(5)), t0);
        table.add(location("alice", "l2", "laptop", t0, Duration.ofMinutes(5)), t0);

        assertThat(table.live("alice", t0)).extracting(Location::locationId).containsExactly("l2");
    }

    @Test
    void aSilentLocationExpiresWhileAKeptAliveOneStays() {
        table.add(location("alice", "l1", "laptop", t0, Duration.ofSeconds(60)), t0);
        table.add(location("alice", "l2", "phone", t0, Duration.ofSeconds(60)), t0);
        Instant t50 = t0.plusSeconds(50);
        Location phone = table.find("alice", "l2", t50).orElseThrow();

        assertThat(table.replace(phone.refreshed(t50.plusSeconds(60), null, null, NatType.SYMMETRIC, null), t50)).isTrue();

        Instant t70 = t0.plusSeconds(70);
        assertThat(table.live("alice", t70)).extracting(Location::locationId).containsExactly("l2");
        assertThat(table.find("alice", "l2", t70).orElseThrow().natType()).isEqualTo(NatType.SYMMETRIC);
        assertThat(table.find("alice", "l1", t70)).isEmpty();
        assertThat(table.replace(location("alice", "l1", "laptop", t70, Duration.ofSeconds(60)), t70)).isFalse();
    }

    @Test
    void logoutRemovesOnlyThatLocationAndTheLastOneRemovesTheEntry() {
        table.add(location("alice", "l1", "laptop", t0, Duration.ofMinutes(5)), t0);
        table.add(location("alice", "l2", "phone", t0, Duration.ofMinutes(5)), t0);

        table.remove("alice", "l1", t0);
        assertThat(table.live("alice", t0)).extracting(Location::locationId).containsExactly("l2");

        table.remove("alice", "l2", t0);
        table.remove("alice", "l2", t0);
        assertThat(table.live("alice", t0)).isEmpty();
        assertThat(table.onlineUsers()).isZero();
    }

    @Test
    void concurrentLoginsOfOneUserAreAllKept() throws Exception {
        int endpoints = 32;
        Thread[] threads = new Thread[endpoints];
        for (int i = 0; i < endpoints; i++) {
            String n = Integer.toString(i);
            threads[i] = Thread.ofVirtual().start(() -> table.add(location("alice", "l" + n, "i" + n, t0, Duration.ofMinutes(5)), t0));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(table.live("alice", t0)).hasSize(endpoints);
    }
}
