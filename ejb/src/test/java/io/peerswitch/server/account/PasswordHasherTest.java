package io.peerswitch.server.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerswitch.server.config.ServerConfig.Argon2Parameters;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    // Cheap parameters keep the test fast; the algorithm is the same at any cost.
    private final PasswordHasher hasher = new PasswordHasher(new Argon2Parameters(1024, 1, 1), new SecureRandom());

    @Test
    void verifiesHashesMadeByTheArgon2ReferenceImplementation() {
        // Made with the phc-winner-argon2 CLI (Debian package argon2):
        //   echo -n "correct horse battery staple" | argon2 peerswitchsalt16 -id -t 2 -m 10 -p 1 -l 32 -e
        //   echo -n "password" | argon2 somesalt -id -t 2 -m 16 -p 4 -l 24 -e
        assertThat(hasher.verify("correct horse battery staple",
                "$argon2id$v=19$m=1024,t=2,p=1$cGVlcnN3aXRjaHNhbHQxNg$Gun3F9Oispwh9iXYoVglbSBAhRqU/2yAGH4BHpOyqWQ")).isTrue();
        assertThat(hasher.verify("password",
                "$argon2id$v=19$m=65536,t=2,p=4$c29tZXNhbHQ$F1jG2CV3/Nr+yRuIsPKw0J9r4s7cJHBU")).isTrue();
        assertThat(hasher.verify("Password",
                "$argon2id$v=19$m=65536,t=2,p=4$c29tZXNhbHQ$F1jG2CV3/Nr+yRuIsPKw0J9r4s7cJHBU")).isFalse();
    }

    @Test
    void hashesWithAFreshSaltAndTheConfiguredCost() {
        String first = hasher.hash("s3cret-enough");
        String second = hasher.hash("s3cret-enough");

        assertThat(first).startsWith("$argon2id$v=19$m=1024,t=1,p=1$").isNotEqualTo(second);
        assertThat(hasher.verify("s3cret-enough", first)).isTrue();
        assertThat(hasher.verify("s3cret-enougH", first)).isFalse();
        assertThat(hasher.needsRehash(first)).isFalse();
    }

    @Test
    void neverMatchesAMalformedStoredValue() {
        assertThat(hasher.verify("x", "plaintext")).isFalse();
        assertThat(hasher.verify("x", "$argon2i$v=19$m=1024,t=1,p=1$c29tZXNhbHQ$F1jG2CV3/Nr+yRuIsPKw0J9r4s7cJHBU")).isFalse();
        assertThat(hasher.verify("x", null)).isFalse();
        assertThat(hasher.verifyNobody("anything")).isFalse();
    }

    @Test
    void asksForARehashWhenTheCostChanged() {
        PasswordHasher stronger = new PasswordHasher(new Argon2Parameters(2048, 2, 1), new SecureRandom());
        assertThat(stronger.needsRehash(hasher.hash("s3cret-enough"))).isTrue();
        assertThat(stronger.needsRehash("garbage")).isTrue();
    }

    @Test
    void refusesStoredHashesThatWouldCostTooMuchMemory() {
        assertThat(Argon2Hash.parse("$argon2id$v=19$m=9999999,t=1,p=1$c29tZXNhbHQ$F1jG2CV3/Nr+yRuIsPKw0J9r4s7cJHBU")).isEmpty();
    }
}
