/** The endpoint's settings: one commented configuration file mapped to a typed record. */
package io.peerswitch.endpoint.config;
