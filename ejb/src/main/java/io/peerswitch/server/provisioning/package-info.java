/**
 * Enterprise provisioning: an administrator imports accounts with their buddy lists and subscriptions
 * in bulk from JSON or CSV, all or nothing, and exports them in the same formats.
 */
package io.peerswitch.server.provisioning;
