/**
 * Out-of-network connectivity (FIG. 12-14): the external routing tables this endpoint's subscriptions allow,
 * kept current from the access server (whole or as changes), and the digit analysis that picks a gateway or
 * IP-PBX for a dialled number.
 */
package io.peerswitch.endpoint.external;
