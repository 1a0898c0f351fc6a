/** JSON of the audit trail of administrative changes. */
package io.peerswitch.wire.audit;
