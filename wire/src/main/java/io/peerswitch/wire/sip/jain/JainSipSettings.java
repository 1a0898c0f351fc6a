package io.peerswitch.wire.sip.jain;

import io.peerswitch.wire.sip.SipCodec;
import java.util.Properties;

/**
 * The JAIN-SIP RI settings the endpoint's and the server's stacks share: no automatic dialogs (our code
 * keeps dialog state, RFC 3261 section 12), logs to java.util.logging, a reentrant listener on a small
 * thread pool, and our codec's message size limit.
 */
public final class JainSipSettings {

    private JainSipSettings() {
    }

    /** The shared properties of a stack named {@code stackName}; callers add what is theirs. */
    public static Properties base(String stackName) {
        Properties p = new Properties();
        p.setProperty("javax.sip.STACK_NAME", stackName);
        p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "off");
        p.setProperty("gov.nist.javax.sip.STACK_LOGGER", JulStackLogger.class.getName());
        p.setProperty("gov.nist.javax.sip.SERVER_LOGGER", JulServerLogger.class.getName());
        p.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", "8");
        p.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
        p.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", Integer.toString(SipCodec.MAX_MESSAGE_BYTES));
        p.setProperty("gov.nist.javax.sip.CACHE_CLIENT_CONNECTIONS", "true");
        p.setProperty("gov.nist.javax.sip.LOG_MESSAGE_CONTENT", "false");
        p.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "0");
        return p;
    }
}
