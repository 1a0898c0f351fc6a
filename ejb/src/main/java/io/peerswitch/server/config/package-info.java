/** The access server's settings as one typed record, and the clock every service reads time from. */
package io.peerswitch.server.config;
