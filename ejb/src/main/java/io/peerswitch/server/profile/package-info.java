/**
 * Assembles what an endpoint receives at login (FIG. 4 step 404, FIG. 5 step 508): the profile with
 * the buddy list and each buddy's status, and the routing table of every online location of every buddy.
 */
package io.peerswitch.server.profile;
