package io.agentassembly.policy.engine;

/** Tool-name globs: {@code *} matches any run of characters (also none), {@code ?} exactly one. */
final class Glob {

    private Glob() {
    }

    static boolean isGlob(String key) {
        return key.indexOf('*') >= 0 || key.indexOf('?') >= 0;
    }

    /** Iterative matching with one backtrack point: linear in practice, never exponential. */
    static boolean matches(String glob, String text) {
        int g = 0;
        int t = 0;
        int starGlob = -1;
        int starText = 0;
        while (t < text.length()) {
            if (g < glob.length() && (glob.charAt(g) == '?' || glob.charAt(g) == text.charAt(t))
                    && glob.charAt(g) != '*') {
                g++;
                t++;
            } else if (g < glob.length() && glob.charAt(g) == '*') {
                starGlob = g++;
                starText = t;
            } else if (starGlob >= 0) {
                g = starGlob + 1;
                t = ++starText;
            } else {
                return false;
            }
        }
        while (g < glob.length() && glob.charAt(g) == '*') {
            g++;
        }
        return g == glob.length();
    }
}
