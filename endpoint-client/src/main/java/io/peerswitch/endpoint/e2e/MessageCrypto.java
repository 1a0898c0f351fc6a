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
    private static final byte[] INNER_HEADER = ("Content-Type: " + INNER_TYPE + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

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
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        byte[] entity = new byte[INNER_HEADER.length + utf8.length];
        System.arraycopy(INNER_HEADER, 0, entity, 0, INNER_HEADER.length);
        System.arraycopy(utf8, 0, entity, INNER_HEADER.length, utf8.length);
        return Envelope.seal(entity, recipients);
    }

    /** What opening a body found. */
    public sealed interface Opened {
        /** The text. */
        record Text(String text) implements Opened {
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
        String head = new String(entity, 0, Math.min(entity.length, 512), StandardCharsets.ISO_8859_1);
        int end = head.indexOf("\r\n\r\n");
        if (end < 0) {
            return new Opened.Refused("no MIME header inside the envelope");
        }
        Optional<String> type = head.substring(0, end).lines()
                .filter(line -> line.regionMatches(true, 0, "Content-Type:", 0, 13))
                .map(line -> line.substring(13).strip().toLowerCase(Locale.ROOT).replace(" ", ""))
                .findFirst();
        if (type.isEmpty() || !(type.get().equals("text/plain") || type.get().equals("text/plain;charset=utf-8"))) {
            return new Opened.Refused("inside the envelope: " + type.orElse("no Content-Type") + ", not UTF-8 text");
        }
        try {
            return new Opened.Text(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(entity, end + 4, entity.length - end - 4)).toString());
        } catch (CharacterCodingException e) {
            return new Opened.Refused("the text inside the envelope is not UTF-8");
        }
    }
}
