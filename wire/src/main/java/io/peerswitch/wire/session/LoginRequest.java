package io.peerswitch.wire.session;

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
 */
public record LoginRequest(String userId, String password, String instanceId, TransportAddress publicAddress,
                           TransportAddress privateAddress, NatType natType, Integer expires, String userAgent,
                           TransportAddress reflector, String sessionKey) {

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
        sessionKey = io.peerswitch.wire.identity.Der.optional(sessionKey, "sessionKey");
        if (sessionKey != null) {
            try {
                io.peerswitch.wire.identity.EcKeys.fromSpki(io.peerswitch.wire.identity.Der.decode(sessionKey, "sessionKey"));
            } catch (IllegalArgumentException e) {
                throw new io.peerswitch.wire.InvalidFieldException("sessionKey", "must be a P-256 public key (SubjectPublicKeyInfo)");
            }
        }
    }

    /** A login without a session key: the location gets no certificate. */
    public LoginRequest(String userId, String password, String instanceId, TransportAddress publicAddress,
                        TransportAddress privateAddress, NatType natType, Integer expires, String userAgent,
                        TransportAddress reflector) {
        this(userId, password, instanceId, publicAddress, privateAddress, natType, expires, userAgent, reflector, null);
    }

    @Override
    public String toString() {
        return "LoginRequest[userId=" + userId + ", instanceId=" + instanceId + ", publicAddress=" + publicAddress
                + ", privateAddress=" + privateAddress + ", natType=" + natType + ", expires=" + expires
                + ", userAgent=" + userAgent + ", reflector=" + reflector + ", sessionKey=" + (sessionKey != null) + ", password=***]";
    }
}
