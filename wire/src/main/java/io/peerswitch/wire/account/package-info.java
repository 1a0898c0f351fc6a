/** Registration of a user with user ID, password and e-mail address (FIG. 4 step 402). */
package io.peerswitch.wire.account;
