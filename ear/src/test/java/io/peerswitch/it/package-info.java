/**
 * Integration tests of the access server: the real EAR on the provisioned WildFly (Arquillian,
 * managed container), driven over real HTTPS the way endpoints and administrators use it.
 */
package io.peerswitch.it;
