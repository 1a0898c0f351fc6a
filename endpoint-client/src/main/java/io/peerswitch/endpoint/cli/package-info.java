/**
 * The endpoint's user interface (FIG. 2b "GUI", FIG. 3a/3b steps 302, 324, 358-362): a command line
 * shell with completion and history, the same commands non-interactively and from script files,
 * and a transcript of what happens.
 */
package io.peerswitch.endpoint.cli;
