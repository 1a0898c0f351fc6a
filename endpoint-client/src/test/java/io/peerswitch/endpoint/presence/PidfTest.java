package io.peerswitch.endpoint.presence;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerswitch.wire.profile.PresenceStatus;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PidfTest {

    @Test
    void roundTripsEveryStatus() {
        for (PresenceStatus status : PresenceStatus.values()) {
            PresenceDocument doc = new PresenceDocument("sip:alice@example.com", true,
                    Optional.of("sip:alice@198.18.0.1:5060"), Optional.of("at <work> & \"busy\""), status);
            assertThat(Pidf.parse(Pidf.encode(doc))).isEqualTo(new Pidf.Parsed.Document(doc));
        }
    }

    @Test
    void readsAClosedDocumentWithoutStatus() {
        PresenceDocument closed = new PresenceDocument("sip:a@b", false, Optional.empty(), Optional.empty(), null);
        assertThat(Pidf.parse(Pidf.encode(closed))).isEqualTo(new Pidf.Parsed.Document(closed));
    }

    @Test
    void readsWhatBaresipSends() {
        String baresip = """
                <?xml version="1.0" encoding="UTF-8"?>
                <presence xmlns="urn:ietf:params:xml:ns:pidf"
                    xmlns:dm="urn:ietf:params:xml:ns:pidf:data-model"
                    xmlns:rpid="urn:ietf:params:xml:ns:pidf:rpid"
                    entity="sip:bob@example.com">
                <dm:person id="p4159"><rpid:activities><rpid:busy/></rpid:activities></dm:person>
                <tuple id="t4109"><status><basic>open</basic></status><contact>sip:bob@198.18.0.2:5060</contact></tuple>
                </presence>""";
        Pidf.Parsed parsed = Pidf.parse(baresip.getBytes(StandardCharsets.UTF_8));
        assertThat(parsed).isInstanceOfSatisfying(Pidf.Parsed.Document.class, d -> {
            assertThat(d.presence().open()).isTrue();
            assertThat(d.presence().status()).isEqualTo(PresenceStatus.BUSY);
            assertThat(d.presence().contact()).contains("sip:bob@198.18.0.2:5060");
        });
    }

    @Test
    void refusesExternalEntitiesAndGarbageWithoutThrowing() {
        String xxe = """
                <?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]>
                <presence xmlns="urn:ietf:params:xml:ns:pidf" entity="e"><note>&x;</note></presence>""";
        assertThat(Pidf.parse(xxe.getBytes(StandardCharsets.UTF_8))).isInstanceOf(Pidf.Parsed.Invalid.class);
        assertThat(Pidf.parse(new byte[0])).isInstanceOf(Pidf.Parsed.Invalid.class);
        assertThat(Pidf.parse("<presence/>".getBytes(StandardCharsets.UTF_8))).isInstanceOf(Pidf.Parsed.Invalid.class);
        assertThat(Pidf.parse(new byte[Pidf.MAX_BYTES + 1])).isInstanceOf(Pidf.Parsed.Invalid.class);
        Random random = new Random(7);
        byte[] valid = Pidf.encode(new PresenceDocument("sip:a@b", true, Optional.empty(), Optional.empty(), PresenceStatus.AWAY));
        for (int i = 0; i < 2000; i++) {
            byte[] mutated = valid.clone();
            mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
            assertThat(Pidf.parse(mutated)).isNotNull();
        }
    }
}
