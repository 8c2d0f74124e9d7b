package dev.chaoskv.checker.edn;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The canonical EDN text of a value read by {@link EdnReader}: two values have the same text
 * exactly when Clojure's {@code =} says they are equal (1 and 1N are, 1 and 1.0 are not; a list
 * equals a vector with the same items; maps and sets are equal whatever their order). The checker
 * compares register values as strings, so this text is how an EDN value enters the model.
 */
public final class EdnText {
    private EdnText() {
    }

    public static String of(Object value) {
        StringBuilder s = new StringBuilder();
        append(value, s);
        return s.toString();
    }

    private static void append(Object v, StringBuilder s) {
        if (v == null) {
            s.append("nil");
        } else if (v instanceof String str) {
            EdnWriter.string(str, s);
        } else if (v instanceof Character c) {
            s.append(switch (c) {
                case '\n' -> "\\newline";
                case ' ' -> "\\space";
                case '\t' -> "\\tab";
                case '\r' -> "\\return";
                default -> "\\" + c;
            });
        } else if (v instanceof BigDecimal d) {
            s.append(d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString()).append('M');
        } else if (v instanceof EdnReader.Ratio r) {
            BigInteger gcd = r.numerator().gcd(r.denominator());
            BigInteger num = r.numerator().divide(gcd);
            BigInteger den = r.denominator().divide(gcd);
            if (den.signum() < 0) {
                num = num.negate();
                den = den.negate();
            }
            s.append(num);
            if (!den.equals(BigInteger.ONE)) {
                s.append('/').append(den);
            }
        } else if (v instanceof List<?> list) {
            s.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    s.append(' ');
                }
                append(list.get(i), s);
            }
            s.append(']');
        } else if (v instanceof Map<?, ?> map) {
            List<String> entries = new ArrayList<>(map.size());
            map.forEach((k, val) -> entries.add(of(k) + " " + of(val)));
            s.append('{').append(String.join(", ", entries.stream().sorted().toList())).append('}');
        } else if (v instanceof Set<?> set) {
            s.append("#{").append(String.join(" ", set.stream().map(EdnText::of).sorted().toList())).append('}');
        } else if (v instanceof EdnReader.Tagged t) {
            s.append('#').append(t.tag()).append(' ');
            append(t.value(), s);
        } else {
            s.append(v); // Long, BigInteger, Double, Boolean, Keyword, Symbol print as EDN
        }
    }
}
