package dev.chaoskv.client.protocol;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameDecoderTest {

    private static byte[] wire(Frame... frames) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Frame f : frames) f.write(out);
        return out.toByteArray();
    }

    /** Feeds {@code bytes} in slices of {@code slice} bytes, as a socket might deliver them. */
    private static List<Frame> decode(FrameDecoder d, byte[] bytes, int slice) throws Exception {
        List<Frame> out = new ArrayList<>();
        for (int i = 0; i < bytes.length; i += slice) {
            ByteBuffer b = ByteBuffer.wrap(bytes, i, Math.min(slice, bytes.length - i));
            Frame f;
            while ((f = d.next(b)) != null) out.add(f);
            assertFalse(b.hasRemaining(), "a null answer means everything was consumed");
        }
        return out;
    }

    @Test
    void framesSplitAnywhereComeOutWhole() throws Exception {
        byte[] big = new byte[200_000];
        for (int i = 0; i < big.length; i++) big[i] = (byte) i;
        byte[] raw = wire(new Frame(0x01, "ab".getBytes(StandardCharsets.UTF_8)), new Frame(0x05, new byte[0]), new Frame(0x02, big));
        for (int slice : new int[]{1, 2, 3, 4, 5, 6, 7, 13, 4096, raw.length}) {
            List<Frame> frames = decode(new FrameDecoder(1 << 20), raw, slice);
            assertEquals(3, frames.size(), "slice " + slice);
            assertEquals(0x01, frames.get(0).type());
            assertArrayEquals("ab".getBytes(StandardCharsets.UTF_8), frames.get(0).payload());
            assertEquals(0x05, frames.get(1).type());
            assertEquals(0, frames.get(1).payload().length);
            assertArrayEquals(big, frames.get(2).payload(), "slice " + slice);
        }
    }

    @Test
    void anOversizedClaimIsRefusedFromTheHeaderAlone() {
        FrameDecoder d = new FrameDecoder(4096);
        FrameTooLargeException e = assertThrows(FrameTooLargeException.class,
                () -> d.next(ByteBuffer.wrap(new byte[]{(byte) 0x80, 0, 0, 0})));
        assertEquals("frame claims 2147483648 bytes but the limit is 4096 bytes", e.getMessage());
    }

    @Test
    void aZeroLengthIsRefusedLikeFrameRead() {
        ProtocolException e = assertThrows(ProtocolException.class, () -> new FrameDecoder(4096).next(ByteBuffer.wrap(new byte[]{0, 0, 0, 0, 1})));
        assertEquals("frame length 0 is too small (it must include the type byte)", e.getMessage());
    }

    @Test
    void anEndOfStreamInsideAFrameIsNamed() throws Exception {
        FrameDecoder d = new FrameDecoder(4096);
        assertNull(d.cutShort());
        assertNull(d.next(ByteBuffer.wrap(new byte[]{0, 0})));
        assertTrue(d.inFrame());
        assertEquals("stream ended inside a frame header", d.cutShort());
        assertNull(d.next(ByteBuffer.wrap(new byte[]{0, 100, 0x01, 7, 7})));
        assertEquals("stream ended after 2 of 99 payload bytes", d.cutShort());
    }

    @Test
    void payloadMemoryFollowsTheBytesNotTheClaim() throws Exception {
        FrameDecoder d = new FrameDecoder(Integer.MAX_VALUE);
        // Claims 1 GiB and sends 10 bytes: the decoder must not have allocated the claim.
        long before = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        assertNull(d.next(ByteBuffer.wrap(new byte[]{0x40, 0, 0, 0, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10})));
        long after = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        assertTrue(after - before < 64L << 20, "allocated " + (after - before) + " bytes for a 1 GiB claim");
        assertEquals("stream ended after 10 of 1073741823 payload bytes", d.cutShort());
    }
}
