/**
 * Buddy relations between accounts: pending, accepted, blocked (FIG. 7-9). Only accepted buddies see
 * each other online and appear in each other's routing tables (FIG. 4: "previously agreed to communicate").
 */
package io.peerswitch.server.buddy;
