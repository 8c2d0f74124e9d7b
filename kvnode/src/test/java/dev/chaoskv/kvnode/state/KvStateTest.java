package dev.chaoskv.kvnode.state;

import dev.chaoskv.raft.log.CasPayload;
import dev.chaoskv.raft.log.Entry;
import dev.chaoskv.raft.log.EntryType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class KvStateTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Entry put(long lsn, String k, String v) {
        return new Entry(1, lsn, EntryType.PUT, b(k), b(v));
    }

    @Test
    void equalContentGivesEqualDigestWhateverTheHistory() {
        KvState a = new KvState();
        a.apply(put(1, "x", "1"));
        a.apply(put(2, "y", "2"));
        KvState b = new KvState();
        b.apply(put(1, "y", "old"));
        b.apply(put(2, "x", "1"));
        b.apply(put(3, "z", "gone"));
        b.apply(new Entry(1, 4, EntryType.DELETE, b("z"), null));
        b.apply(put(5, "y", "2"));
        assertEquals(a.digest(), b.digest());
        b.apply(put(6, "y", "3"));
        assertNotEquals(a.digest(), b.digest());
    }

    @Test
    void aStateRestoredFromItsImageHasTheSameDigestAsTheOneThatAppliedTheLog() {
        KvState applied = new KvState();
        applied.apply(put(1, "x", "1"));
        applied.apply(put(2, "long key of more than eight bytes", "a value of more than eight bytes too"));
        applied.apply(put(3, "ключ", "значение"));
        applied.apply(put(4, "x", "2"));
        KvState.Image image = applied.image();
        assertEquals(3, image.size());
        java.util.Map<String, byte[]> content = new java.util.HashMap<>();
        for (int i = 0; i < image.size(); i++) content.put(image.keys()[i], image.values()[i]);
        assertArrayEquals(b("2"), content.get("x"));
        KvState restored = new KvState();
        restored.restore(content, 4, 1);
        assertEquals(applied.digest(), restored.digest());
        applied.apply(put(5, "ключ", "другое"));
        restored.apply(put(5, "ключ", "другое"));
        assertEquals(applied.digest(), restored.digest(), "an overwrite takes out the same old pair on both");
    }

    @Test
    void digestSeparatesKeyFromValue() {
        KvState a = new KvState();
        a.apply(put(1, "ab", "c"));
        KvState b = new KvState();
        b.apply(put(1, "a", "bc"));
        assertNotEquals(a.digest(), b.digest());
    }

    @Test
    void casAppliesOnlyOnMatchAndReportsTheCurrentValue() {
        KvState s = new KvState();
        s.apply(put(1, "k", "v1"));
        ApplyResult miss = s.apply(new Entry(1, 2, EntryType.CAS, b("k"), new CasPayload(b("nope"), b("v2")).encode()));
        assertInstanceOf(ApplyResult.CasMismatch.class, miss);
        assertArrayEquals(b("v1"), ((ApplyResult.CasMismatch) miss).current());
        assertInstanceOf(ApplyResult.Applied.class, s.apply(new Entry(1, 3, EntryType.CAS, b("k"), new CasPayload(b("v1"), b("v2")).encode())));
        assertArrayEquals(b("v2"), s.get("k"));
        assertInstanceOf(ApplyResult.Applied.class, s.apply(new Entry(1, 4, EntryType.CAS, b("new"), new CasPayload(null, b("x")).encode())));
        assertInstanceOf(ApplyResult.CasMismatch.class, s.apply(new Entry(1, 5, EntryType.CAS, b("new"), new CasPayload(null, b("y")).encode())));
        assertArrayEquals(b("x"), s.get("new"));
        assertNull(s.get("missing"));
    }

    @Test
    void entriesMustBeAppliedInOrder() {
        KvState s = new KvState();
        s.apply(put(1, "a", "1"));
        assertThrows(IllegalStateException.class, () -> s.apply(put(3, "b", "2")));
    }
}
