package io.agentassembly.policy.engine;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Built-in credential detectors for string values of tool arguments and results. Each has cheap literal
 * prefilters so that ordinary text costs a few {@code indexOf} calls and no regex work; the regexes are ours
 * (bounded, no nested quantifiers over overlapping classes). First match in list order names the credential.
 */
final class CredentialDetectors {

    record Detector(String name, List<String> prefilters, boolean ignoreCase, Pattern pattern) {

        boolean matches(String value) {
            for (String prefilter : prefilters) {
                if (ignoreCase ? containsIgnoreCase(value, prefilter) : value.contains(prefilter)) {
                    return pattern.matcher(value).find();
                }
            }
            return false;
        }
    }

    private static final String NOT_TOKEN_BEFORE = "(?<![A-Za-z0-9_-])";

    static final List<Detector> ALL = List.of(
            new Detector("private_key", List.of("PRIVATE KEY-----"), false,
                    Pattern.compile("-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY-----")),
            new Detector("aws_access_key", List.of("AKIA", "ASIA", "ABIA", "ACCA"), false,
                    Pattern.compile("(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Z0-9])")),
            new Detector("github_token", List.of("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"), false,
                    Pattern.compile(NOT_TOKEN_BEFORE + "(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})")),
            new Detector("slack_token", List.of("xox"), false,
                    Pattern.compile(NOT_TOKEN_BEFORE + "xox[abposr]-[A-Za-z0-9-]{10,}")),
            new Detector("anthropic_api_key", List.of("sk-ant-"), false,
                    Pattern.compile(NOT_TOKEN_BEFORE + "sk-ant-[A-Za-z0-9_-]{20,}")),
            new Detector("openai_api_key", List.of("sk-"), false,
                    Pattern.compile(NOT_TOKEN_BEFORE + "sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}")),
            new Detector("stripe_secret_key", List.of("_live_", "_test_"), false,
                    Pattern.compile("(?<![A-Za-z0-9_])(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}")),
            new Detector("google_api_key", List.of("AIza"), false,
                    Pattern.compile("AIza[0-9A-Za-z_-]{35}")),
            new Detector("jwt", List.of("eyJ"), false,
                    Pattern.compile(NOT_TOKEN_BEFORE + "eyJ[A-Za-z0-9_-]{5,}\\.eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*")),
            new Detector("bearer_token", List.of("bearer"), true,
                    Pattern.compile("(?i)\\bbearer[ \\t]+[A-Za-z0-9._~+/=-]{16,}")));

    private CredentialDetectors() {
    }

    /** The name of the first detector that finds a credential in {@code value}, or null. */
    static String detect(String value) {
        for (Detector detector : ALL) {
            if (detector.matches(value)) {
                return detector.name();
            }
        }
        return null;
    }

    private static boolean containsIgnoreCase(String value, String lowerCaseNeedle) {
        int last = value.length() - lowerCaseNeedle.length();
        for (int i = 0; i <= last; i++) {
            if (value.regionMatches(true, i, lowerCaseNeedle, 0, lowerCaseNeedle.length())) {
                return true;
            }
        }
        return false;
    }
}
