package dev.chaoskv.client.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chaoskv.client.protocol.Response;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Prints kvnode's answers for bin/kv and picks the exit code: values in the chosen
 * {@link DataFormat} on stdout, failures as one line on stderr.
 */
final class ResponsePrinter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final DataFormat format;
    private final PrintStream out;
    private final PrintStream err;

    ResponsePrinter(DataFormat format, PrintStream out, PrintStream err) {
        this.format = format;
        this.out = out;
        this.err = err;
    }

    int print(Response r) {
        if (r instanceof Response.Ok ok) {
            if (ok.value() != null) format.write(ok.value(), out);
            else out.print("OK lsn=" + ok.lsn());
            out.println();
            return KvMain.OK;
        } else if (r instanceof Response.NotFound) {
            out.println("NOT_FOUND");
            return KvMain.MISS;
        } else if (r instanceof Response.CasMismatch m) {
            out.print("CAS_MISMATCH current=");
            if (m.current() == null) out.print("(absent)");
            else format.write(m.current(), out);
            out.println();
            return KvMain.MISS;
        } else if (r instanceof Response.NotLeader n) {
            err.println("NOT_LEADER leader=" + (n.leaderId().isEmpty() ? "(unknown)" : n.leaderId() + " at " + n.leaderAddress()));
        } else if (r instanceof Response.Rejected x) {
            err.println("REJECTED " + x.message());
        } else if (r instanceof Response.Timeout x) {
            err.println("TIMEOUT " + x.message());
        } else if (r instanceof Response.Error x) {
            err.println("ERROR " + x.message());
        } else {
            err.println("unexpected response " + r);
        }
        return KvMain.ERROR;
    }

    /** The dump as JSON: {@code appliedLsn} and {@code data}, keys and values in the chosen format. */
    int dump(Response.Dump d) throws JsonProcessingException {
        ObjectNode root = JSON.createObjectNode();
        root.put("appliedLsn", d.appliedLsn());
        ObjectNode data = root.putObject("data");
        for (Map.Entry<String, byte[]> e : d.data().entrySet()) {
            data.put(format.jsonText(e.getKey().getBytes(StandardCharsets.UTF_8), "key"),
                    format.jsonText(e.getValue(), "the value of key \"" + e.getKey() + "\""));
        }
        json(JSON.writeValueAsBytes(root));
        return KvMain.OK;
    }

    /** The node's status JSON, indented. */
    int status(String json) throws JsonProcessingException {
        json(JSON.writeValueAsBytes(JSON.readTree(json)));
        return KvMain.OK;
    }

    /** JSON goes out as UTF-8 whatever the platform charset. */
    private void json(byte[] utf8) {
        out.writeBytes(utf8);
        out.println();
    }
}
