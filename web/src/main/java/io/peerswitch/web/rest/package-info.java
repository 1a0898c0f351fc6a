/** The JAX-RS resources of {@code /api/v1}; each method is one call on an EJB. */
package io.peerswitch.web.rest;
