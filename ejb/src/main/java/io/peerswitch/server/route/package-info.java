/**
 * External routing tables (FIG. 12-14): routes to gateways and IP-PBXs grouped by the subscription plan that
 * grants them, numbered changes so endpoints fetch only what changed, administration audited.
 */
package io.peerswitch.server.route;
