/**
 * External routing tables (FIG. 12-14): routes from dialled numbers to gateways and IP-PBXs, grouped in tables
 * that accounts subscribe to, downloaded whole or as changes, and the dial patterns endpoints match numbers with.
 */
package io.peerswitch.wire.route;
