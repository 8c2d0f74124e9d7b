package dev.chaoskv.client.protocol;

/** Encodes requests (client side) and decodes them with the server's size limits (server side). */
public final class RequestCodec {
    private final int maxKeyBytes;
    private final int maxValueBytes;

    public RequestCodec(int maxKeyBytes, int maxValueBytes) {
        this.maxKeyBytes = maxKeyBytes;
        this.maxValueBytes = maxValueBytes;
    }

    /** Largest legal request frame: a CAS with a maximal key and two maximal values. */
    public int maxFrameLength() {
        return 1 + 4 + maxKeyBytes + 5 + maxValueBytes + 4 + maxValueBytes;
    }

    public static Frame encode(Request r) {
        if (r instanceof Request.Put p) {
            return new Frame(Request.PUT, new WireWriter(16 + p.value().length).string(p.key()).bytes(p.value()).toBytes());
        } else if (r instanceof Request.Get g) {
            return new Frame(Request.GET, new WireWriter(16).string(g.key()).toBytes());
        } else if (r instanceof Request.Delete d) {
            return new Frame(Request.DELETE, new WireWriter(16).string(d.key()).toBytes());
        } else if (r instanceof Request.Cas c) {
            return new Frame(Request.CAS, new WireWriter(32 + c.newValue().length)
                    .string(c.key()).optBytes(c.expected()).bytes(c.newValue()).toBytes());
        } else if (r instanceof Request.Status) {
            return new Frame(Request.STATUS, new byte[0]);
        } else if (r instanceof Request.Dump) {
            return new Frame(Request.DUMP, new byte[0]);
        }
        throw new IllegalArgumentException("unknown request " + r);
    }

    public Request decode(Frame f) throws ProtocolException {
        return switch (f.type()) {
            case Request.PUT -> {
                WireReader r = new WireReader(f.payload(), "PUT");
                Request.Put p = new Request.Put(key(r), value(r, "value"));
                r.end();
                yield p;
            }
            case Request.GET -> {
                WireReader r = new WireReader(f.payload(), "GET");
                Request.Get g = new Request.Get(key(r));
                r.end();
                yield g;
            }
            case Request.DELETE -> {
                WireReader r = new WireReader(f.payload(), "DELETE");
                Request.Delete d = new Request.Delete(key(r));
                r.end();
                yield d;
            }
            case Request.CAS -> {
                WireReader r = new WireReader(f.payload(), "CAS");
                String key = key(r);
                byte[] expected = r.optBytes("expected");
                if (expected != null) checkValue(expected, "expected");
                Request.Cas c = new Request.Cas(key, expected, value(r, "new value"));
                r.end();
                yield c;
            }
            case Request.STATUS -> {
                new WireReader(f.payload(), "STATUS").end();
                yield new Request.Status();
            }
            case Request.DUMP -> {
                new WireReader(f.payload(), "DUMP").end();
                yield new Request.Dump();
            }
            default -> throw new ProtocolException(String.format("unknown request type 0x%02x", f.type()));
        };
    }

    private String key(WireReader r) throws ProtocolException {
        byte[] k = r.bytes("key");
        if (k.length == 0) throw new ProtocolException("key is empty");
        if (k.length > maxKeyBytes) throw new ProtocolException("key of " + k.length + " bytes exceeds the limit of " + maxKeyBytes + " bytes");
        String key = Utf8.decode(k);
        if (key == null) throw new ProtocolException("key is not valid UTF-8");
        return key;
    }

    private byte[] value(WireReader r, String field) throws ProtocolException {
        byte[] v = r.bytes(field);
        checkValue(v, field);
        return v;
    }

    private void checkValue(byte[] v, String field) throws ProtocolException {
        if (v.length > maxValueBytes) {
            throw new ProtocolException(field + " of " + v.length + " bytes exceeds the limit of " + maxValueBytes + " bytes");
        }
    }
}
