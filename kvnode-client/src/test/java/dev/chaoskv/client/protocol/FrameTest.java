package dev.chaoskv.client.protocol;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameTest {
    private final RequestCodec codec = new RequestCodec(1024, 1 << 20);

    @Test
    void requestsRoundTrip() throws Exception {
        Request.Cas cas = new Request.Cas("k", null, "v".getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RequestCodec.encode(cas).write(out);
        Frame f = Frame.read(new ByteArrayInputStream(out.toByteArray()), codec.maxFrameLength());
        Request.Cas back = (Request.Cas) codec.decode(f);
        assertEquals("k", back.key());
        assertNull(back.expected());
        assertArrayEquals("v".getBytes(StandardCharsets.UTF_8), back.newValue());
    }

    @Test
    void oversizedClaimIsRefusedBeforeReadingThePayload() {
        byte[] raw = {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01};
        FrameTooLargeException e = assertThrows(FrameTooLargeException.class,
                () -> Frame.read(new ByteArrayInputStream(raw), codec.maxFrameLength()));
        assertTrue(e.getMessage().contains("2147483647"), e.getMessage());
    }

    @Test
    void streamEndingInsideAFrameIsAnEof() {
        byte[] raw = {0, 0, 0, 10, 0x01, 1, 2};
        assertThrows(EOFException.class, () -> Frame.read(new ByteArrayInputStream(raw), 100));
    }

    @Test
    void cleanEndOfStreamIsNull() throws Exception {
        assertNull(Frame.read(new ByteArrayInputStream(new byte[0]), 100));
    }

    @Test
    void trailingBytesAndBadUtf8KeysAreNamed() {
        byte[] putWithTrailing = new WireWriter(16).string("k").bytes(new byte[]{1}).u8(9).toBytes();
        ProtocolException e = assertThrows(ProtocolException.class, () -> codec.decode(new Frame(Request.PUT, putWithTrailing)));
        assertTrue(e.getMessage().contains("trailing"), e.getMessage());
        byte[] badKey = new WireWriter(16).bytes(new byte[]{(byte) 0xff, (byte) 0xfe}).bytes(new byte[0]).toBytes();
        ProtocolException k = assertThrows(ProtocolException.class, () -> codec.decode(new Frame(Request.PUT, badKey)));
        assertTrue(k.getMessage().contains("UTF-8"), k.getMessage());
    }

    @Test
    void responsesRoundTrip() throws Exception {
        Response r = new Response.NotLeader("n2", "127.0.0.1:9002");
        Response back = ResponseCodec.decode(ResponseCodec.encode(r));
        assertInstanceOf(Response.NotLeader.class, back);
        assertEquals("n2", ((Response.NotLeader) back).leaderId());
    }
}
