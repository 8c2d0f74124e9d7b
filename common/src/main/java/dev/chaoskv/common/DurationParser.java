package dev.chaoskv.common;

import picocli.CommandLine;

import java.time.Duration;
import java.util.Locale;

/**
 * The one duration syntax of every CLI in the project: "60s", "500ms", "2m", "1h", or a bare
 * number of seconds. Usable as a picocli converter.
 */
public final class DurationParser implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    public static Duration parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.startsWith("-")) throw new CommandLine.TypeConversionException("'" + value + "' is negative; a duration is 0 or more");
        try {
            if (v.endsWith("ms")) return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            if (v.endsWith("s")) return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
            if (v.endsWith("m")) return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 60_000));
            if (v.endsWith("h")) return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 3_600_000));
            return Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000));
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a duration such as 60s, 500ms or 2m");
        }
    }
}
