/** Reads and writes the JSON bodies of the API with the shared wire codec, within per-message size limits. */
package io.peerswitch.web.json;
