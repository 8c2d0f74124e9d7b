package dev.chaoskv.client.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataFormatTest {
    private static final byte[] BINARY = {0x00, (byte) 0xff, 0x0a, (byte) 0x80};

    @Test
    void hexAndBase64ReadAnyBytes() {
        assertArrayEquals(BINARY, DataFormat.HEX.bytes("00ff0a80", "VALUE"));
        assertArrayEquals(BINARY, DataFormat.HEX.bytes("00FF0A80", "VALUE"));
        assertArrayEquals(BINARY, DataFormat.BASE64.bytes("AP8KgA==", "VALUE"));
        assertArrayEquals(new byte[0], DataFormat.HEX.bytes("", "VALUE"));
        assertArrayEquals("é".getBytes(StandardCharsets.UTF_8), DataFormat.TEXT.bytes("é", "VALUE"));
    }

    @Test
    void badHexOrBase64NamesTheArgument() {
        var odd = assertThrows(IllegalArgumentException.class, () -> DataFormat.HEX.bytes("abc", "VALUE"));
        assertEquals("VALUE is not hex (two digits 0-9a-f per byte): \"abc\"", odd.getMessage());
        var notHex = assertThrows(IllegalArgumentException.class, () -> DataFormat.HEX.key("zz", "KEY"));
        assertTrue(notHex.getMessage().startsWith("KEY is not hex"), notHex.getMessage());
        var notBase64 = assertThrows(IllegalArgumentException.class, () -> DataFormat.BASE64.bytes("a b", "OLD"));
        assertTrue(notBase64.getMessage().startsWith("OLD is not base64"), notBase64.getMessage());
    }

    @Test
    void aKeyMustStandForUtf8BecauseKvnodeKeysAreText() {
        assertEquals("k1", DataFormat.HEX.key("6b31", "KEY"));
        assertEquals("\u0000\n", DataFormat.HEX.key("000a", "KEY"), "keys that are hard to type");
        assertEquals("é", DataFormat.BASE64.key("w6k=", "KEY"));
        var e = assertThrows(IllegalArgumentException.class, () -> DataFormat.HEX.key("6bff", "KEY"));
        assertTrue(e.getMessage().startsWith("KEY \"6bff\" decodes to bytes that are not valid UTF-8"), e.getMessage());
    }

    @Test
    void bothFlagsAtOnceAreRefused() {
        assertEquals(DataFormat.TEXT, DataFormat.of(false, false));
        assertEquals(DataFormat.HEX, DataFormat.of(true, false));
        assertEquals(DataFormat.BASE64, DataFormat.of(false, true));
        assertThrows(IllegalArgumentException.class, () -> DataFormat.of(true, true));
    }

    @Test
    void textIsWrittenByteForByteAndTheOthersEncoded() {
        assertArrayEquals(BINARY, written(DataFormat.TEXT, BINARY), "not re-encoded through a charset");
        assertEquals("00ff0a80", new String(written(DataFormat.HEX, BINARY), StandardCharsets.US_ASCII));
        assertEquals("AP8KgA==", new String(written(DataFormat.BASE64, BINARY), StandardCharsets.US_ASCII));
    }

    @Test
    void jsonTextRefusesBytesThatAreNotUtf8UnlessEncoded() {
        assertEquals("é", DataFormat.TEXT.jsonText("é".getBytes(StandardCharsets.UTF_8), "value"));
        assertEquals("00ff0a80", DataFormat.HEX.jsonText(BINARY, "value"));
        var e = assertThrows(IllegalArgumentException.class, () -> DataFormat.TEXT.jsonText(BINARY, "the value of key \"k\""));
        assertTrue(e.getMessage().startsWith("the value of key \"k\" is not valid UTF-8"), e.getMessage());
    }

    private static byte[] written(DataFormat f, byte[] data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.US_ASCII); // a charset that cannot hold them
        f.write(data, out);
        out.flush();
        return bytes.toByteArray();
    }
}
