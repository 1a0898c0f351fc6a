/**
 * Maps each domain exception to an HTTP status and an RFC 9457 problem body, one mapper per exception
 * (STYLE.md 12: errors are data at the edge). Problem types are documented in docs/rest-api.md.
 */
package io.peerswitch.web.problem;
