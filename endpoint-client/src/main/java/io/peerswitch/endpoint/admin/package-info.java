/** The operator's command line over the access server's administration API: trunks of the redirect server (FIG. 15), the audit trail. */
package io.peerswitch.endpoint.admin;
