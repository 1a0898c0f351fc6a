/** The profile the access server hands an endpoint at login: the user's own data and the buddy list with status (FIG. 4 step 404). */
package io.peerswitch.wire.profile;
