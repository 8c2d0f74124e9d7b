package dev.chaoskv.toxiproxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The in-process API the runner uses: start, port, url, close; and loopback-only defaults. */
class ServerLifecycleTest {

    @Test
    void startReportsPortAndLoopbackUrlAndABusyPortFails() throws Exception {
        try (ToxiproxyServer server = ToxiproxyServer.start("127.0.0.1", 0)) {
            assertTrue(server.port() > 0);
            assertEquals("http://127.0.0.1:" + server.port(), server.url());
            assertTrue(new ToxiproxyClient("127.0.0.1", server.port()).version().contains("2.12.0"));
            assertThrows(IOException.class, () -> ToxiproxyServer.start("127.0.0.1", server.port()));
        }
    }

    @Test
    void aProxyWithoutListenBindsToLoopback() throws Exception {
        try (ToxiproxyServer server = ToxiproxyServer.start("127.0.0.1", 0)) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.url() + "/proxies"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"x\",\"upstream\":\"127.0.0.1:1\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, r.statusCode(), r.body());
            String listen = new ObjectMapper().readTree(r.body()).get("listen").asText();
            assertTrue(listen.startsWith("127.0.0.1:") && !listen.endsWith(":0"), listen);
        }
    }

    @Test
    void theStandaloneCommandDefaultsToLoopbackPort8474() {
        ToxiproxyCommand command = new ToxiproxyCommand();
        new CommandLine(command).parseArgs();
        assertEquals("127.0.0.1", command.host);
        assertEquals(java.util.OptionalInt.of(8474), command.port());
    }
}
