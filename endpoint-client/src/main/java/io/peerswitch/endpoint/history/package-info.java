/** The endpoint's own record of instant messages (and later calls): an embedded database on the endpoint, searchable. */
package io.peerswitch.endpoint.history;
