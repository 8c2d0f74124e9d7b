package dev.chaoskv.chaos.load;

import dev.chaoskv.client.protocol.Response;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkloadTest {
    @Test
    void writtenValuesAreUniqueAcrossProcesses() {
        Workload w = new Workload(Workload.Kind.MIXED, 5);
        Set<String> values = new HashSet<>();
        int writes = 0;
        for (int p = 0; p < 20; p++) {
            Random rnd = new Random(p);
            for (long c = 1; c <= 500; c++) {
                Op op = w.next(rnd, p, c, k -> null);
                String v = op instanceof Op.Write x ? x.value() : op instanceof Op.Cas x ? x.value() : op instanceof Op.Add x ? x.value() : null;
                if (v != null) {
                    writes++;
                    assertTrue(values.add(v), "duplicate value " + v);
                }
            }
        }
        assertTrue(writes > 3000);
    }

    @Test
    void registerUsesItsKeysAndSetOnlyAdds() {
        Random rnd = new Random(1);
        Workload reg = new Workload(Workload.Kind.REGISTER, 3);
        Set<String> kinds = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            Op op = reg.next(rnd, 0, i, k -> "v0-1");
            assertTrue(op.key().matches("k[0-2]"), op.key());
            kinds.add(op.f());
            if (op instanceof Op.Cas c) assertEquals("v0-1", c.expected());
        }
        assertEquals(Set.of("read", "write", "cas"), kinds);
        Workload set = new Workload(Workload.Kind.SET, 3);
        for (int i = 0; i < 50; i++) assertTrue(set.next(rnd, 4, i, k -> null) instanceof Op.Add);
    }

    @Test
    void sameSeedSameOperations() {
        Workload w = new Workload(Workload.Kind.MIXED, 10);
        Random a = new Random(7), b = new Random(7);
        for (int i = 0; i < 100; i++) assertEquals(w.next(a, 1, i, k -> null), w.next(b, 1, i, k -> null));
    }

    @Test
    void responsesMapToOkFailInfoAsTheContractSays() {
        Op read = new Op.Read("k1");
        Op write = new Op.Write("k1", "v1-1");
        assertEquals("ok", ClientWorker.classify(read, new Response.Ok(3, "x".getBytes())).type());
        assertEquals("x", ClientWorker.classify(read, new Response.Ok(3, "x".getBytes())).readValue());
        ClientWorker.Completion absent = ClientWorker.classify(read, new Response.NotFound(3));
        assertEquals("ok", absent.type());
        assertNull(absent.readValue());
        assertEquals("ok", ClientWorker.classify(write, new Response.Ok(4, null)).type());
        assertEquals("fail", ClientWorker.classify(new Op.Cas("k1", "a", "b"), new Response.CasMismatch(4, null)).type());
        assertEquals("fail", ClientWorker.classify(write, new Response.NotLeader("n2", "127.0.0.1:1")).type());
        assertEquals("fail", ClientWorker.classify(write, new Response.Rejected("no quorum")).type());
        assertEquals("fail", ClientWorker.classify(write, new Response.Error("bad")).type());
        assertEquals("info", ClientWorker.classify(write, new Response.Timeout("slow")).type());
        assertEquals("info", ClientWorker.classify(write, new Response.NotFound(1)).type());
    }
}
