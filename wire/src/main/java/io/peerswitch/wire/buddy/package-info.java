/** Buddy list operations (FIG. 7-9): requests and their answers, delete, block, unblock, and the direct notices between endpoints. */
package io.peerswitch.wire.buddy;
