/** The routing table: how to reach each online location of each buddy directly (FIG. 4 step 404, FIG. 5 step 508). */
package io.peerswitch.wire.routing;
