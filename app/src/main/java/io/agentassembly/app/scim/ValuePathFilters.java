package io.agentassembly.app.scim;

import java.util.Locale;
import java.util.Set;

/**
 * Rewrites the value path form the SDK's filter parser refuses, {@code emails[type eq "work"].value eq "x"}, into
 * the equivalent complex value filter it takes, {@code emails[(type eq "work") and value eq "x"]} (RFC 7644
 * §3.4.2.2: both select users with a work address x). Quoted strings are copied as they are.
 */
final class ValuePathFilters {

    private static final Set<String> OPERATORS = Set.of("eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le", "pr");

    private ValuePathFilters() {
    }

    static String rewrite(String filter) {
        StringBuilder out = new StringBuilder(filter.length() + 16);
        int depth = 0;
        int innerStart = -1;
        int i = 0;
        while (i < filter.length()) {
            char c = filter.charAt(i);
            if (c == '"') {
                int end = endOfString(filter, i);
                out.append(filter, i, end);
                i = end;
                continue;
            }
            if (c == '[') {
                depth++;
                out.append(c);
                if (depth == 1) {
                    innerStart = out.length();
                }
                i++;
                continue;
            }
            if (c == ']' && depth == 1) {
                depth = 0;
                int next = rewriteSubAttribute(filter, i + 1, out, innerStart);
                out.append(']');
                i = next;
                continue;
            }
            if (c == ']') {
                depth = Math.max(0, depth - 1);
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    /**
     * At {@code from}: {@code .sub op [value]}? Then moves it inside the brackets and answers where the input goes on;
     * else changes nothing and answers {@code from}.
     */
    private static int rewriteSubAttribute(String filter, int from, StringBuilder out, int innerStart) {
        if (from >= filter.length() || filter.charAt(from) != '.') {
            return from;
        }
        int nameEnd = from + 1;
        while (nameEnd < filter.length() && (Character.isLetterOrDigit(filter.charAt(nameEnd))
                || filter.charAt(nameEnd) == '_' || filter.charAt(nameEnd) == '$')) {
            nameEnd++;
        }
        String sub = filter.substring(from + 1, nameEnd);
        int opStart = skipSpaces(filter, nameEnd);
        int opEnd = opStart;
        while (opEnd < filter.length() && Character.isLetter(filter.charAt(opEnd))) {
            opEnd++;
        }
        String op = filter.substring(opStart, opEnd).toLowerCase(Locale.ROOT);
        if (sub.isEmpty() || opStart == nameEnd || !OPERATORS.contains(op)) {
            return from;
        }
        String operand = "";
        int end = opEnd;
        if (!op.equals("pr")) {
            int valueStart = skipSpaces(filter, opEnd);
            if (valueStart == opEnd || valueStart >= filter.length()) {
                return from;
            }
            end = filter.charAt(valueStart) == '"' ? endOfString(filter, valueStart) : endOfWord(filter, valueStart);
            operand = " " + filter.substring(valueStart, end);
        }
        String inner = out.substring(innerStart);
        out.setLength(innerStart);
        out.append('(').append(inner).append(") and ").append(sub).append(' ').append(op).append(operand);
        return end;
    }

    private static int endOfString(String filter, int quote) {
        int i = quote + 1;
        while (i < filter.length()) {
            char c = filter.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == '"') {
                return i + 1;
            }
            i++;
        }
        return filter.length();
    }

    private static int endOfWord(String filter, int from) {
        int i = from;
        while (i < filter.length() && !Character.isWhitespace(filter.charAt(i)) && filter.charAt(i) != ')') {
            i++;
        }
        return i;
    }

    private static int skipSpaces(String filter, int from) {
        int i = from;
        while (i < filter.length() && filter.charAt(i) == ' ') {
            i++;
        }
        return i;
    }
}
