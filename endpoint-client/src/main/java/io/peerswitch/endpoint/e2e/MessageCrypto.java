package io.peerswitch.endpoint.e2e;

import io.peerswitch.wire.identity.CertificateProblem;
import io.peerswitch.wire.identity.MessageKeyCredential;
import io.peerswitch.wire.sip.SipRequest;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * IM bodies end to end (docs/security.md, "Messages end to end"): sealed for the certified message keys of
 * the recipient's installations, opened with this installation's. The sealed content is a MIME entity, as
 * S/MIME has it (RFC 8551 section 3.1): a Content-Type header, a blank line, then the UTF-8 text. Thread-safe.
 */
public final class MessageCrypto {

    /**
     * The header field in which an endpoint shows its installation's message key credential in its signed presence
     * SUBSCRIBEs, so a buddy that logged in earlier, and so has no routing entry for it, learns the key too.
     */
    public static final String HEADER = "Peerswitch-Message-Key";

    /** The MIME entity's Content-Type: the only one accepted inside an envelope. */
    private static final String INNER_TYPE = "text/plain;charset=UTF-8";
    /** The Content-Type of a voicemail inside its envelope. */
    private static final String AUDIO_TYPE = "audio/wav";
    private static final byte[] INNER_HEADER = ("Content-Type: " + INNER_TYPE + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

    /** Longest MIME header read inside an envelope. */
    private static final int MAX_HEADER = 512;

    private final KeyPair ours;
    private final Clock clock;
    private volatile PublicKey authority;

    public MessageCrypto(KeyPair ours, Clock clock) {
        this.ours = ours;
        this.clock = clock;
    }

    /** This installation's message public key as the login sends it (base64 DER SubjectPublicKeyInfo). */
    public String publicKey() {
        return Base64.getEncoder().encodeToString(ours.getPublic().getEncoded());
    }

    /** Believes message key credentials signed by {@code key} (the user authority, from the login); null forgets it. */
    public void trust(PublicKey key) {
        authority = key;
    }

    /**
     * The message key that {@code credential} (base64url, from a routing entry) certifies for {@code userId}, if it
     * is genuine, unexpired and names that user.
     */
    public Optional<ECPublicKey> keyOf(String userId, String credential) {
        PublicKey trusted = authority;
        if (credential == null || trusted == null) {
            return Optional.empty();
        }
        try {
            MessageKeyCredential checked = MessageKeyCredential.verify(credential, trusted, clock.instant());
            return checked.userId().equalsIgnoreCase(userId) ? Optional.of(checked.key()) : Optional.empty();
        } catch (CertificateProblem e) {
            return Optional.empty();
        }
    }

    /**
     * The message key credential {@code request} shows in its {@link #HEADER}, if the authority certified it for
     * {@code userId}, the request's authenticated sender: anything else, a credential for another user included, is ignored.
     */
    public Optional<String> shown(String userId, SipRequest request) {
        return request.header(HEADER).map(String::strip).filter(credential -> keyOf(userId, credential).isPresent());
    }

    /** {@code text} sealed for {@code recipients}: the body of a MESSAGE with {@link Envelope#CONTENT_TYPE}. */
    public byte[] seal(String text, List<ECPublicKey> recipients) {
        return Envelope.seal(entity(INNER_HEADER, text.getBytes(StandardCharsets.UTF_8)), recipients);
    }

    /**
     * {@code text} from {@code from} to {@code to}, sealed for {@code recipients} to be left on the access server: the
     * entity names both users inside the envelope, so that whoever stores it cannot present it as from someone else
     * or for another recipient ({@link Opened.Text#matches}).
     */
    public byte[] sealStored(String text, String from, String to, List<ECPublicKey> recipients) {
        return Envelope.seal(entity(addressed(INNER_TYPE, from, to), text.getBytes(StandardCharsets.UTF_8)), recipients);
    }

    /**
     * A voicemail's WAV from {@code from} to {@code to}, sealed for {@code recipients}: what is left on the access server
     * and sent directly in pieces, the entity naming both users as a stored message's does.
     */
    public byte[] sealAudio(byte[] wav, String from, String to, List<ECPublicKey> recipients) {
        return Envelope.seal(entity(addressed(AUDIO_TYPE, from, to), wav), recipients);
    }

    /**
     * The WAV inside a voicemail's envelope of up to {@code maxBytes}, if it is sealed for this installation, is
     * {@code audio/wav} and names {@code sender} and {@code recipient} inside; otherwise why not. Never throws.
     */
    public Envelope.Opened openAudio(byte[] envelope, int maxBytes, String sender, String recipient) {
        Envelope.Opened opened = Envelope.open(envelope, ours, maxBytes);
        if (!(opened instanceof Envelope.Opened.Content(byte[] entity))) {
            return opened;
        }
        int end = headerEnd(entity);
        if (end < 0) {
            return new Envelope.Opened.Refused("no MIME header inside the envelope");
        }
        List<String> lines = new String(entity, 0, end, StandardCharsets.UTF_8).lines().toList();
        String type = field(lines, "Content-Type").map(v -> v.toLowerCase(Locale.ROOT)).orElse("no Content-Type");
        if (!type.equals(AUDIO_TYPE)) {
            return new Envelope.Opened.Refused("inside the envelope: " + type + ", not " + AUDIO_TYPE);
        }
        if (!names(field(lines, "From").orElse(null), field(lines, "To").orElse(null), sender, recipient)) {
            return new Envelope.Opened.Refused("the envelope names other users inside than " + sender + " to " + recipient);
        }
        return new Envelope.Opened.Content(Arrays.copyOfRange(entity, end + 4, entity.length));
    }

    /** Whether an entity's {@code From:}/{@code To:} ({@code from}, {@code to}) name {@code sender} and {@code recipient}. */
    private static boolean names(String from, String to, String sender, String recipient) {
        return from != null && to != null && from.equalsIgnoreCase(sender) && to.equalsIgnoreCase(recipient);
    }

    private static byte[] addressed(String type, String from, String to) {
        return ("Content-Type: " + type + "\r\nFrom: " + from + "\r\nTo: " + to + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The message keys that {@code credentials} (base64url, from the server's directory) certify for {@code userId},
     * each checked as {@link #keyOf} does; forged, expired or foreign ones are left out.
     */
    public List<ECPublicKey> keysOf(String userId, List<String> credentials) {
        return credentials.stream().map(c -> keyOf(userId, c)).flatMap(Optional::stream).distinct().toList();
    }

    private static byte[] entity(byte[] header, byte[] content) {
        byte[] entity = new byte[header.length + content.length];
        System.arraycopy(header, 0, entity, 0, header.length);
        System.arraycopy(content, 0, entity, header.length, content.length);
        return entity;
    }

    /** What opening a body found. */
    public sealed interface Opened {
        /**
         * The text, and the users the entity names inside the envelope when it was sealed to be stored
         * ({@link #sealStored}); null in a direct IM, whose signed SIP headers name them.
         */
        record Text(String text, String from, String to) implements Opened {

            /** Whether the entity names {@code sender} and {@code recipient}, as a stored message's must. */
            public boolean matches(String sender, String recipient) {
                return names(from, to, sender, recipient);
            }
        }

        /** Not for us, altered, or no text inside. */
        record Refused(String reason) implements Opened {
        }
    }

    /** Opens an enveloped body; never throws. */
    public Opened open(byte[] body) {
        return switch (Envelope.open(body, ours)) {
            case Envelope.Opened.Refused refused -> new Opened.Refused(refused.reason());
            case Envelope.Opened.Content(byte[] entity) -> text(entity);
        };
    }

    /** The text of a MIME entity: its Content-Type must be text/plain in UTF-8 (or name no charset). */
    private static Opened text(byte[] entity) {
        int end = headerEnd(entity);
        if (end < 0) {
            return new Opened.Refused("no MIME header inside the envelope");
        }
        List<String> lines = new String(entity, 0, end, StandardCharsets.UTF_8).lines().toList();
        Optional<String> type = field(lines, "Content-Type").map(v -> v.toLowerCase(Locale.ROOT).replace(" ", ""));
        if (type.isEmpty() || !(type.get().equals("text/plain") || type.get().equals("text/plain;charset=utf-8"))) {
            return new Opened.Refused("inside the envelope: " + type.orElse("no Content-Type") + ", not UTF-8 text");
        }
        int bodyStart = end + 4;
        try {
            return new Opened.Text(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(entity, bodyStart, entity.length - bodyStart)).toString(),
                    field(lines, "From").orElse(null), field(lines, "To").orElse(null));
        } catch (CharacterCodingException e) {
            return new Opened.Refused("the text inside the envelope is not UTF-8");
        }
    }

    /** Where the entity's header ends (its CRLF CRLF) within the first {@value #MAX_HEADER} bytes, or -1. */
    private static int headerEnd(byte[] entity) {
        for (int i = 0; i + 3 < Math.min(entity.length, MAX_HEADER); i++) {
            if (entity[i] == '\r' && entity[i + 1] == '\n' && entity[i + 2] == '\r' && entity[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static Optional<String> field(List<String> lines, String name) {
        return lines.stream().filter(line -> line.length() > name.length() && line.charAt(name.length()) == ':'
                        && line.regionMatches(true, 0, name, 0, name.length()))
                .map(line -> line.substring(name.length() + 1).strip()).findFirst();
    }
}
