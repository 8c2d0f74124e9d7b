package dev.chaoskv.common;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DurationParserTest {
    @Test
    void readsEveryUnitAndBareSeconds() {
        assertEquals(Duration.ofMillis(500), DurationParser.parse("500ms"));
        assertEquals(Duration.ofMillis(1500), DurationParser.parse("1.5s"));
        assertEquals(Duration.ofMinutes(2), DurationParser.parse("2m"));
        assertEquals(Duration.ofHours(1), DurationParser.parse("1h"));
        assertEquals(Duration.ofSeconds(30), DurationParser.parse(" 30 "));
    }

    @Test
    void refusesWhatIsNotADurationAndNamesIt() {
        CommandLine.TypeConversionException e = assertThrows(CommandLine.TypeConversionException.class, () -> DurationParser.parse("soon"));
        assertTrue(e.getMessage().contains("'soon' is not a duration"), e.getMessage());
        e = assertThrows(CommandLine.TypeConversionException.class, () -> DurationParser.parse("-5s"));
        assertTrue(e.getMessage().contains("'-5s' is negative"), e.getMessage());
    }
}
