/** The audit trail of administrative changes: who changed which trunk, route or subscription, and when. */
package io.peerswitch.server.audit;
