package io.peerswitch.wire.sip;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** The RFC 4475 Appendix A messages, copied byte-exact to src/test/resources/rfc4475. */
final class TortureMessages {

    /** The methods, option tags, media types and schemes of our endpoint. */
    static final UasChecks.Capabilities ENDPOINT = new UasChecks.Capabilities(
            orderedSet("INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "MESSAGE", "SUBSCRIBE", "NOTIFY", "INFO", "UPDATE"),
            Set.of(),
            orderedSet("application/sdp", "text/plain", "application/pidf+xml", "message/sipfrag",
                    "application/simple-message-summary"),
            orderedSet("sip", "sips"));

    private TortureMessages() {
    }

    static Set<String> orderedSet(String... values) {
        return new LinkedHashSet<>(List.of(values));
    }

    /** The bytes of {@code rfc4475/<name>}, e.g. "wsinv.dat" or "extra/test.dat". */
    static byte[] bytes(String name) {
        try (InputStream in = TortureMessages.class.getResourceAsStream("/rfc4475/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no such torture message: " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The names of the 49 messages RFC 4475 section 3 describes (the .dat files at the top of rfc4475/). */
    static List<String> described() {
        try (Stream<Path> files = Files.list(Path.of(TortureMessages.class.getResource("/rfc4475/").toURI()))) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".dat")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** All 50 messages of the archive: the 49 described ones and extra/test.dat. */
    static List<String> all() {
        return Stream.concat(described().stream(), Stream.of("extra/test.dat")).toList();
    }

    static SipParseResult parse(String name) {
        byte[] bytes = bytes(name);
        return SipCodec.parse(bytes, 0, bytes.length);
    }

    static SipRequest parsedRequest(String name) {
        return (SipRequest) ((SipParseResult.Parsed) parse(name)).message();
    }
}
