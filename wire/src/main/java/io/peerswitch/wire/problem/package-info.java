/** Error answers of the HTTP API as RFC 9457 problem details. */
package io.peerswitch.wire.problem;
