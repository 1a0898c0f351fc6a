package io.peerswitch.it.natlab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * The access server inside a NAT lab: the WildFly this build provisioned, started in the lab's internet
 * namespace on {@link NatLab#SERVER}, with the EAR of this build and the lab's reflector key file, in a
 * base directory of its own. {@code bin/natlab down} stops it with the lab.
 */
final class LabAccessServer {

    static final String ADMIN_PASSWORD = "natlab-admin-password";
    static final int HTTPS_PORT = 8443;

    private LabAccessServer() {
    }

    /** Starts WildFly with the EAR and waits until the deployment is up (at most three minutes). */
    static void start(NatLab lab, Path workDir, Path reflectorKeys) throws Exception {
        Path wildfly = Path.of(System.getProperty("peerswitch.it.wildfly.home"));
        Path ear = Path.of(System.getProperty("peerswitch.it.ear"));
        Path base = workDir.resolve("server");
        Path configuration = Files.createDirectories(base.resolve("configuration"));
        Path deployments = Files.createDirectories(base.resolve("deployments"));
        try (Stream<Path> files = Files.list(wildfly.resolve("standalone/configuration"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, configuration.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.copy(ear, deployments.resolve("peerswitch.ear"), StandardCopyOption.REPLACE_EXISTING);
        String javaHome = Path.of(ProcessHandle.current().info().command().orElseThrow()).getParent().getParent().toString();
        lab.command("inet", "server", List.of("env", "JAVA_HOME=" + javaHome, "JBOSS_HOME=" + wildfly,
                wildfly.resolve("bin/standalone.sh").toString(),
                "-Djboss.server.base.dir=" + base,
                "-Djboss.bind.address=" + NatLab.SERVER,
                "-Djboss.bind.address.management=127.0.0.1",
                "-Dpeerswitch.node.id=natlab",
                "-Dpeerswitch.admin.initial-password=" + ADMIN_PASSWORD,
                "-Dpeerswitch.reflector.key-file=" + reflectorKeys,
                "-Dpeerswitch.tls.hostname=" + NatLab.SERVER));
        Path deployed = deployments.resolve("peerswitch.ear.deployed");
        Path failed = deployments.resolve("peerswitch.ear.failed");
        long end = System.nanoTime() + 180_000_000_000L;
        while (!Files.exists(deployed)) {
            if (Files.exists(failed)) {
                throw new IOException("the EAR did not deploy in the lab: " + Files.readString(failed, StandardCharsets.UTF_8));
            }
            if (System.nanoTime() > end) {
                throw new IOException("the lab's access server did not deploy within 180 s:\n" + lab.log("server"));
            }
            Thread.sleep(200);
        }
    }

    /** Imports accounts (a provisioning file, JSON) through the admin API, from inside the lab. */
    static void provision(NatLab lab, Path json) throws Exception {
        Process curl = lab.command("inet", "provision", List.of("curl", "-sS", "-k", "--fail-with-body",
                "-u", "admin:" + ADMIN_PASSWORD, "-H", "Content-Type: application/json", "--data-binary", "@" + json,
                "https://" + NatLab.SERVER + ":" + HTTPS_PORT + "/api/v1/admin/accounts/import"));
        if (lab.run(curl, 120) != 0) {
            throw new IOException("provisioning the lab's accounts failed: " + lab.log("provision"));
        }
    }
}
