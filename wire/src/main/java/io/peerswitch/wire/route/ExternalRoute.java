package io.peerswitch.wire.route;

import io.peerswitch.wire.Fields;
import io.peerswitch.wire.InvalidFieldException;
import io.peerswitch.wire.sip.SipUri;

/**
 * One route of an external routing table (FIG. 12-14): numbers matching {@code pattern} go to {@code gateway}
 * (a gateway or IP-PBX SIP URI) after removing {@code strip} leading characters and putting {@code prefix}
 * in front; the endpoint authenticates with {@code username}/{@code password} when the gateway challenges
 * (RFC 3261 section 22). Lower {@code priority} wins between equally specific patterns.
 *
 * @param id    the route's number, stable across changes
 * @param table the routing table, which is the subscription plan that grants it (e.g. {@code pstn-calling})
 */
public record ExternalRoute(long id, String table, String pattern, int priority, String gateway, String username,
                            String password, int strip, String prefix, String description) {

    /** Syntax of a table name, which is a subscription plan: lower-case words joined by '-' or '.'. */
    public static final java.util.regex.Pattern TABLE_SYNTAX = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9.-]{0,63}");

    public ExternalRoute {
        table = Fields.text(table, "table", 64);
        if (!TABLE_SYNTAX.matcher(table).matches()) {
            throw new InvalidFieldException("table", "must be a plan name: lower-case letters, digits, '.' or '-'");
        }
        DialPattern.parse(pattern, "pattern");
        Fields.range(priority, "priority", 0, 1_000_000);
        gateway = Fields.text(gateway, "gateway", 256);
        if (SipUri.parse(gateway).isEmpty()) {
            throw new InvalidFieldException("gateway", "must be a sip: or sips: URI, e.g. sip:gw.example.com:5060");
        }
        username = Fields.optionalText(username, "username", 128);
        password = Fields.optionalText(password, "password", 128);
        if (password != null && username == null) {
            throw new InvalidFieldException("username", "is required with a password");
        }
        Fields.range(strip, "strip", 0, DialPattern.MAX_NUMBER);
        prefix = prefix == null ? "" : prefix;
        if (prefix.length() > 16 || !prefix.chars().allMatch(c -> DialPattern.isDialChar((char) c))) {
            throw new InvalidFieldException("prefix", "must be up to 16 digits, *, # or +");
        }
        description = Fields.optionalText(description, "description", 256);
    }

    /** The parsed pattern. */
    public DialPattern dialPattern() {
        return DialPattern.parse(pattern, "pattern");
    }

    /** The number to send to the gateway for {@code dialled}: strip, then prefix. */
    public String translate(String dialled) {
        return prefix + dialled.substring(Math.min(strip, dialled.length()));
    }

    @Override
    public String toString() {
        return "ExternalRoute[" + id + " " + table + " " + pattern + " -> " + gateway + ", priority=" + priority
                + ", strip=" + strip + ", prefix=" + prefix + ", credentials=" + (username == null ? "none" : username + "/***") + "]";
    }
}
