/**
 * The access server's HTTPS face (FIG. 2a "web services"): JAX-RS resources that translate JSON to
 * calls on the EJBs of {@code io.peerswitch.server} and their answers or exceptions back to HTTP.
 */
package io.peerswitch.web;
