package io.peerswitch.endpoint.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads {@code key = value} lines with {@code #} comments (whole-line or after the value, separated by
 * whitespace), as the endpoint's commented configuration file is written; a duplicate key or a line
 * that is not a setting is an error naming the line.
 */
public final class ConfigFile {

    /** Largest configuration file read. */
    public static final int MAX_BYTES = 256 * 1024;

    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9.-]*");
    private static final Pattern TRAILING_COMMENT = Pattern.compile("\\s+#.*$");

    private final Path source;
    private final Map<String, String> values;
    private final Map<String, Integer> lines;

    private ConfigFile(Path source, Map<String, String> values, Map<String, Integer> lines) {
        this.source = source;
        this.values = Collections.unmodifiableMap(values);
        this.lines = Collections.unmodifiableMap(lines);
    }

    /** Reads and checks {@code file}. */
    public static ConfigFile read(Path file) throws ConfigException {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new ConfigException(file + ": larger than " + MAX_BYTES + " bytes; not a configuration file");
            }
            return parse(file, Files.readString(file, StandardCharsets.UTF_8));
        } catch (CharacterCodingException e) {
            throw new ConfigException(file + ": not UTF-8 text", e);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    /** Parses {@code text} as if read from {@code source} (which only names it in messages). */
    public static ConfigFile parse(Path source, String text) throws ConfigException {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, Integer> lines = new LinkedHashMap<>();
        String[] all = text.split("\r?\n", -1);
        for (int i = 0; i < all.length; i++) {
            String line = all[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new ConfigException(source + ":" + (i + 1) + ": expected 'key = value', found '" + shorten(line) + "'");
            }
            String key = line.substring(0, eq).strip();
            String value = TRAILING_COMMENT.matcher(line.substring(eq + 1)).replaceFirst("").strip();
            if (!KEY.matcher(key).matches()) {
                throw new ConfigException(source + ":" + (i + 1) + ": '" + shorten(key) + "' is not a setting name");
            }
            if (values.containsKey(key)) {
                throw new ConfigException(source + ":" + (i + 1) + ": " + key + " is set twice (also on line " + lines.get(key) + ")");
            }
            values.put(key, value);
            lines.put(key, i + 1);
        }
        return new ConfigFile(source, values, lines);
    }

    /** The value of {@code key}; empty when absent or blank. */
    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key)).filter(v -> !v.isEmpty());
    }

    /** Every key the file sets. */
    public Map<String, String> values() {
        return values;
    }

    /** Where {@code key} was set, for messages: {@code file:line}. */
    public String where(String key) {
        Integer line = lines.get(key);
        return line == null ? source.toString() : source + ":" + line;
    }

    private static String shorten(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "..." : text;
    }
}
