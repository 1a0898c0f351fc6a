/**
 * Throttling of failed logins per account and per source address (OWASP ASVS V2.2.1): after too many
 * failures within a window every further attempt is refused with 429 until the window has passed.
 */
package io.peerswitch.server.throttle;
