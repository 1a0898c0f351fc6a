/** The access server's notices to endpoints over its SIP channel (FIG. 6), as JSON NOTIFY bodies. */
package io.peerswitch.wire.notice;
