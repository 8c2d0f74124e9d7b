package dev.chaoskv.toxiproxy.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chaoskv.toxiproxy.core.ToxiproxyException.InvalidSpec;
import dev.chaoskv.toxiproxy.core.ToxiproxyException.Malformed;
import java.net.InetSocketAddress;
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

    @Test
    void theNameMustBeAPathSegmentAndIsCheckedAfterTheRequiredFields() throws Exception {
        new ProxySpec("n1-to-n2.x_y~z!$&'()*+,;=:@", "", "127.0.0.1:1", true).requireNameAndUpstream("");
        assertEquals("missing required field: upstream",
                assertThrows(InvalidSpec.class, () -> new ProxySpec("a/b", "", "", true).requireNameAndUpstream("")).getMessage());
        assertEquals("proxy name \"a/b\" cannot be used in a URL path: '/' is not allowed (only letters, digits and -._~!$&'()*+,;=:@)"
                + " at proxy 3", assertThrows(InvalidSpec.class,
                        () -> new ProxySpec("a/b", "", "127.0.0.1:1", true).requireNameAndUpstream(" at proxy 3")).getMessage());
        assertEquals("proxy name \"a\u0000\" cannot be used in a URL path: U+0000 is not allowed (only letters, digits and -._~!$&'()*+,;=:@)",
                assertThrows(InvalidSpec.class, () -> new ProxySpec("a\u0000", "", "h:1", true).requireNameAndUpstream("")).getMessage());
        assertEquals("proxy name \"..\" cannot be used in a URL path: it is a path step",
                assertThrows(InvalidSpec.class, () -> new ProxySpec("..", "", "h:1", true).requireNameAndUpstream("")).getMessage());
    }

    @Test
    void aListenAddressThatIsTheUpstreamIsRefusedBeforeBinding() throws Exception {
        assertEquals("proxy \"a\" would connect to itself: upstream 127.0.0.1:7 is its own listen address 127.0.0.1:7",
                assertThrows(InvalidSpec.class, () -> new ProxySpec("a", "127.0.0.1:7", "127.0.0.1:7", true).requireNameAndUpstream(""))
                        .getMessage());
        new ProxySpec("a", "127.0.0.1:0", "127.0.0.1:7", true).requireNameAndUpstream(""); // the port is known once bound
        new ProxySpec("a", "nolisten", "127.0.0.1:7", true).requireNameAndUpstream(""); // refused by the bind, as before
        new ProxySpec("a", "127.0.0.1:7", "no-such-host.invalid:7", true).requireNameAndUpstream(""); // fails at dial time
    }

    @Test
    void aConnectionReachesAListenerOnTheSameAddressOrAnyOfThisHostsThroughAWildcard() throws Exception {
        InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 7);
        InetSocketAddress wildcard = new InetSocketAddress("0.0.0.0", 7);
        assertTrue(SelfUpstream.reaches(loopback, loopback));
        assertFalse(SelfUpstream.reaches(new InetSocketAddress("127.0.0.1", 8), loopback), "another port");
        assertFalse(SelfUpstream.reaches(new InetSocketAddress("127.0.0.2", 7), loopback), "another loopback address");
        assertTrue(SelfUpstream.reaches(loopback, wildcard));
        assertTrue(SelfUpstream.reaches(wildcard, loopback), "dialling 0.0.0.0 reaches loopback");
        assertFalse(SelfUpstream.reaches(new InetSocketAddress("192.0.2.1", 7), wildcard), "not an address of this host");
    }

    @Test
    void anEphemeralPortThatTurnsOutToBeTheUpstreamIsRefusedOnceBound() throws Exception {
        InetSocketAddress bound = new InetSocketAddress("127.0.0.1", 40000);
        assertEquals("proxy \"a\" would connect to itself: upstream localhost:40000 is its own listen address 127.0.0.1:40000",
                assertThrows(InvalidSpec.class, () -> SelfUpstream.refuseBound("a", bound, "localhost:40000", "")).getMessage());
        SelfUpstream.refuseBound("a", bound, "127.0.0.1:40001", "");
    }
}
