/**
 * The endpoint's routing table (FIG. 3a step 304, FIG. 4 step 404): where each online buddy can be
 * reached, first from the access server at login, then from the buddies themselves.
 */
package io.peerswitch.endpoint.routing;
