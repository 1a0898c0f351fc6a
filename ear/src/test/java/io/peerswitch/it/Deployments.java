package io.peerswitch.it;

import java.io.File;
import java.nio.file.Path;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;

/** The EAR the build produced, as Arquillian deploys it, and where each test server keeps its files. */
final class Deployments {

    private Deployments() {
    }

    /** The very archive users deploy (ear/target/peerswitch.ear), not a test-made subset. */
    static EnterpriseArchive peerswitchEar() {
        File ear = new File(System.getProperty("peerswitch.it.ear"));
        return ShrinkWrap.create(ZipImporter.class, "peerswitch.ear").importFrom(ear).as(EnterpriseArchive.class);
    }

    /** The base directory (configuration, data, log) of the test server {@code name}. */
    static Path serverBase(String name) {
        return Path.of(System.getProperty("peerswitch.it.servers"), name);
    }

    /** The HTTPS port of the test server {@code name}. */
    static int httpsPort(String name) {
        return Integer.getInteger("it." + name + ".https");
    }

    /** The SIP port (UDP and TCP) of the test server {@code name}. */
    static int sipPort(String name) {
        return Integer.getInteger("it." + name + ".sip");
    }

    /** The redirect server's port (UDP and TCP) of the test server {@code name}. */
    static int redirectPort(String name) {
        return Integer.getInteger("it." + name + ".redirect");
    }

    /** The plain HTTP port of the test server {@code name}. */
    static int httpPort(String name) {
        return Integer.getInteger("it." + name + ".http");
    }
}
