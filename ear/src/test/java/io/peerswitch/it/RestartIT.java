package io.peerswitch.it;

import static io.peerswitch.it.ApiClient.basic;
import static io.peerswitch.it.ApiClient.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerswitch.it.ApiClient.Reply;
import io.peerswitch.wire.nat.NatType;
import io.peerswitch.wire.nat.TransportAddress;
import io.peerswitch.wire.provisioning.ProvisionedAccount;
import io.peerswitch.wire.provisioning.ProvisionedBuddy;
import io.peerswitch.wire.provisioning.ProvisioningFile;
import io.peerswitch.wire.routing.RoutingEntry;
import io.peerswitch.wire.session.LoginRequest;
import io.peerswitch.wire.session.LoginResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.List;
import org.jboss.arquillian.container.test.api.ContainerController;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What must survive a restart survives it: accounts, buddy lists, the administrator's generated
 * password and the TLS certificate live in the H2 file database and the data directory; sessions do
 * not, because the session table is memory only. A server of its own, started and stopped by the test.
 */
@ExtendWith(ArquillianExtension.class)
class RestartIT {

    private static final String CONTAINER = "restart";
    private static final String DEPLOYMENT = "restart-ear";
    private static final String PASSWORD = "survives restarts";

    @ArquillianResource
    private ContainerController controller;

    @ArquillianResource
    private Deployer deployer;

    @Deployment(name = DEPLOYMENT, managed = false, testable = false)
    @TargetsContainer(CONTAINER)
    static EnterpriseArchive ear() {
        return Deployments.peerswitchEar();
    }

    private static LoginRequest login(String user, String instance) {
        return new LoginRequest(user, PASSWORD, instance, new TransportAddress("198.18.40.1", 4000), null,
                NatType.FULL_CONE, null, null, null);
    }

    @Test
    void accountsBuddiesAndCertificateSurviveARestartSessionsDoNot() throws Exception {
        Path base = Deployments.serverBase(CONTAINER);
        int port = Deployments.httpsPort(CONTAINER);
        controller.start(CONTAINER);
        try {
            deployer.deploy(DEPLOYMENT);

            Path passwordFile = base.resolve("data/peerswitch/admin-password");
            assertThat(Files.getPosixFilePermissions(passwordFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            String adminPassword = Files.readString(passwordFile).strip();
            X509Certificate certificate = ApiClient.firstUse(port, base.resolve("data/peerswitch-tls.p12"));
            ApiClient api = ApiClient.trusting(port, certificate, null);

            Reply imported = api.post("admin/accounts/import", new ProvisioningFile(List.of(
                    new ProvisionedAccount("rs.alice", "rs.alice@example.com", null, PASSWORD, null, null, null, null,
                            List.of(), List.of(new ProvisionedBuddy("rs.bob", null))),
                    new ProvisionedAccount("rs.bob", "rs.bob@example.com", null, PASSWORD, null, null, null, null,
                            List.of(), List.of()))), basic("admin", adminPassword));
            assertThat(imported.status()).as(imported.text()).isEqualTo(200);
            LoginResponse before = api.post("sessions", login("rs.alice", "a1")).as(LoginResponse.class);

            controller.stop(CONTAINER);
            controller.start(CONTAINER);

            assertThat(Files.readString(passwordFile).strip()).as("no second administrator password").isEqualTo(adminPassword);
            assertThat(ApiClient.firstUse(port, base.resolve("data/peerswitch-tls.p12"))).isEqualTo(certificate);
            assertThat(api.get("profile", bearer(before.session().token())).status())
                    .as("sessions live in memory and end with the server").isEqualTo(401);

            Reply bob = api.post("sessions", login("rs.bob", "b1"));
            assertThat(bob.status()).as(bob.text()).isEqualTo(201);
            LoginResponse alice = api.post("sessions", login("rs.alice", "a1")).as(LoginResponse.class);
            assertThat(alice.routingTable()).extracting(RoutingEntry::userId).containsExactly("rs.bob");
            assertThat(api.get("admin/metrics", basic("admin", adminPassword)).status()).isEqualTo(200);
        } finally {
            deployer.undeploy(DEPLOYMENT);
            controller.stop(CONTAINER);
        }
    }
}
