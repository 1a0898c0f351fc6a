package io.peerswitch.server.account;

import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Argon2id hash in the PHC string format ({@code $argon2id$v=19$m=..,t=..,p=..$salt$hash}), the
 * encoding RFC 9106 implementations share; parsing is strict so a stored value is never misread.
 */
public record Argon2Hash(int memoryKib, int iterations, int parallelism, byte[] salt, byte[] hash) {

    /** Argon2 version 1.3 (0x13), the one RFC 9106 specifies. */
    public static final int VERSION = 19;
    /** Bytes of random salt per password (RFC 9106 section 3.1 recommends 16). */
    public static final int SALT_LENGTH = 16;
    /** Bytes of tag (RFC 9106 section 4 recommends 32 for passwords in its second option). */
    public static final int HASH_LENGTH = 32;
    /** Largest memory cost accepted from a stored or imported hash: 1 GiB bounds what one login can cost. */
    public static final int MAX_MEMORY_KIB = 1 << 20;

    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,3}),p=(\\d{1,2})\\$([A-Za-z0-9+/]{11,64})\\$([A-Za-z0-9+/]{22,128})");
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    public Argon2Hash {
        salt = salt.clone();
        hash = hash.clone();
    }

    /** Parses a PHC string; empty when it is not a well-formed Argon2id v1.3 hash. */
    public static Optional<Argon2Hash> parse(String encoded) {
        if (encoded == null) {
            return Optional.empty();
        }
        Matcher m = PHC.matcher(encoded);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            int memory = Integer.parseInt(m.group(1));
            int iterations = Integer.parseInt(m.group(2));
            int parallelism = Integer.parseInt(m.group(3));
            byte[] salt = B64D.decode(m.group(4));
            byte[] hash = B64D.decode(m.group(5));
            if (iterations < 1 || parallelism < 1 || memory < 8 * parallelism || memory > MAX_MEMORY_KIB || salt.length < 8 || hash.length < 16) {
                return Optional.empty();
            }
            return Optional.of(new Argon2Hash(memory, iterations, parallelism, salt, hash));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] hash() {
        return hash.clone();
    }

    /** The PHC string of this hash. */
    public String encode() {
        return "$argon2id$v=" + VERSION + "$m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism
                + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Argon2Hash other && memoryKib == other.memoryKib && iterations == other.iterations
                && parallelism == other.parallelism && Arrays.equals(salt, other.salt) && Arrays.equals(hash, other.hash);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(hash) + memoryKib;
    }

    @Override
    public String toString() {
        return "Argon2Hash[m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism + "]";
    }
}
