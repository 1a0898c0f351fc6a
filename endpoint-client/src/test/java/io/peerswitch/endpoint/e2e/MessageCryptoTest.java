package io.peerswitch.endpoint.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerswitch.wire.identity.EcKeys;
import io.peerswitch.wire.identity.MessageKeyCredential;
import io.peerswitch.wire.sip.SipRequest;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which message keys an endpoint believes, and the text inside its envelopes (docs/security.md, "Messages end to end"). */
class MessageCryptoTest {

    private static final KeyPair AUTHORITY = EcKeys.generate();
    private static final KeyPair ALICE = EcKeys.generate();
    private final MessageCrypto bob = new MessageCrypto(EcKeys.generate(), Clock.systemUTC());

    private static String credential(KeyPair authority, String user, KeyPair key) {
        return MessageKeyCredential.issue(authority.getPrivate(), user, "desk", (ECPublicKey) key.getPublic(),
                Instant.now().plusSeconds(600)).text();
    }

    private static SipRequest subscribe(String credential) {
        return new SipRequest("SUBSCRIBE", "sip:bob@127.0.0.1:5060", List.of(), new byte[0]).addHeader("Event", "presence")
                .addHeader(MessageCrypto.HEADER, credential);
    }

    @Test
    void aShownKeyIsBelievedOnlyForTheUserTheAuthorityCertifiedItFor() {
        bob.trust(AUTHORITY.getPublic());
        String alices = credential(AUTHORITY, "alice", ALICE);

        assertThat(bob.shown("alice", subscribe(alices))).contains(alices);
        assertThat(bob.shown("mallory", subscribe(alices))).as("mallory shows alice's key as hers").isEmpty();
        assertThat(bob.shown("alice", subscribe(credential(EcKeys.generate(), "alice", EcKeys.generate()))))
                .as("certified by another authority").isEmpty();
        assertThat(bob.shown("alice", subscribe("not-a-credential"))).isEmpty();
        assertThat(bob.shown("alice", new SipRequest("SUBSCRIBE", "sip:bob@127.0.0.1", List.of(), new byte[0]))).isEmpty();
        bob.trust(null);
        assertThat(bob.shown("alice", subscribe(alices))).as("logged out: no authority").isEmpty();
    }

    @Test
    void theTextComesBackAndOnlyTextIsAccepted() {
        KeyPair mine = EcKeys.generate();
        MessageCrypto me = new MessageCrypto(mine, Clock.systemUTC());
        ECPublicKey key = (ECPublicKey) mine.getPublic();

        assertThat(me.open(me.seal("Grüße 😀", List.of(key)))).isEqualTo(new MessageCrypto.Opened.Text("Grüße 😀", null, null));
        byte[] html = Envelope.seal("Content-Type: text/html\r\n\r\n<b>hi</b>".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                List.of(key));
        assertThat(me.open(html)).isInstanceOf(MessageCrypto.Opened.Refused.class);
        byte[] noHeader = Envelope.seal("hi".getBytes(java.nio.charset.StandardCharsets.UTF_8), List.of(key));
        assertThat(me.open(noHeader)).isEqualTo(new MessageCrypto.Opened.Refused("no MIME header inside the envelope"));
        byte[] badUtf8 = Envelope.seal(new byte[] {'C', 'o', 'n', 't', 'e', 'n', 't', '-', 'T', 'y', 'p', 'e', ':', ' ', 't', 'e', 'x', 't',
                '/', 'p', 'l', 'a', 'i', 'n', '\r', '\n', '\r', '\n', (byte) 0xC3}, List.of(key));
        assertThat(me.open(badUtf8)).isEqualTo(new MessageCrypto.Opened.Refused("the text inside the envelope is not UTF-8"));
    }
}
