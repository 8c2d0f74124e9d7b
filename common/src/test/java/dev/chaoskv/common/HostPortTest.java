package dev.chaoskv.common;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HostPortTest {
    @Test
    void parsesAndPrintsHostColonPortUnchanged() {
        for (String s : new String[]{"127.0.0.1:40887", "db-3.example.net:9001", "[::1]:8474"}) {
            assertEquals(s, HostPort.parse(s).toString());
        }
        assertEquals(new HostPort("10.1.2.3", 9001), HostPort.parse("10.1.2.3:9001"));
        assertEquals(9001, HostPort.parse("10.1.2.3:9001").socket().getPort());
    }

    @Test
    void rejectsWhatIsNotHostColonPort() {
        assertThrows(IllegalArgumentException.class, () -> HostPort.parse("localhost"));
        assertThrows(IllegalArgumentException.class, () -> HostPort.parse(":9001"));
        assertThrows(IllegalArgumentException.class, () -> HostPort.parse("host:http"));
    }
}
