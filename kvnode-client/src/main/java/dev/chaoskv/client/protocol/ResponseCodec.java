package dev.chaoskv.client.protocol;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Binary form of {@link Response}s. */
public final class ResponseCodec {
    private ResponseCodec() {
    }

    public static Frame encode(Response r) {
        if (r instanceof Response.Ok o) {
            return new Frame(Response.OK, new WireWriter(16 + (o.value() == null ? 0 : o.value().length)).u64(o.lsn()).optBytes(o.value()).toBytes());
        } else if (r instanceof Response.NotFound n) {
            return new Frame(Response.NOT_FOUND, new WireWriter(8).u64(n.lsn()).toBytes());
        } else if (r instanceof Response.CasMismatch c) {
            return new Frame(Response.CAS_MISMATCH, new WireWriter(16).u64(c.lsn()).optBytes(c.current()).toBytes());
        } else if (r instanceof Response.NotLeader n) {
            return new Frame(Response.NOT_LEADER, new WireWriter(32).string(n.leaderId()).string(n.leaderAddress()).toBytes());
        } else if (r instanceof Response.Rejected x) {
            return new Frame(Response.REJECTED, new WireWriter(64).string(x.message()).toBytes());
        } else if (r instanceof Response.Timeout x) {
            return new Frame(Response.TIMEOUT, new WireWriter(64).string(x.message()).toBytes());
        } else if (r instanceof Response.Error x) {
            return new Frame(Response.ERROR, new WireWriter(64).string(x.message()).toBytes());
        } else if (r instanceof Response.Status s) {
            return new Frame(Response.STATUS, s.json().getBytes(StandardCharsets.UTF_8));
        } else if (r instanceof Response.Dump d) {
            WireWriter w = new WireWriter(1024).u64(d.appliedLsn()).u32(d.data().size());
            d.data().forEach((k, v) -> w.string(k).bytes(v));
            return new Frame(Response.DUMP, w.toBytes());
        }
        throw new IllegalArgumentException("unknown response " + r);
    }

    public static Response decode(Frame f) throws ProtocolException {
        WireReader r = new WireReader(f.payload(), String.format("response 0x%02x", f.type()));
        Response out = switch (f.type()) {
            case Response.OK -> new Response.Ok(r.u64("lsn"), r.optBytes("value"));
            case Response.NOT_FOUND -> new Response.NotFound(r.u64("lsn"));
            case Response.CAS_MISMATCH -> new Response.CasMismatch(r.u64("lsn"), r.optBytes("current"));
            case Response.NOT_LEADER -> new Response.NotLeader(r.string("leader id"), r.string("leader address"));
            case Response.REJECTED -> new Response.Rejected(r.string("message"));
            case Response.TIMEOUT -> new Response.Timeout(r.string("message"));
            case Response.ERROR -> new Response.Error(r.string("message"));
            case Response.STATUS -> new Response.Status(new String(f.payload(), StandardCharsets.UTF_8));
            case Response.DUMP -> {
                long lsn = r.u64("applied lsn");
                int n = r.u32("count");
                Map<String, byte[]> data = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) data.put(r.string("key"), r.bytes("value"));
                yield new Response.Dump(lsn, data);
            }
            default -> throw new ProtocolException(String.format("unknown response type 0x%02x", f.type()));
        };
        if (f.type() != Response.STATUS) r.end();
        return out;
    }
}
