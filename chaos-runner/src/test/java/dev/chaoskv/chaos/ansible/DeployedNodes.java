package dev.chaoskv.chaos.ansible;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chaoskv.client.KvClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The nodes a playbook deployed, seen by a client: each node's STATUS, its leader, its state digest. */
final class DeployedNodes {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, InetSocketAddress> clientAddresses;

    /** @param clientAddresses node id → the address its clients dial, in a stable order */
    DeployedNodes(Map<String, InetSocketAddress> clientAddresses) {
        this.clientAddresses = clientAddresses;
    }

    KvClient client(String id) {
        return new KvClient(clientAddresses.get(id));
    }

    /** The node's STATUS, or null while it does not answer. */
    JsonNode status(String id) {
        try (KvClient c = client(id)) {
            return JSON.readTree(c.status());
        } catch (IOException e) { // KvClientException included
            return null;
        }
    }

    String awaitLeader(Duration within) throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < end) {
            for (String id : clientAddresses.keySet()) {
                JsonNode s = status(id);
                if (s != null && "leader".equals(s.path("role").asText())) return id;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no leader elected among the deployed nodes within " + within.toSeconds() + " s");
    }

    /** Waits until every node has applied the same LSN with the same state digest. */
    void awaitSameDigest(Duration within) throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        List<String> last = new ArrayList<>();
        while (System.nanoTime() < end) {
            last.clear();
            for (String id : clientAddresses.keySet()) {
                JsonNode s = status(id);
                last.add(s == null ? id + ": down" : id + ": applied " + s.path("appliedLsn").asLong() + " digest " + s.path("digest").asText());
            }
            if (last.stream().map(l -> l.substring(l.indexOf(':'))).distinct().count() == 1 && !last.get(0).endsWith("down")) return;
            Thread.sleep(50);
        }
        throw new AssertionError("nodes did not converge within " + within.toSeconds() + " s: " + last);
    }
}
