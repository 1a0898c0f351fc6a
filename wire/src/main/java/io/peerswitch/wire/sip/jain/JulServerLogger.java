package io.peerswitch.wire.sip.jain;

import gov.nist.core.ServerLogger;
import gov.nist.javax.sip.message.SIPMessage;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sip.SipStack;

/** JAIN-SIP's message log over java.util.logging (logger {@code io.peerswitch.sip.wire}): whole messages at FINEST only. */
public final class JulServerLogger implements ServerLogger {

    private static final Logger LOG = Logger.getLogger("io.peerswitch.sip.wire");

    @Override
    public void closeLogFile() {
        // Nothing of ours is open.
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, boolean sender, long time) {
        log(message, from, to, sender);
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, String status, boolean sender, long time) {
        log(message, from, to, sender);
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, String status, boolean sender) {
        log(message, from, to, sender);
    }

    @Override
    public void logException(Exception ex) {
        LOG.log(Level.FINE, "JAIN-SIP", ex);
    }

    @Override
    public void setStackProperties(Properties properties) {
        // Nothing to read.
    }

    @Override
    public void setSipStack(SipStack sipStack) {
        // Not needed.
    }

    private static void log(SIPMessage message, String from, String to, boolean sender) {
        if (LOG.isLoggable(Level.FINEST)) {
            LOG.finest((sender ? "sent " : "received ") + from + " -> " + to + "\n" + message);
        }
    }
}
