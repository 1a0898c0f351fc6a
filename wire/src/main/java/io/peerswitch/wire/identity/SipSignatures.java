package io.peerswitch.wire.identity;

import io.peerswitch.wire.sip.NameAddr;
import io.peerswitch.wire.sip.SipMessage;
import io.peerswitch.wire.sip.SipRequest;
import io.peerswitch.wire.sip.SipResponse;
import io.peerswitch.wire.sip.SipUri;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Signs and verifies SIP requests and responses between locations with the compact form of the RFC 8224
 * Identity header: {@code Identity: ..<ES256 signature>;info=<urn:peerswitch:credential:...>;alg=ES256;ppt=psw}.
 * The verifier rebuilds the PASSporT (RFC 8225) from the message: header
 * {@code {"alg":"ES256","ppt":"psw","typ":"passport","x5u":<info>}} and claims
 * {@code {"dest":{"uri":[To]},"iat":<Date>,"orig":{"uri":From},"psw":{"msg":<SignedFields digest>}}} in the
 * deterministic JSON of RFC 8225 section 9; the {@code psw} extension (docs/security.md) binds the signature
 * to the whole message, so responses and in-dialog requests are covered too, not only the caller's identity.
 * The signer is the From user of a request and the To user of a response, as its credential names; the access
 * server also answers as {@code NotificationChannel.SERVER_USER} subscriptions whose To is the subscriber's own
 * address of record (FIG. 6).
 */
public final class SipSignatures {

    /** The header field (RFC 8224 section 4). */
    public static final String HEADER = "Identity";
    /** URN prefix of the {@code info} URI that carries the signer's {@link LocationCredential}. */
    public static final String CREDENTIAL_URN = "urn:peerswitch:credential:";
    /** The PASSporT extension of this profile (RFC 8225 section 8.1). */
    public static final String PPT = "psw";
    /** How far a message's Date may be from the verifier's clock (RFC 8224 section 6.2.1 recommends 60 s). */
    public static final Duration FRESHNESS = Duration.ofSeconds(60);
    /** Longest Identity value accepted. */
    public static final int MAX_HEADER = 1024;
    /** The Date format of RFC 3261 section 20.17 (RFC 1123, always GMT). */
    public static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
            .withZone(ZoneOffset.UTC);

    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private SipSignatures() {
    }

    /** How a credential text becomes a checked credential (a cache may sit in front of {@link LocationCredential#verify}). */
    @FunctionalInterface
    public interface CredentialCheck {
        LocationCredential check(String text) throws CertificateProblem;
    }

    /** What {@link #verify} found. */
    public sealed interface Verdict {
        /** Signed by {@code credential}'s location, which is the message's From (request) or To (response) user. */
        record Verified(LocationCredential credential, String signature, Instant issuedAt) implements Verdict {
        }

        /** No Identity header: an outside device, or a forgery that does not even try (RFC 8224 section 6.2.2, 428). */
        record Missing() implements Verdict {
        }

        /** An Identity header that does not hold (RFC 8224 section 6.2.2, 438). */
        record Invalid(String reason) implements Verdict {
        }
    }

    /**
     * {@code message} with a Date (set to {@code now} when absent) and an Identity header signed with
     * {@code key}, whose credential is {@code credential}; an existing Identity header is replaced.
     */
    public static <M extends SipMessage> M sign(M message, PrivateKey key, LocationCredential credential, Instant now) {
        SipMessage dated = message.header("Date").isPresent() ? message : with(message, "Date", DATE.format(now));
        SipMessage unsigned = without(dated, HEADER);
        String info = CREDENTIAL_URN + credential.text();
        Instant issuedAt = issuedAt(unsigned).orElseThrow(() -> new IllegalArgumentException("unreadable Date"));
        byte[] signature = Signatures.sign(key, signingInput(unsigned, info, issuedAt), new byte[0]);
        @SuppressWarnings("unchecked")
        M signed = (M) add(unsigned, HEADER, ".." + B64URL.encodeToString(signature) + ";info=<" + info + ">;alg=ES256;ppt=" + PPT);
        return signed;
    }

    /** Checks {@code message}'s Identity header at {@code now}, the credential through {@code credentials}. */
    public static Verdict verify(SipMessage message, CredentialCheck credentials, Instant now) {
        List<String> values = message.headers(HEADER);
        if (values.isEmpty()) {
            return new Verdict.Missing();
        }
        if (values.size() > 1) {
            return new Verdict.Invalid("more than one Identity header");
        }
        String value = values.getFirst().strip();
        if (value.length() > MAX_HEADER || !value.startsWith("..")) {
            return new Verdict.Invalid("not a compact PASSporT");
        }
        String[] parts = value.split(";");
        String signatureText = parts[0].substring(2);
        String info = null;
        String alg = null;
        String ppt = null;
        for (int i = 1; i < parts.length; i++) {
            String[] pair = parts[i].strip().split("=", 2);
            if (pair.length != 2) {
                return new Verdict.Invalid("malformed Identity parameter");
            }
            switch (pair[0].strip().toLowerCase(Locale.ROOT)) {
                case "info" -> info = pair[1].strip();
                case "alg" -> alg = pair[1].strip();
                case "ppt" -> ppt = pair[1].strip();
                default -> { }
            }
        }
        if (!"ES256".equals(alg) || !PPT.equals(ppt) || info == null || !info.startsWith("<" + CREDENTIAL_URN) || !info.endsWith(">")) {
            return new Verdict.Invalid("not an ES256 psw PASSporT with a credential");
        }
        info = info.substring(1, info.length() - 1);
        byte[] signature;
        try {
            signature = Base64.getUrlDecoder().decode(signatureText);
        } catch (IllegalArgumentException e) {
            return new Verdict.Invalid("signature is not base64url");
        }
        SipMessage unsigned = without(message, HEADER);
        Optional<Instant> issuedAt = issuedAt(unsigned);
        if (issuedAt.isEmpty()) {
            return new Verdict.Invalid("no readable Date");
        }
        if (Duration.between(issuedAt.get(), now).abs().compareTo(FRESHNESS) > 0) {
            return new Verdict.Invalid("Date " + issuedAt.get() + " is more than " + FRESHNESS.toSeconds() + " s from now");
        }
        LocationCredential credential;
        try {
            credential = credentials.check(info.substring(CREDENTIAL_URN.length()));
        } catch (CertificateProblem e) {
            return new Verdict.Invalid(e.getMessage());
        }
        String signer = signerOf(message);
        boolean serverAnswering = message instanceof SipResponse
                && credential.userId().equals(io.peerswitch.wire.session.NotificationChannel.SERVER_USER);
        if (!credential.userId().equalsIgnoreCase(signer) && !serverAnswering) {
            return new Verdict.Invalid("signed by " + credential.userId() + " for " + signer);
        }
        byte[] input;
        try {
            input = signingInput(unsigned, info, issuedAt.get());
        } catch (RuntimeException malformed) {
            return new Verdict.Invalid("a covered field is malformed");
        }
        if (!Signatures.verify(credential.key(), input, new byte[0], signature)) {
            return new Verdict.Invalid("signature does not verify");
        }
        return new Verdict.Verified(credential, signatureText, issuedAt.get());
    }

    /** Who must have signed: the From user of a request, the To user of a response (lower-case). */
    public static String signerOf(SipMessage message) {
        NameAddr party = message instanceof SipRequest ? message.from() : message.to();
        return party.sipUri().map(SipUri::user).map(u -> u.toLowerCase(Locale.ROOT)).orElse("");
    }

    private static byte[] signingInput(SipMessage message, String info, Instant issuedAt) {
        String header = "{\"alg\":\"ES256\",\"ppt\":\"" + PPT + "\",\"typ\":\"passport\",\"x5u\":\"" + json(info) + "\"}";
        String claims = "{\"dest\":{\"uri\":[\"" + json(SignedFields.uri(message.to().uri())) + "\"]},\"iat\":"
                + issuedAt.getEpochSecond() + ",\"orig\":{\"uri\":\"" + json(SignedFields.uri(message.from().uri()))
                + "\"},\"" + PPT + "\":{\"msg\":\"" + B64URL.encodeToString(SignedFields.digest(message)) + "\"}}";
        return (B64URL.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + B64URL.encodeToString(claims.getBytes(StandardCharsets.UTF_8))).getBytes(StandardCharsets.US_ASCII);
    }

    private static Optional<Instant> issuedAt(SipMessage message) {
        try {
            return message.header("Date").map(d -> java.time.ZonedDateTime.parse(d.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String json(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static SipMessage with(SipMessage message, String name, String value) {
        return switch (message) {
            case SipRequest r -> r.withHeader(name, value);
            case SipResponse r -> r.withHeader(name, value);
        };
    }

    private static SipMessage add(SipMessage message, String name, String value) {
        return switch (message) {
            case SipRequest r -> r.addHeader(name, value);
            case SipResponse r -> r.addHeader(name, value);
        };
    }

    private static SipMessage without(SipMessage message, String name) {
        return switch (message) {
            case SipRequest r -> r.withoutHeader(name);
            case SipResponse r -> r.withoutHeader(name);
        };
    }
}
