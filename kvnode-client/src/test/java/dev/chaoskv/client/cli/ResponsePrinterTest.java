package dev.chaoskv.client.cli;

import dev.chaoskv.client.protocol.Response;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ResponsePrinterTest {
    private static final byte[] BINARY = {'a', 0x00, (byte) 0xff, (byte) 0xc3};

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private ResponsePrinter printer(DataFormat f) {
        // ASCII streams: a value printed through a charset would lose its bytes here.
        return new ResponsePrinter(f, new PrintStream(out, true, StandardCharsets.US_ASCII), new PrintStream(err, true, StandardCharsets.US_ASCII));
    }

    private static byte[] line(byte[] b) {
        byte[] l = new byte[b.length + 1];
        System.arraycopy(b, 0, l, 0, b.length);
        l[b.length] = '\n';
        return l;
    }

    @Test
    void aValueIsPrintedByteForByte() {
        assertEquals(KvMain.OK, printer(DataFormat.TEXT).print(new Response.Ok(7, BINARY)));
        assertArrayEquals(line(BINARY), out.toByteArray());
    }

    @Test
    void aValueIsPrintedInHexOrBase64() {
        printer(DataFormat.HEX).print(new Response.Ok(7, BINARY));
        printer(DataFormat.BASE64).print(new Response.Ok(7, BINARY));
        assertEquals("6100ffc3\nYQD/ww==\n", out.toString(StandardCharsets.US_ASCII));
    }

    @Test
    void otherAnswersAreUnchanged() {
        ResponsePrinter p = printer(DataFormat.HEX);
        assertEquals(KvMain.OK, p.print(new Response.Ok(3, null)));
        assertEquals(KvMain.MISS, p.print(new Response.NotFound(3)));
        assertEquals(KvMain.MISS, p.print(new Response.CasMismatch(3, null)));
        assertEquals(KvMain.MISS, p.print(new Response.CasMismatch(3, BINARY)));
        assertEquals(KvMain.ERROR, p.print(new Response.NotLeader("", "")));
        assertEquals(KvMain.ERROR, p.print(new Response.Timeout("slow")));
        assertEquals("OK lsn=3\nNOT_FOUND\nCAS_MISMATCH current=(absent)\nCAS_MISMATCH current=6100ffc3\n", out.toString(StandardCharsets.US_ASCII));
        assertEquals("NOT_LEADER leader=(unknown)\nTIMEOUT slow\n", err.toString(StandardCharsets.US_ASCII));
    }

    @Test
    void aCasMismatchShowsTheCurrentValueByteForByte() {
        printer(DataFormat.TEXT).print(new Response.CasMismatch(3, BINARY));
        byte[] prefix = "CAS_MISMATCH current=".getBytes(StandardCharsets.US_ASCII);
        byte[] expected = new byte[prefix.length + BINARY.length];
        System.arraycopy(prefix, 0, expected, 0, prefix.length);
        System.arraycopy(BINARY, 0, expected, prefix.length, BINARY.length);
        assertArrayEquals(line(expected), out.toByteArray());
    }

    @Test
    void aDumpEncodesKeysAndValuesInTheChosenFormat() throws Exception {
        Map<String, byte[]> data = new LinkedHashMap<>();
        data.put("k", BINARY);
        printer(DataFormat.HEX).dump(new Response.Dump(9, data));
        assertEquals("{\n  \"appliedLsn\" : 9,\n  \"data\" : {\n    \"6b\" : \"6100ffc3\"\n  }\n}\n", out.toString(StandardCharsets.US_ASCII));
    }

    @Test
    void aTextDumpIsUtf8AndRefusesAValueJsonCannotHold() throws Exception {
        printer(DataFormat.TEXT).dump(new Response.Dump(9, Map.of("é", "ü".getBytes(StandardCharsets.UTF_8))));
        assertEquals("{\n  \"appliedLsn\" : 9,\n  \"data\" : {\n    \"é\" : \"ü\"\n  }\n}\n", out.toString(StandardCharsets.UTF_8));
        var e = assertThrows(IllegalArgumentException.class, () -> printer(DataFormat.TEXT).dump(new Response.Dump(9, Map.of("k", BINARY))));
        assertEquals("the value of key \"k\" is not valid UTF-8, which JSON text cannot hold byte for byte; use --hex or --base64", e.getMessage());
    }
}
