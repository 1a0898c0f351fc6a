package io.peerswitch.wire.reflector;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The keys of a reflector key file: one {@code ID BASE64-SECRET} per line, {@code #} comments. The
 * first key is the current one (the access server issues tokens with it); the others are still
 * accepted, so a key can be rotated without cutting anyone off (docs/reflector.md, "Keys").
 */
public record ReflectorKeys(List<ReflectorKey> keys) {

    public ReflectorKeys {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("a reflector key file needs at least one key");
        }
        Map<Integer, ReflectorKey> byId = new LinkedHashMap<>();
        for (ReflectorKey key : keys) {
            if (byId.put(key.id(), key) != null) {
                throw new IllegalArgumentException("reflector key id " + key.id() + " appears twice");
            }
        }
        keys = List.copyOf(keys);
    }

    /** The key tokens are issued with. */
    public ReflectorKey current() {
        return keys.getFirst();
    }

    /** The key with {@code id}, if this file has it. */
    public Optional<ReflectorKey> byId(int id) {
        for (ReflectorKey key : keys) {
            if (key.id() == id) {
                return Optional.of(key);
            }
        }
        return Optional.empty();
    }

    /** Reads a key file; every problem names the file and line. */
    public static ReflectorKeys read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /** Parses key-file text; {@code source} names it in errors. */
    public static ReflectorKeys parse(String text, String source) {
        List<ReflectorKey> keys = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            String where = source + ":" + (i + 1);
            if (parts.length != 2) {
                throw new IllegalArgumentException(where + ": expected 'ID BASE64-SECRET'");
            }
            int id;
            byte[] secret;
            try {
                id = Integer.parseInt(parts[0]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + ": the key id '" + parts[0] + "' is not a number");
            }
            try {
                secret = Base64.getDecoder().decode(parts[1]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": the secret is not Base64");
            }
            try {
                keys.add(new ReflectorKey(id, secret));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage());
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException(source + ": no key in the file");
        }
        try {
            return new ReflectorKeys(keys);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage());
        }
    }

    /** A new key file's text with one random 32-byte key of {@code id}. */
    public static String generate(int id, SecureRandom random) {
        byte[] secret = new byte[ReflectorKey.MIN_SECRET_BYTES];
        random.nextBytes(secret);
        return "# Peerswitch reflector keys: ID BASE64-SECRET, the first is current. Keep this file secret;\n"
                + "# the access server and every reflector need the same file.\n"
                + id + " " + Base64.getEncoder().encodeToString(secret) + "\n";
    }
}
