package io.peerswitch.endpoint.config;

import io.peerswitch.wire.InvalidFieldException;
import io.peerswitch.wire.account.UserIds;
import io.peerswitch.wire.nat.TransportAddress;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every setting of one endpoint, read from its commented configuration file (see
 * {@code endpoint-client/conf/endpoint.conf}); unknown keys and bad values are errors naming the line.
 *
 * @param sipBind        local address and port of the SIP socket (UDP and TCP); port 0 picks a free one
 * @param stunServer     the STUN server asked on the SIP socket at login, or empty to use the bound address
 * @param mediaAddress   local address RTP binds to
 * @param mediaPorts     range RTP ports are taken from (even ports; RTCP on the next odd one), or 0-0 for any
 * @param maxCalls       most simultaneous calls; one more incoming INVITE is answered 486 Busy Here
 * @param natDiscovery   whether login classifies the NAT (RFC 5780 tests) when the STUN server offers an alternate address
 * @param natDiscoveryTimeout how long discovery waits for an answer a NAT may legitimately drop
 * @param voicemailOnUnavailable what happens when a buddy we call is busy, does not answer, is unreachable or offline
 * @param voicemailLength        how long a voicemail recording lasts
 */
public record EndpointConfig(String userId, String password, String displayName, URI serverUrl, ServerTrust trust,
                             InetSocketAddress sipBind, SipTransportKind sipTransport,
                             Optional<InetSocketAddress> stunServer, InetAddress mediaAddress, PortRange mediaPorts,
                             AudioSpec audioSource, AudioSpec audioSink, boolean autoAnswer, int maxCalls,
                             Duration noAnswerTimeout, Duration presenceTimeout, Duration keepaliveInterval,
                             boolean natDiscovery, Duration natDiscoveryTimeout,
                             VoicemailMode voicemailOnUnavailable, Duration voicemailLength,
                             int sessionExpires, Path dataDir) {

    /** The longest voicemail recording: what the access server keeps (10 MiB) holds about 21 minutes of G.711. */
    public static final Duration MAX_VOICEMAIL_LENGTH = Duration.ofMinutes(10);

    /** What the endpoint does when a buddy does not take our call (claims 2, 9-13). */
    public enum VoicemailMode {
        /** Tells the user a voicemail can be left ({@code voicemail leave}). */
        OFFER,
        /** Records a voicemail at once ("leave a message after the tone") and leaves it. */
        RECORD
    }

    /** The keys a configuration file may set. */
    public static final Set<String> KEYS = Set.of(
            "user.id", "user.password", "user.password-file", "user.display-name",
            "server.url", "server.tls.trust", "server.tls.pin-sha256",
            "sip.bind", "sip.transport", "stun.server",
            "media.address", "media.ports", "audio.source", "audio.sink",
            "call.auto-answer", "call.max-calls", "call.no-answer-timeout", "presence.timeout", "nat.keepalive-interval",
            "nat.discovery", "nat.discovery-timeout", "voicemail.on-unavailable", "voicemail.length",
            "session.expires", "data.dir");

    /** How the endpoint trusts the access server's TLS certificate. */
    public sealed interface ServerTrust {
        /** The JDK's default trust store (a certificate from a public CA). */
        record System() implements ServerTrust {
        }

        /** Exactly the certificate with this SHA-256 fingerprint (what {@code ./run} prints). */
        record Pinned(byte[] sha256) implements ServerTrust {
            public Pinned {
                sha256 = sha256.clone();
            }

            @Override
            public byte[] sha256() {
                return sha256.clone();
            }
        }

        /** Whatever certificate the server shows first, remembered in the data directory (like SSH). */
        record TrustOnFirstUse() implements ServerTrust {
        }
    }

    /** The transport used for requests the endpoint starts (RFC 3261 section 18). */
    public enum SipTransportKind { UDP, TCP }

    /** An inclusive range of local ports. */
    public record PortRange(int first, int last) {
        public PortRange {
            if (first < 0 || last > 65_535 || first > last) {
                throw new IllegalArgumentException("port range " + first + "-" + last + " is not within 0-65535");
            }
        }

        /** Whether any free port will do. */
        public boolean any() {
            return first == 0;
        }
    }

    /** Where call audio comes from or goes to. */
    public sealed interface AudioSpec {
        /** A WAV file (source: played in a loop; sink: written when the call ends). */
        record Wav(Path file) implements AudioSpec {
        }

        /** A sine tone (source only). */
        record Tone(double hertz) implements AudioSpec {
        }

        /** The sound card through javax.sound (falls back to silence or discard when there is none). */
        record Device() implements AudioSpec {
        }

        /** Silence as source, nothing as sink. */
        record None() implements AudioSpec {
        }
    }

    private static final Pattern HOST_PORT = Pattern.compile("\\[?([0-9A-Za-z.:-]+?)]?:(\\d{1,5})");

    /** The configuration in {@code file}; relative paths in it are relative to the file's directory. */
    public static EndpointConfig load(Path file) throws ConfigException {
        return from(ConfigFile.read(file), file.toAbsolutePath().getParent());
    }

    /** The configuration a parsed file describes. */
    public static EndpointConfig from(ConfigFile file, Path baseDir) throws ConfigException {
        for (String key : file.values().keySet()) {
            if (!KEYS.contains(key)) {
                throw new ConfigException(file.where(key) + ": unknown setting '" + key + "'");
            }
        }
        Reader r = new Reader(file, baseDir);
        String userId = r.required("user.id");
        try {
            userId = UserIds.normalise(userId, "user.id");
        } catch (InvalidFieldException e) {
            throw new ConfigException(file.where("user.id") + ": user.id " + e.reason());
        }
        String password = file.get("user.password").orElse(null);
        if (password == null) {
            Path passwordFile = r.path("user.password-file")
                    .orElseThrow(() -> new ConfigException(file.where("user.id") + ": set user.password or user.password-file"));
            try {
                password = Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new ConfigException(file.where("user.password-file") + ": cannot read " + passwordFile, e);
            }
        }
        Path dataDir = r.path("data.dir").orElse(baseDir.resolve("data-" + userId));
        return new EndpointConfig(userId, password, file.get("user.display-name").orElse(null),
                r.uri("server.url"), r.trust(), r.hostPort("sip.bind", "127.0.0.1:0"),
                r.enumValue("sip.transport", SipTransportKind.class, SipTransportKind.UDP),
                r.optionalHostPort("stun.server"), r.address("media.address", "127.0.0.1"), r.ports("media.ports"),
                r.audio("audio.source", new AudioSpec.None()), r.audio("audio.sink", new AudioSpec.None()),
                r.bool("call.auto-answer", false), r.integer("call.max-calls", 64, 1, 10_000),
                r.duration("call.no-answer-timeout", Duration.ofSeconds(30)),
                r.duration("presence.timeout", Duration.ofSeconds(5)),
                r.duration("nat.keepalive-interval", Duration.ofSeconds(20)),
                r.bool("nat.discovery", true), r.duration("nat.discovery-timeout", Duration.ofSeconds(2)),
                r.enumValue("voicemail.on-unavailable", VoicemailMode.class, VoicemailMode.OFFER),
                voicemailLength(file, r.duration("voicemail.length", Duration.ofSeconds(20))),
                r.integer("session.expires", 300, 1, 86_400), dataDir);
    }

    private static Duration voicemailLength(ConfigFile file, Duration length) throws ConfigException {
        if (length.compareTo(Duration.ofSeconds(1)) < 0 || length.compareTo(MAX_VOICEMAIL_LENGTH) > 0) {
            throw new ConfigException(file.where("voicemail.length") + ": voicemail.length must be 1s to "
                    + MAX_VOICEMAIL_LENGTH.toMinutes() + "m");
        }
        return length;
    }

    /** The SIP bind address as the wire's transport-address record. */
    public TransportAddress sipBindAddress() {
        return TransportAddress.of(sipBind);
    }

    @Override
    public String toString() {
        return "EndpointConfig[userId=" + userId + ", server=" + serverUrl + ", sip=" + sipBind + ", password=***]";
    }

    private record Reader(ConfigFile file, Path baseDir) {

        String required(String key) throws ConfigException {
            return file.get(key).orElseThrow(() -> new ConfigException(file.where(key) + ": " + key + " is required"));
        }

        Optional<Path> path(String key) {
            return file.get(key).map(v -> v.startsWith("~/") ? Path.of(System.getProperty("user.home"), v.substring(2)) : Path.of(v))
                    .map(p -> p.isAbsolute() ? p : baseDir.resolve(p).normalize());
        }

        URI uri(String key) throws ConfigException {
            String value = required(key);
            try {
                URI uri = new URI(value.endsWith("/") ? value : value + "/");
                if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
                    throw new ConfigException(file.where(key) + ": " + key + " must be an https:// URL");
                }
                return uri;
            } catch (java.net.URISyntaxException e) {
                throw new ConfigException(file.where(key) + ": " + key + " is not a URL: " + e.getReason());
            }
        }

        ServerTrust trust() throws ConfigException {
            String mode = file.get("server.tls.trust").orElse(file.get("server.tls.pin-sha256").isPresent() ? "pin" : "system");
            return switch (mode.toLowerCase(Locale.ROOT)) {
                case "system" -> new ServerTrust.System();
                case "tofu" -> new ServerTrust.TrustOnFirstUse();
                case "pin" -> {
                    String hex = required("server.tls.pin-sha256").replace(":", "").strip();
                    try {
                        byte[] sha = HexFormat.of().parseHex(hex);
                        if (sha.length != 32) {
                            throw new IllegalArgumentException("length");
                        }
                        yield new ServerTrust.Pinned(sha);
                    } catch (IllegalArgumentException e) {
                        throw new ConfigException(file.where("server.tls.pin-sha256")
                                + ": server.tls.pin-sha256 must be 32 hexadecimal bytes (colons allowed)");
                    }
                }
                default -> throw new ConfigException(file.where("server.tls.trust") + ": server.tls.trust must be system, pin or tofu");
            };
        }

        InetSocketAddress hostPort(String key, String fallback) throws ConfigException {
            String value = file.get(key).orElse(fallback);
            Matcher m = HOST_PORT.matcher(value);
            if (!m.matches()) {
                throw new ConfigException(file.where(key) + ": " + key + " must be address:port, e.g. 127.0.0.1:5060");
            }
            int port = Integer.parseInt(m.group(2));
            if (port > 65_535) {
                throw new ConfigException(file.where(key) + ": " + key + " port must be at most 65535");
            }
            try {
                return new InetSocketAddress(InetAddress.getByName(m.group(1)), port);
            } catch (UnknownHostException e) {
                throw new ConfigException(file.where(key) + ": " + key + ": unknown host " + m.group(1));
            }
        }

        Optional<InetSocketAddress> optionalHostPort(String key) throws ConfigException {
            Optional<String> value = file.get(key);
            if (value.isEmpty() || value.get().equalsIgnoreCase("none")) {
                return Optional.empty();
            }
            return Optional.of(hostPort(key, null));
        }

        InetAddress address(String key, String fallback) throws ConfigException {
            String value = file.get(key).orElse(fallback);
            try {
                return InetAddress.getByName(value);
            } catch (UnknownHostException e) {
                throw new ConfigException(file.where(key) + ": " + key + ": unknown host " + value);
            }
        }

        PortRange ports(String key) throws ConfigException {
            String value = file.get(key).orElse("0-0");
            Matcher m = Pattern.compile("(\\d{1,5})\\s*-\\s*(\\d{1,5})").matcher(value);
            try {
                if (!m.matches()) {
                    throw new IllegalArgumentException(key + " must be first-last, e.g. 40000-40999 (0-0 for any)");
                }
                return new PortRange(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(file.where(key) + ": " + e.getMessage());
            }
        }

        AudioSpec audio(String key, AudioSpec fallback) throws ConfigException {
            Optional<String> value = file.get(key);
            if (value.isEmpty()) {
                return fallback;
            }
            String v = value.get();
            if (v.equalsIgnoreCase("none")) {
                return new AudioSpec.None();
            }
            if (v.equalsIgnoreCase("device")) {
                return new AudioSpec.Device();
            }
            if (v.startsWith("wav:")) {
                Path p = Path.of(v.substring(4));
                return new AudioSpec.Wav(p.isAbsolute() ? p : baseDir.resolve(p).normalize());
            }
            if (v.startsWith("tone:") && key.equals("audio.source")) {
                try {
                    double hz = Double.parseDouble(v.substring(5));
                    if (hz > 0 && hz < 4000) {
                        return new AudioSpec.Tone(hz);
                    }
                } catch (NumberFormatException e) {
                    // reported below
                }
            }
            throw new ConfigException(file.where(key) + ": " + key + " must be none, device, wav:<file>"
                    + (key.equals("audio.source") ? " or tone:<hertz below 4000>" : ""));
        }

        boolean bool(String key, boolean fallback) throws ConfigException {
            String value = file.get(key).orElse(Boolean.toString(fallback)).toLowerCase(Locale.ROOT);
            return switch (value) {
                case "true", "yes", "on" -> true;
                case "false", "no", "off" -> false;
                default -> throw new ConfigException(file.where(key) + ": " + key + " must be true or false");
            };
        }

        Duration duration(String key, Duration fallback) throws ConfigException {
            Optional<String> value = file.get(key);
            if (value.isEmpty()) {
                return fallback;
            }
            Matcher m = Pattern.compile("(\\d+)\\s*(ms|s|m|h)").matcher(value.get());
            try {
                if (m.matches()) {
                    long n = Long.parseLong(m.group(1));
                    return switch (m.group(2)) {
                        case "ms" -> Duration.ofMillis(n);
                        case "s" -> Duration.ofSeconds(n);
                        case "m" -> Duration.ofMinutes(n);
                        default -> Duration.ofHours(n);
                    };
                }
                return Duration.parse(value.get());
            } catch (DateTimeParseException | NumberFormatException e) {
                throw new ConfigException(file.where(key) + ": " + key + " must be a duration such as 500ms, 30s, 5m or PT30S");
            }
        }

        int integer(String key, int fallback, int min, int max) throws ConfigException {
            String value = file.get(key).orElse(Integer.toString(fallback));
            try {
                int n = Integer.parseInt(value);
                if (n < min || n > max) {
                    throw new NumberFormatException();
                }
                return n;
            } catch (NumberFormatException e) {
                throw new ConfigException(file.where(key) + ": " + key + " must be an integer from " + min + " to " + max);
            }
        }

        <E extends Enum<E>> E enumValue(String key, Class<E> type, E fallback) throws ConfigException {
            Optional<String> value = file.get(key);
            if (value.isEmpty()) {
                return fallback;
            }
            try {
                return Enum.valueOf(type, value.get().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(file.where(key) + ": " + key + " must be one of "
                        + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT));
            }
        }
    }
}
