package dev.chaoskv.kvnode.metrics;

import dev.chaoskv.client.protocol.Request;
import dev.chaoskv.client.protocol.Response;
import dev.chaoskv.common.PrometheusText;

import java.util.Locale;

/**
 * Client requests by type and outcome, each pair with its own latency histogram (whose count is
 * the request counter). All pairs exist from the start, so recording one is two array lookups
 * and an atomic increment.
 */
public final class RequestMetrics {
    /** What a client asked; {@code invalid} for a frame that did not decode as a request. */
    enum Type {
        PUT, GET, DELETE, CAS, STATUS, DUMP, INVALID;

        final String label = name().toLowerCase(Locale.ROOT);

        static Type of(Request r) {
            if (r instanceof Request.Put) return PUT;
            if (r instanceof Request.Get) return GET;
            if (r instanceof Request.Delete) return DELETE;
            if (r instanceof Request.Cas) return CAS;
            if (r instanceof Request.Status) return STATUS;
            if (r instanceof Request.Dump) return DUMP;
            return INVALID;
        }
    }

    /** The kind of answer, as the wire protocol names it (lower case). */
    enum Outcome {
        OK, NOT_FOUND, CAS_MISMATCH, NOT_LEADER, REJECTED, TIMEOUT, ERROR;

        final String label = name().toLowerCase(Locale.ROOT);

        static Outcome of(Response r) {
            if (r instanceof Response.NotFound) return NOT_FOUND;
            if (r instanceof Response.CasMismatch) return CAS_MISMATCH;
            if (r instanceof Response.NotLeader) return NOT_LEADER;
            if (r instanceof Response.Rejected) return REJECTED;
            if (r instanceof Response.Timeout) return TIMEOUT;
            if (r instanceof Response.Error) return ERROR;
            return OK; // Ok, Status, Dump
        }
    }

    private static final Type[] TYPES = Type.values();
    private static final Outcome[] OUTCOMES = Outcome.values();

    private final Histogram[][] latency = new Histogram[TYPES.length][OUTCOMES.length];

    public RequestMetrics() {
        for (Histogram[] row : latency) {
            for (int o = 0; o < row.length; o++) row[o] = new Histogram(Histogram.REQUEST_SECONDS);
        }
    }

    /** {@code request} is null when the frame did not decode. */
    public void record(Request request, Response response, long nanos) {
        latency[(request == null ? Type.INVALID : Type.of(request)).ordinal()][Outcome.of(response).ordinal()].observeNanos(nanos);
    }

    long count(Type type, Outcome outcome) {
        return latency[type.ordinal()][outcome.ordinal()].count();
    }

    /** Pairs never seen are left out, as client libraries do, so a scrape lists what happened. */
    void writeTo(PrometheusText out) {
        out.family("kvnode_requests_total", "counter", "Client requests answered, by request type and outcome.");
        for (Type t : TYPES) {
            for (Outcome o : OUTCOMES) {
                long n = count(t, o);
                if (n > 0) out.sample("kvnode_requests_total", n, "type", t.label, "outcome", o.label);
            }
        }
        out.family("kvnode_request_duration_seconds", "histogram", "Time from a decoded request to its answer, by request type and outcome.");
        for (Type t : TYPES) {
            for (Outcome o : OUTCOMES) {
                Histogram h = latency[t.ordinal()][o.ordinal()];
                if (h.count() > 0) h.writeTo(out, "kvnode_request_duration_seconds", "type", t.label, "outcome", o.label);
            }
        }
    }
}
