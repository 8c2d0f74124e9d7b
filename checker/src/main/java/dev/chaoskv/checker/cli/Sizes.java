package dev.chaoskv.checker.cli;

import picocli.CommandLine;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** picocli converter for "2g"/"512m" sizes (durations: {@link dev.chaoskv.common.DurationParser}, as in every tool). */
final class Sizes {
    private static final Pattern BYTES = Pattern.compile("(\\d+)([kmgt]?)i?b?");

    private Sizes() {
    }

    static final class ByteSizeConverter implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String text) {
            Matcher m = BYTES.matcher(text.trim().toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new CommandLine.TypeConversionException("'" + text
                        + "' is not a size (examples: 2g, 512m, 64k, 1048576)");
            }
            long n = Long.parseLong(m.group(1));
            int shift = switch (m.group(2)) {
                case "k" -> 10;
                case "m" -> 20;
                case "g" -> 30;
                case "t" -> 40;
                default -> 0;
            };
            return n << shift;
        }
    }
}
