/** Counters of the access server for operators and benchmarks: logins, failures, throttling, password-hash cost, sessions. */
package io.peerswitch.server.metrics;
