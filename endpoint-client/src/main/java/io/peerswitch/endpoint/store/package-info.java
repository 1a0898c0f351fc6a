/**
 * Messages for buddies who are offline or unreachable (claims 15-18): left on the access server when
 * direct delivery fails, retrieved at the recipient's next login and then deleted there.
 */
package io.peerswitch.endpoint.store;
