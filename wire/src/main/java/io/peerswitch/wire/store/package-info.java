/** What the access server keeps for users who are offline or unreachable (store-and-forward, claims 15-18). */
package io.peerswitch.wire.store;
