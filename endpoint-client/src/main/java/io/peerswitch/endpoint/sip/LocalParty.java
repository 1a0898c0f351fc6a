package io.peerswitch.endpoint.sip;

import io.peerswitch.wire.nat.NatType;
import io.peerswitch.wire.nat.TransportAddress;
import java.net.InetSocketAddress;
import java.util.Locale;

/**
 * Who this endpoint is on SIP: its address of record {@code sip:user@domain} (From and To) and the
 * contact peers reach it at — its public address as STUN reported it (RFC 3261 section 8.1.1.8) — with,
 * as Contact parameters, its NAT type and the reflector it keeps its pinhole towards, so a peer that
 * did not have it in its routing table still knows how to answer it (table 2300).
 *
 * @param nat       the NAT type, or {@code null} before discovery
 * @param reflector the reflector (our STUN server), or {@code null} without one
 */
public record LocalParty(String userId, String displayName, String domain, InetSocketAddress contact, String transport,
                         NatType nat, InetSocketAddress reflector) {

    /** A party whose NAT is not known yet. */
    public LocalParty(String userId, String displayName, String domain, InetSocketAddress contact, String transport) {
        this(userId, displayName, domain, contact, transport, null, null);
    }

    /** {@code sip:user@domain}. */
    public String aor() {
        return "sip:" + userId + "@" + domain;
    }

    /**
     * The Contact header value: {@code <sip:user@ip:port>} (with {@code transport=tcp} over TCP), and
     * {@code ;ps-nat=...;ps-reflector="ip:port"} once the NAT is known.
     */
    public String contactHeader() {
        StringBuilder header = new StringBuilder("<").append(contactUri()).append('>');
        if (nat != null) {
            header.append(";ps-nat=").append(nat.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        if (reflector != null) {
            header.append(";ps-reflector=\"").append(TransportAddress.of(reflector)).append('"');
        }
        return header.toString();
    }

    /** The contact URI alone. */
    public String contactUri() {
        String host = contact.getAddress().getHostAddress();
        if (host.indexOf(':') >= 0) {
            host = "[" + host + "]";
        }
        return "sip:" + userId + "@" + host + ":" + contact.getPort() + ("TCP".equalsIgnoreCase(transport) ? ";transport=tcp" : "");
    }

    /** The From/To value with a display name when there is one. */
    public String nameAddr() {
        return displayName == null || displayName.isBlank() ? "<" + aor() + ">"
                : "\"" + displayName.replace("\\", "\\\\").replace("\"", "\\\"") + "\" <" + aor() + ">";
    }

    /**
     * A request outside any dialog from this party to {@code toUser} at {@code targetUri} (RFC 3261 section
     * 8.1.1): Max-Forwards, From with a new tag, To, a new Call-ID and CSeq 1; callers add the rest.
     */
    public io.peerswitch.wire.sip.SipRequest request(String method, String targetUri, String toUser) {
        return new io.peerswitch.wire.sip.SipRequest(method, targetUri, java.util.List.of(), new byte[0])
                .addHeader("Max-Forwards", "70")
                .addHeader("From", io.peerswitch.wire.sip.NameAddr.parse(nameAddr()).orElseThrow().withTag(Ids.tag()).toString())
                .addHeader("To", "<sip:" + toUser + "@" + domain + ">")
                .addHeader("Call-ID", Ids.callId(contact.getAddress().getHostAddress()))
                .addHeader("CSeq", "1 " + method);
    }

    /** This party at a new contact address (its NAT mapping changed). */
    public LocalParty withContact(InetSocketAddress newContact) {
        return new LocalParty(userId, displayName, domain, newContact, transport, nat, reflector);
    }

    /** This party behind {@code newNat}, reachable through {@code newReflector} (either may be null). */
    public LocalParty withTraversal(NatType newNat, InetSocketAddress newReflector) {
        return new LocalParty(userId, displayName, domain, contact, transport, newNat, newReflector);
    }
}
