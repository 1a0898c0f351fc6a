package io.peerswitch.it.natlab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NAT behaviour discovery against real NATs (FIG. 5 steps 502-504, FIG. 22): the reflector's STUN server
 * on two addresses in the lab's internet, and behind each of the five NAT types of table 2300 an endpoint
 * that runs the RFC 5780 tests on its SIP socket and must name the NAT it is behind.
 */
class NatDiscoveryLabIT {

    @TempDir
    Path dir;

    @Test
    void anEndpointBehindEachNatTypeRecognisesIt() throws Exception {
        NatLab.assumeAvailable();
        List<NatLab.Nat> nats = List.of(NatLab.Nat.values());
        try (NatLab lab = NatLab.up("psdisc", nats, dir)) {
            lab.java("inet", "reflector", "io.peerswitch.reflector.ReflectorMain",
                    "--stun-bind", NatLab.STUN + ":3478", "--stun-alternate", NatLab.STUN_ALTERNATE + ":3479");
            awaitLog(lab, "reflector", "STUN server listening");
            List<Process> endpoints = new ArrayList<>();
            for (int i = 0; i < nats.size(); i++) {
                Path config = lab.file("e" + i + ".conf", """
                        user.id = lab%d
                        user.password = not used here
                        server.url = https://%s:8443/api/v1
                        sip.bind = %s:5060
                        stun.server = %s:3478
                        data.dir = %s
                        """.formatted(i, NatLab.SERVER, NatLab.hostAddress(i), NatLab.STUN, dir.resolve("data" + i)));
                endpoints.add(lab.java(NatLab.host(i), "endpoint-" + i, "io.peerswitch.endpoint.cli.EndpointMain",
                        "--config", config.toString(), "nat"));
            }
            for (int i = 0; i < nats.size(); i++) {
                int code = lab.run(endpoints.get(i), 60);
                String out = lab.log("endpoint-" + i);
                assertThat(code).as("endpoint behind %s:\n%s", nats.get(i), out).isZero();
                assertThat(out).as("endpoint behind %s", nats.get(i)).contains("NAT " + nats.get(i).type().name() + ",");
            }
        }
    }

    static void awaitLog(NatLab lab, String name, String text) throws Exception {
        long end = System.nanoTime() + 30_000_000_000L;
        while (!lab.log(name).contains(text)) {
            if (System.nanoTime() > end) {
                throw new AssertionError(name + " did not say '" + text + "':\n" + lab.log(name));
            }
            Thread.sleep(50);
        }
    }
}
