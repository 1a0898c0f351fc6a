package io.peerswitch.server.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerswitch.server.support.Configs;
import io.peerswitch.wire.nat.TransportAddress;
import io.peerswitch.wire.reflector.ReflectorKeys;
import io.peerswitch.wire.reflector.ReflectorToken;
import io.peerswitch.wire.session.ReflectorGrant;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reflector grants: what a reflector with the same key file accepts, bound to the endpoint's address. */
class ReflectorGrantsTest {

    @TempDir
    Path dir;

    private ReflectorGrants grants(Map<String, String> settings) {
        ReflectorGrants grants = new ReflectorGrants();
        grants.config = Configs.with(settings);
        grants.random = new SecureRandom();
        grants.load();
        return grants;
    }

    @Test
    void aGrantIsATokenForThePublicAddressThatTheReflectorsKeysAccept() throws Exception {
        Path file = Files.writeString(dir.resolve("reflector.keys"), ReflectorKeys.generate(4, new SecureRandom()));
        Instant now = Instant.parse("2026-11-22T10:00:00Z");
        Instant sessionEnds = now.plusSeconds(300);

        ReflectorGrant grant = grants(Map.of("peerswitch.reflector.key-file", file.toString()))
                .grant(new TransportAddress("198.19.0.104", 5060), sessionEnds, now).orElseThrow();

        assertThat(grant.issuedAt()).isEqualTo(now);
        assertThat(grant.expiresAt()).isEqualTo(sessionEnds.plus(ReflectorGrants.GRACE));
        byte[] token = Base64.getDecoder().decode(grant.token());
        ReflectorToken.Check check = ReflectorToken.check(token, 0, token.length, ReflectorKeys.read(file), now,
                InetAddress.getByName("198.19.0.104"));
        assertThat(check).isInstanceOf(ReflectorToken.Check.Valid.class);
        assertThat(((ReflectorToken.Check.Valid) check).packetKey()).isEqualTo(Base64.getDecoder().decode(grant.packetKey()));
        assertThat(grant.toString()).doesNotContain(grant.packetKey());
    }

    @Test
    void aReachTokenLetsOthersReachTheAddressAndIsNoSendToken() throws Exception {
        Path file = Files.writeString(dir.resolve("reflector.keys"), ReflectorKeys.generate(4, new SecureRandom()));
        Instant now = Instant.parse("2026-11-22T10:00:00Z");
        ReflectorKeys keys = ReflectorKeys.read(file);

        byte[] reach = Base64.getDecoder().decode(grants(Map.of("peerswitch.reflector.key-file", file.toString()))
                .reach(new TransportAddress("198.19.0.104", 5060), now.plusSeconds(300)).orElseThrow());

        InetAddress bob = InetAddress.getByName("198.19.0.104");
        assertThat(ReflectorToken.check(ReflectorToken.Purpose.REACH, reach, 0, reach.length, keys, now, bob))
                .isInstanceOf(ReflectorToken.Check.Valid.class);
        assertThat(ReflectorToken.check(ReflectorToken.Purpose.REACH, reach, 0, reach.length, keys,
                now.plusSeconds(300).plus(ReflectorGrants.GRACE), bob)).isInstanceOf(ReflectorToken.Check.Expired.class);
        assertThat(ReflectorToken.check(reach, 0, reach.length, keys, now, bob)).as("cannot send with it")
                .isInstanceOf(ReflectorToken.Check.Forged.class);
    }

    @Test
    void withoutAKeyFileThereIsNoGrant() {
        assertThat(grants(Map.of()).grant(new TransportAddress("198.19.0.104", 5060), Instant.EPOCH, Instant.EPOCH)).isEmpty();
        assertThat(grants(Map.of()).reach(new TransportAddress("198.19.0.104", 5060), Instant.EPOCH)).isEmpty();
    }

    @Test
    void aBadKeyFileStopsTheStartWithTheReason() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.keys"), "1 tooshort\n");
        assertThatThrownBy(() -> grants(Map.of("peerswitch.reflector.key-file", file.toString())))
                .hasMessageContaining("peerswitch.reflector.key-file").hasMessageContaining("bad.keys:1");
        assertThatThrownBy(() -> grants(Map.of("peerswitch.reflector.key-file", dir.resolve("missing").toString())))
                .hasMessageContaining("cannot read");
    }
}
