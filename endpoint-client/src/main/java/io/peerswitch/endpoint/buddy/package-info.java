/**
 * Buddy list operations (FIG. 7-9): a request, its grant or denial, a deletion, a block and an unblock —
 * each first recorded by the access server, then told directly to the other user's endpoint in real time
 * as a SIP MESSAGE carrying a {@code BuddyNotice}.
 */
package io.peerswitch.endpoint.buddy;
