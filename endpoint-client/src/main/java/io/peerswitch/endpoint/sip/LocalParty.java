package io.peerswitch.endpoint.sip;

import java.net.InetSocketAddress;

/**
 * Who this endpoint is on SIP: its address of record {@code sip:user@domain} (From and To) and the
 * contact peers reach it at — its public address as STUN reported it (RFC 3261 section 8.1.1.8).
 */
public record LocalParty(String userId, String displayName, String domain, InetSocketAddress contact, String transport) {

    /** {@code sip:user@domain}. */
    public String aor() {
        return "sip:" + userId + "@" + domain;
    }

    /** The Contact header value: {@code <sip:user@ip:port>} (with {@code transport=tcp} over TCP). */
    public String contactHeader() {
        return "<" + contactUri() + ">";
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

    /** This party at a new contact address (its NAT mapping changed). */
    public LocalParty withContact(InetSocketAddress newContact) {
        return new LocalParty(userId, displayName, domain, newContact, transport);
    }
}
