package io.peerswitch.wire.sip.jain;

import gov.nist.core.StackLogger;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * JAIN-SIP's stack log over java.util.logging (logger {@code gov.nist.javax.sip}), so the RI needs no
 * log4j; its chatter is FINE and below, its errors WARNING.
 */
public final class JulStackLogger implements StackLogger {

    private static final Logger LOG = Logger.getLogger("gov.nist.javax.sip");

    @Override
    public void logStackTrace() {
        LOG.log(Level.FINEST, "stack trace", new Throwable());
    }

    @Override
    public void logStackTrace(int traceLevel) {
        logStackTrace();
    }

    @Override
    public int getLineCount() {
        return 0;
    }

    @Override
    public void logException(Throwable ex) {
        LOG.log(Level.FINE, "JAIN-SIP exception", ex);
    }

    @Override
    public void logDebug(String message) {
        LOG.finer(message);
    }

    @Override
    public void logDebug(String message, Exception ex) {
        LOG.log(Level.FINER, message, ex);
    }

    @Override
    public void logTrace(String message) {
        LOG.finest(message);
    }

    @Override
    public void logFatalError(String message) {
        LOG.severe(message);
    }

    @Override
    public void logError(String message) {
        LOG.warning(message);
    }

    @Override
    public boolean isLoggingEnabled() {
        return LOG.isLoggable(Level.FINE);
    }

    @Override
    public boolean isLoggingEnabled(int logLevel) {
        return switch (logLevel) {
            case TRACE_FATAL, TRACE_ERROR -> LOG.isLoggable(Level.WARNING);
            case TRACE_WARN -> LOG.isLoggable(Level.WARNING);
            case TRACE_INFO -> LOG.isLoggable(Level.INFO);
            case TRACE_DEBUG -> LOG.isLoggable(Level.FINER);
            default -> LOG.isLoggable(Level.FINEST);
        };
    }

    @Override
    public void logError(String message, Exception ex) {
        LOG.log(Level.WARNING, message, ex);
    }

    @Override
    public void logWarning(String message) {
        LOG.fine(message);
    }

    @Override
    public void logInfo(String message) {
        LOG.fine(message);
    }

    @Override
    public void disableLogging() {
        // Levels are java.util.logging's to set.
    }

    @Override
    public void enableLogging() {
        // Levels are java.util.logging's to set.
    }

    @Override
    public void setBuildTimeStamp(String buildTimeStamp) {
        LOG.finest(() -> "JAIN-SIP build " + buildTimeStamp);
    }

    @Override
    public void setStackProperties(Properties properties) {
        // Nothing to read: java.util.logging is configured as a whole.
    }

    @Override
    public String getLoggerName() {
        return LOG.getName();
    }
}
