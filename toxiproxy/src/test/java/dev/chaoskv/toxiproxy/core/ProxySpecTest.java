package dev.chaoskv.toxiproxy.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chaoskv.toxiproxy.core.ToxiproxyException.InvalidSpec;
import dev.chaoskv.toxiproxy.core.ToxiproxyException.Malformed;
import org.junit.jupiter.api.Test;

/** The core's own checks of a proxy to create, as typed refusals. */
class ProxySpecTest {

    @Test
    void nameAndUpstreamAreRequiredAndTheUpstreamMustBeHostPort() throws Exception {
        new ProxySpec("a", "", "127.0.0.1:1", true).requireNameAndUpstream("");
        assertEquals("missing required field: name",
                assertThrows(InvalidSpec.class, () -> new ProxySpec("", "", "h:1", true).requireNameAndUpstream("")).getMessage());
        assertEquals("missing required field: upstream at proxy 2",
                assertThrows(InvalidSpec.class, () -> new ProxySpec("a", "", "", true).requireNameAndUpstream(" at proxy 2")).getMessage());
        assertEquals("upstream must be host:port, got \"nohost\"",
                assertThrows(Malformed.class, () -> new ProxySpec("a", "", "nohost", true).requireNameAndUpstream("")).getMessage());
    }
}
