package io.peerswitch.endpoint.e2e;

import io.peerswitch.wire.identity.EcKeys;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.interfaces.ECPublicKey;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSAuthEnvelopedData;
import org.bouncycastle.cms.CMSAuthEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.KeyAgreeRecipientId;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyAgreeEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyAgreeRecipientInfoGenerator;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OutputAEADEncryptor;

/**
 * The envelope an IM body travels in (RFC 8551 section 3.4, RFC 3261 section 23.4): CMS AuthEnvelopedData
 * (RFC 5083) with AES-128-GCM (RFC 5084), its content key wrapped for each recipient by ephemeral-static
 * ECDH on P-256 with the X9.63 SHA-256 KDF and AES key wrap (RFC 5753 section 3.1), the recipient named by
 * the key identifier {@link #keyId}. Pure functions; {@link #open} never throws on any input.
 */
public final class Envelope {

    /** The Content-Type of an enveloped body (RFC 8551 section 3.2.2). */
    public static final String CONTENT_TYPE = "application/pkcs7-mime;smime-type=authEnveloped-data;name=smime.p7m";
    /** Longest envelope read: a message the access server keeps (16,384 characters) sealed for 8 installations fits. */
    public static final int MAX_BYTES = 96 * 1024;
    /** Bouncy Castle's provider, not registered: it alone has the X9.63 KDF that RFC 5753 ECDH needs. */
    private static final Provider PROVIDER = new BouncyCastleProvider();

    private Envelope() {
    }

    /**
     * The recipient identifier of {@code key} (RFC 5652 section 6.2.2 rKeyId): the first 20 bytes of SHA-256 over
     * its SubjectPublicKeyInfo.
     */
    public static byte[] keyId(ECPublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            byte[] id = new byte[20];
            System.arraycopy(digest, 0, id, 0, id.length);
            return id;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code content} sealed for every key of {@code recipients} (at least one). */
    public static byte[] seal(byte[] content, List<ECPublicKey> recipients) {
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("an envelope needs a recipient");
        }
        try {
            KeyPair ephemeral = EcKeys.generate();
            JceKeyAgreeRecipientInfoGenerator wrap = new JceKeyAgreeRecipientInfoGenerator(CMSAlgorithm.ECDH_SHA256KDF,
                    ephemeral.getPrivate(), ephemeral.getPublic(), CMSAlgorithm.AES128_WRAP);
            wrap.setProvider(PROVIDER);
            for (ECPublicKey recipient : recipients) {
                wrap.addRecipient(keyId(recipient), recipient);
            }
            CMSAuthEnvelopedDataGenerator generator = new CMSAuthEnvelopedDataGenerator();
            generator.addRecipientInfoGenerator(wrap);
            OutputAEADEncryptor encryptor = (OutputAEADEncryptor) new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES128_GCM)
                    .setProvider(PROVIDER).build();
            return generator.generate(new CMSProcessableByteArray(content), encryptor).getEncoded();
        } catch (CMSException | IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal an envelope: " + e.getMessage(), e);
        }
    }

    /** What opening an envelope found. */
    public sealed interface Opened {
        /** The content, authenticated by its GCM tag. */
        record Content(byte[] bytes) implements Opened {
        }

        /** Not for our key, altered, or not an envelope: {@code reason} says which. */
        record Refused(String reason) implements Opened {
        }
    }

    /** Opens {@code envelope} of up to {@link #MAX_BYTES} with {@code ours}; never throws. */
    public static Opened open(byte[] envelope, KeyPair ours) {
        return open(envelope, ours, MAX_BYTES);
    }

    /** Opens {@code envelope} of up to {@code maxBytes} (a voicemail's may be megabytes) with {@code ours}; never throws. */
    public static Opened open(byte[] envelope, KeyPair ours, int maxBytes) {
        if (envelope.length == 0 || envelope.length > maxBytes) {
            return new Opened.Refused("an envelope of " + envelope.length + " bytes");
        }
        try {
            CMSAuthEnvelopedData data = new CMSAuthEnvelopedData(envelope);
            RecipientInformation mine = data.getRecipientInfos()
                    .get(new KeyAgreeRecipientId(keyId((ECPublicKey) ours.getPublic())));
            if (mine == null) {
                return new Opened.Refused("not sealed for this installation's message key");
            }
            return new Opened.Content(mine.getContent(new JceKeyAgreeEnvelopedRecipient(ours.getPrivate()).setProvider(PROVIDER)));
        } catch (CMSException e) {
            return new Opened.Refused("cannot be opened: " + e.getMessage());
        } catch (RuntimeException e) {
            // Bouncy Castle's ASN.1 parser answers some garbage with unchecked exceptions.
            return new Opened.Refused("not a CMS envelope (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** {@link Opened.Content}'s bytes, if it is one. */
    public static Optional<byte[]> content(Opened opened) {
        return opened instanceof Opened.Content(byte[] bytes) ? Optional.of(bytes) : Optional.empty();
    }
}
