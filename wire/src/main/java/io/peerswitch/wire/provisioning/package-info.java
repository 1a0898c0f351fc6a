/**
 * The bulk provisioning format (JSON; the server also reads and writes the same records as CSV): the
 * accounts of an enterprise with their buddy lists and subscriptions, imported and exported by an administrator.
 */
package io.peerswitch.wire.provisioning;
