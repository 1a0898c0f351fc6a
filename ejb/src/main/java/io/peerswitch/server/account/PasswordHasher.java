package io.peerswitch.server.account;

import io.peerswitch.server.config.ServerConfig.Argon2Parameters;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters.Builder;

/**
 * Hashes and verifies passwords with Argon2id (RFC 9106) through Bouncy Castle; the only place a
 * password is ever turned into anything that is stored. Thread-safe.
 */
public final class PasswordHasher {

    private final Argon2Parameters parameters;
    private final SecureRandom random;
    private final Argon2Hash dummy;

    public PasswordHasher(Argon2Parameters parameters, SecureRandom random) {
        this.parameters = parameters;
        this.random = random;
        // A hash of nothing anyone knows, verified when the user does not exist, so that a failed
        // login costs the same time whether or not the account exists.
        this.dummy = Argon2Hash.parse(hash("peerswitch-unknown-user-" + random.nextLong())).orElseThrow();
    }

    /** A new PHC-encoded Argon2id hash of {@code password} with a fresh random salt. */
    public String hash(String password) {
        byte[] salt = new byte[Argon2Hash.SALT_LENGTH];
        random.nextBytes(salt);
        byte[] tag = derive(password, salt, parameters.memoryKib(), parameters.iterations(), parameters.parallelism(),
                Argon2Hash.HASH_LENGTH);
        return new Argon2Hash(parameters.memoryKib(), parameters.iterations(), parameters.parallelism(), salt, tag).encode();
    }

    /** Whether {@code password} matches {@code encoded}; a malformed stored value never matches. */
    public boolean verify(String password, String encoded) {
        return Argon2Hash.parse(encoded).map(h -> matches(password, h)).orElse(false);
    }

    /** Spends the time of one verification and fails: for logins of user IDs that do not exist. */
    public boolean verifyNobody(String password) {
        matches(password, dummy);
        return false;
    }

    /** Whether {@code encoded} was made with other parameters than the configured ones. */
    public boolean needsRehash(String encoded) {
        return Argon2Hash.parse(encoded)
                .map(h -> h.memoryKib() != parameters.memoryKib() || h.iterations() != parameters.iterations()
                        || h.parallelism() != parameters.parallelism() || h.hash().length != Argon2Hash.HASH_LENGTH)
                .orElse(true);
    }

    private static boolean matches(String password, Argon2Hash stored) {
        byte[] expected = stored.hash();
        byte[] actual = derive(password, stored.salt(), stored.memoryKib(), stored.iterations(), stored.parallelism(),
                expected.length);
        return MessageDigest.isEqual(expected, actual);
    }

    private static byte[] derive(String password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Builder(org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_id)
                .withVersion(org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKib)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .withSalt(salt)
                .build());
        byte[] out = new byte[length];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
