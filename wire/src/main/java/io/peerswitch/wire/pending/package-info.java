/** Items the access server holds for a user who was offline: buddy requests, voicemails, messages (FIG. 8, 11). */
package io.peerswitch.wire.pending;
