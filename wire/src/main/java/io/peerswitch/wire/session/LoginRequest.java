package io.peerswitch.wire.session;

import io.peerswitch.wire.InvalidFieldException;
import io.peerswitch.wire.identity.Der;
import io.peerswitch.wire.identity.EcKeys;
import io.peerswitch.wire.Fields;
import io.peerswitch.wire.account.Passwords;
import io.peerswitch.wire.account.UserIds;
import io.peerswitch.wire.nat.NatType;
import io.peerswitch.wire.nat.TransportAddress;

/**
 * An endpoint authenticates and tells the server what STUN told it (FIG. 5 step 506): public and
 * private transport address of its SIP socket, NAT type, and which installation it is.
 *
 * @param expires   the session lifetime the endpoint asks for, in seconds; the server may grant less or more
 * @param reflector the STUN server and reflector the endpoint keeps its NAT pinhole open towards, through
 *                  which buddies can reach it when its NAT drops unsolicited packets (FIG. 24); optional
 * @param sessionKey the public key (base64 DER SubjectPublicKeyInfo, P-256) the endpoint made for this session;
 *                   the server certifies it in {@link SessionInfo#certificate()} (docs/security.md). Without it
 *                   the location gets no certificate, and no endpoint will believe it
 * @param messageKey the installation's long-term message key (base64 DER SubjectPublicKeyInfo, P-256), which IMs
 *                   to it are encrypted to; the server certifies it in the routing entries its buddies get
 *                   ({@link io.peerswitch.wire.identity.MessageKeyCredential}, docs/security.md); optional
 */
public record LoginRequest(String userId, String password, String instanceId, TransportAddress publicAddress,
                           TransportAddress privateAddress, NatType natType, Integer expires, String userAgent,
                           TransportAddress reflector, String sessionKey, String messageKey) {

    /** Longest User-Agent text kept. */
    public static final int MAX_USER_AGENT = 256;

    public LoginRequest {
        userId = UserIds.normalise(userId, "userId");
        password = Passwords.forLogin(password, "password");
        instanceId = InstanceIds.check(instanceId, "instanceId");
        Fields.required(publicAddress, "publicAddress");
        Fields.required(natType, "natType");
        if (expires != null) {
            Fields.range(expires, "expires", 1, Integer.MAX_VALUE);
        }
        userAgent = Fields.optionalText(userAgent, "userAgent", MAX_USER_AGENT);
        sessionKey = p256(sessionKey, "sessionKey");
        messageKey = p256(messageKey, "messageKey");
    }

    /** A login without a message key. */
    public LoginRequest(String userId, String password, String instanceId, TransportAddress publicAddress,
                        TransportAddress privateAddress, NatType natType, Integer expires, String userAgent,
                        TransportAddress reflector, String sessionKey) {
        this(userId, password, instanceId, publicAddress, privateAddress, natType, expires, userAgent, reflector, sessionKey, null);
    }

    /** An optional P-256 public key, base64 DER SubjectPublicKeyInfo. */
    private static String p256(String key, String field) {
        String checked = Der.optional(key, field);
        if (checked != null) {
            try {
                EcKeys.fromSpki(Der.decode(checked, field));
            } catch (IllegalArgumentException e) {
                throw new InvalidFieldException(field, "must be a P-256 public key (SubjectPublicKeyInfo)");
            }
        }
        return checked;
    }

    /** A login without a session key: the location gets no certificate. */
    public LoginRequest(String userId, String password, String instanceId, TransportAddress publicAddress,
                        TransportAddress privateAddress, NatType natType, Integer expires, String userAgent,
                        TransportAddress reflector) {
        this(userId, password, instanceId, publicAddress, privateAddress, natType, expires, userAgent, reflector, null, null);
    }

    @Override
    public String toString() {
        return "LoginRequest[userId=" + userId + ", instanceId=" + instanceId + ", publicAddress=" + publicAddress
                + ", privateAddress=" + privateAddress + ", natType=" + natType + ", expires=" + expires
                + ", userAgent=" + userAgent + ", reflector=" + reflector + ", sessionKey=" + (sessionKey != null) + ", messageKey=" + (messageKey != null) + ", password=***]";
    }
}
