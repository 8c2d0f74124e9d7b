package dev.chaoskv.kvnode.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * {@code <data-dir>/cluster-id}: the cluster this data directory belongs to, fixed at its first
 * start. Two text lines, the id and {@code crc32c <8 hex digits>} of it, so a damaged file is
 * refused rather than read as another cluster's id.
 */
final class ClusterIdFile {
    static final String FILE_NAME = "cluster-id";

    private ClusterIdFile() {
    }

    /**
     * The node's cluster id: the one in the data directory, which {@code --cluster-id} (null
     * when not given) must match; on a first start the flag's, or the default, which is then
     * written.
     */
    static String resolve(Path dataDir, String flag, NodeLog log) throws IOException {
        Path file = dataDir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            String id = flag != null ? flag : NodeConfig.PeerAuth.DEFAULT_CLUSTER_ID;
            try {
                DurableFile.replace(file, encode(id));
            } catch (IOException e) {
                throw StartRefusedException.cannot("write", file, e);
            }
            log.info("[node] this data directory now belongs to cluster '" + id + "' (" + file + ")");
            return id;
        }
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (IOException e) {
            throw StartRefusedException.cannot("read", file, e);
        }
        String stored = decode(file, raw);
        if (flag != null && !flag.equals(stored)) {
            throw new StartRefusedException(file, "this data directory belongs to cluster '" + stored + "', not '" + flag
                    + "' (--cluster-id); a node cannot move to another cluster");
        }
        return stored;
    }

    static byte[] encode(String id) {
        return (id + "\ncrc32c " + crc(id) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String decode(Path file, byte[] raw) throws StartRefusedException {
        String[] lines = new String(raw, StandardCharsets.UTF_8).split("\n", -1);
        if (lines.length != 3 || !lines[2].isEmpty() || !lines[1].startsWith("crc32c ")) {
            throw new StartRefusedException(file, "damaged (" + raw.length + " bytes; expected the cluster id and a 'crc32c' line)");
        }
        String id = lines[0];
        if (!lines[1].substring("crc32c ".length()).equals(crc(id))) throw new StartRefusedException(file, "checksum mismatch");
        try {
            new NodeConfig.PeerAuth(id, null);
        } catch (IllegalArgumentException e) {
            throw new StartRefusedException(file, "damaged: '" + id + "' is not a cluster id");
        }
        return id;
    }

    private static String crc(String id) {
        CRC32C c = new CRC32C();
        c.update(id.getBytes(StandardCharsets.UTF_8));
        return String.format("%08x", c.getValue());
    }
}
