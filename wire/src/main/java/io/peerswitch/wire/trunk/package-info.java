/** JSON of the external SIP devices (IP-PBXs, gateways) that may use the redirect server (FIG. 15). */
package io.peerswitch.wire.trunk;
