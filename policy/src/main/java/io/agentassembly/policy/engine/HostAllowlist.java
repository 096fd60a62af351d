package io.agentassembly.policy.engine;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code network.allowlist} compiled: exact hosts in one set, {@code *.domain} patterns as a set of suffixes
 * ({@code .domain}). A wildcard matches subdomains only, not the domain itself.
 */
final class HostAllowlist {

    private final Set<String> exact = new HashSet<>();
    private final Set<String> wildcardSuffixes = new HashSet<>();

    HostAllowlist(List<String> patterns) {
        for (String pattern : patterns) {
            if (pattern.startsWith("*.")) {
                wildcardSuffixes.add(pattern.substring(1));
            } else {
                exact.add(pattern);
            }
        }
    }

    /** {@code host} as made by {@link #normalise}. */
    boolean allows(String host) {
        if (exact.contains(host)) {
            return true;
        }
        if (wildcardSuffixes.isEmpty()) {
            return false;
        }
        for (int dot = host.indexOf('.'); dot > 0; dot = host.indexOf('.', dot + 1)) {
            if (wildcardSuffixes.contains(host.substring(dot))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Lower-cased host without a trailing dot, or null when it is not a plain DNS name or IP literal (percent
     * escapes, spaces, …): such hosts never match an allowlist, so the call is denied.
     */
    static String normalise(String host) {
        if (host == null || host.isEmpty()) {
            return null;
        }
        String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        boolean bracketed = h.startsWith("[") && h.endsWith("]");
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-'
                    || c == '_' || bracketed && (c == ':' || c == '[' && i == 0 || c == ']' && i == h.length() - 1);
            if (!ok) {
                return null;
            }
        }
        return h.isEmpty() ? null : h.toLowerCase(Locale.ROOT);
    }

    /**
     * The host of a URL as an HTTP client would connect to it: the authority ends at the first {@code /},
     * {@code \}, {@code ?} or {@code #}; user info (up to the last {@code @}) and the port are dropped. A URL
     * without a scheme is read as starting with its host. Null when there is no usable host.
     */
    static String hostOfUrl(String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        String u = url.strip();
        int scheme = u.indexOf("://");
        int start = scheme >= 0 ? scheme + 3 : u.startsWith("//") ? 2 : 0;
        int end = u.length();
        for (int i = start; i < u.length(); i++) {
            char c = u.charAt(i);
            if (c == '/' || c == '\\' || c == '?' || c == '#') {
                end = i;
                break;
            }
        }
        String authority = u.substring(start, end);
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            authority = authority.substring(at + 1);
        }
        String host;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            host = close < 0 ? null : authority.substring(0, close + 1);
        } else {
            int colon = authority.indexOf(':');
            host = colon >= 0 ? authority.substring(0, colon) : authority;
        }
        return normalise(host);
    }
}
