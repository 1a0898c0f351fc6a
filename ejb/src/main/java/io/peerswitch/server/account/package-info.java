/**
 * Accounts: registration with user ID, password and e-mail (FIG. 4 step 402), Argon2id password
 * hashes (RFC 9106), authentication of logins and of administrators, and the user's own profile data.
 */
package io.peerswitch.server.account;
