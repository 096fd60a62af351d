package io.agentassembly.policy;

import com.fasterxml.jackson.core.JsonToken;
import com.google.re2j.PatternSyntaxException;
import io.agentassembly.policy.PolicyDocument.Budget;
import io.agentassembly.policy.PolicyDocument.CredentialAction;
import io.agentassembly.policy.PolicyDocument.Data;
import io.agentassembly.policy.PolicyDocument.Network;
import io.agentassembly.policy.PolicyDocument.Schedule;
import io.agentassembly.policy.PolicyDocument.ToolRule;
import io.agentassembly.policy.SourceNode.Entry;
import io.agentassembly.policy.SourceNode.Mapping;
import io.agentassembly.policy.SourceNode.Scalar;
import io.agentassembly.policy.SourceNode.Sequence;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Checks one document's tree against the policy format and builds its {@link PolicyDocument}. Every problem is
 * recorded; the document is returned only when it has none. Defaults made explicit here: enforcement mode
 * {@code enforce}, schedule and budget time zone {@code UTC}, {@code action_on_exceed: deny},
 * {@code credential_action: redact}, no sensitive patterns, no tools.
 */
final class DocumentValidator {

    static final String API_VERSION = "agent-assembly/v1";
    static final String KIND = "Policy";
    static final String DEFAULT_ZONE = "UTC";
    static final String LEGACY_RULES =
            "legacy rules lists are not supported; use spec.tools / spec.network / spec.data";

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
    private static final Pattern TIME = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]");
    private static final Pattern HOST = Pattern.compile(
            "(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*");
    private static final Pattern TOOL_KEY = Pattern.compile("[\\x21-\\x7e]{1,128}");

    private static final Set<String> ROOT_FIELDS = Set.of("apiVersion", "kind", "metadata", "spec");
    private static final Set<String> METADATA_FIELDS = Set.of("name", "version", "description");
    private static final Set<String> SPEC_FIELDS =
            Set.of("scope", "enforcement_mode", "network", "schedule", "budget", "data", "tools");
    private static final Set<String> NETWORK_FIELDS = Set.of("allowlist");
    private static final Set<String> SCHEDULE_FIELDS = Set.of("active_hours");
    private static final Set<String> ACTIVE_HOURS_FIELDS = Set.of("start", "end", "timezone");
    private static final Set<String> BUDGET_FIELDS = Set.of("daily_limit_usd", "monthly_limit_usd",
            "team_daily_limit_usd", "team_monthly_limit_usd", "org_daily_limit_usd", "org_monthly_limit_usd",
            "timezone", "action_on_exceed");
    private static final Set<String> DATA_FIELDS = Set.of("credential_action", "sensitive_patterns");
    private static final Set<String> TOOL_FIELDS = Set.of("allow", "limit_per_hour", "requires_approval_if");

    private final int document;
    private final List<PolicyViolation> violations;
    private final ConditionLimits conditionLimits;
    private final int violationsBefore;
    /** The valid {@code metadata.name} node, for the duplicate-name check across documents. */
    private Scalar nameNode;

    DocumentValidator(int document, List<PolicyViolation> violations, ConditionLimits conditionLimits) {
        this.document = document;
        this.violations = violations;
        this.conditionLimits = conditionLimits;
        this.violationsBefore = violations.size();
    }

    Scalar nameNode() {
        return nameNode;
    }

    /** The document, or null when this document has violations. */
    PolicyDocument validate(SourceNode root) {
        if (!(root instanceof Mapping doc)) {
            report(root, null, "a policy document must be a mapping with apiVersion, kind, metadata and spec; found "
                    + root.describe());
            return null;
        }
        allowOnly(doc, "", ROOT_FIELDS);
        String apiVersion = requiredString(doc, "", "apiVersion");
        if (apiVersion != null && !apiVersion.equals(API_VERSION)) {
            report(doc.entries().get("apiVersion").value(), "apiVersion",
                    "apiVersion must be " + API_VERSION + ", not '" + apiVersion + "'");
        }
        String kind = requiredString(doc, "", "kind");
        if (kind != null && !kind.equals(KIND)) {
            report(doc.entries().get("kind").value(), "kind", "kind must be " + KIND + ", not '" + kind + "'");
        }

        String name = null;
        String label = null;
        String description = null;
        Mapping metadata = mapping(required(doc, "", "metadata"), "metadata");
        if (metadata != null) {
            allowOnly(metadata, "metadata", METADATA_FIELDS);
            name = requiredString(metadata, "metadata", "name");
            if (name != null) {
                Scalar node = (Scalar) metadata.entries().get("name").value();
                if (NAME.matcher(name).matches()) {
                    nameNode = node;
                } else {
                    report(node, "metadata.name", "name '" + name
                            + "' is not valid: use 1 to 63 characters of a-z 0-9 . _ -, starting with a letter or digit");
                }
            }
            label = optionalText(metadata, "metadata", "version");
            description = optionalText(metadata, "metadata", "description");
        }

        Mapping spec = mapping(required(doc, "", "spec"), "spec");
        if (spec == null) {
            return null;
        }
        allowOnly(spec, "spec", SPEC_FIELDS);
        PolicyScope scope = scope(spec);
        EnforcementMode mode = enforcementMode(spec);
        Network network = network(spec.entries().get("network"));
        Schedule schedule = schedule(spec.entries().get("schedule"));
        Budget budget = budget(spec.entries().get("budget"));
        globalOnlyBudget(spec.entries().get("budget"), scope);
        Data data = data(spec.entries().get("data"));
        Map<String, ToolRule> tools = tools(spec.entries().get("tools"));

        if (violations.size() > violationsBefore) {
            return null;
        }
        return new PolicyDocument(name, label, description, scope, mode, network, schedule, budget, data, tools);
    }

    private PolicyScope scope(Mapping spec) {
        String text = requiredString(spec, "spec", "scope");
        if (text == null) {
            return null;
        }
        try {
            return PolicyScope.parse(text);
        } catch (IllegalArgumentException e) {
            report(spec.entries().get("scope").value(), "spec.scope", e.getMessage());
            return null;
        }
    }

    private EnforcementMode enforcementMode(Mapping spec) {
        Entry entry = spec.entries().get("enforcement_mode");
        if (entry == null) {
            return EnforcementMode.ENFORCE;
        }
        String text = oneOf(entry.value(), "spec.enforcement_mode", "enforce", "observe", "disabled");
        return text == null ? null : EnforcementMode.valueOf(text.toUpperCase(Locale.ROOT));
    }

    private Network network(Entry entry) {
        if (entry == null) {
            return null;
        }
        Mapping network = mapping(entry.value(), "spec.network");
        if (network == null) {
            return null;
        }
        allowOnly(network, "spec.network", NETWORK_FIELDS);
        List<SourceNode> patterns = list(required(network, "spec.network", "allowlist"), "spec.network.allowlist");
        if (patterns == null) {
            return null;
        }
        TreeSet<String> hosts = new TreeSet<>();
        for (int i = 0; i < patterns.size(); i++) {
            String path = "spec.network.allowlist[" + i + "]";
            String pattern = string(patterns.get(i), path);
            if (pattern == null) {
                continue;
            }
            String problem = hostPatternProblem(pattern);
            if (problem != null) {
                report(patterns.get(i), path, problem);
            } else {
                hosts.add(pattern.toLowerCase(Locale.ROOT));
            }
        }
        return new Network(List.copyOf(hosts));
    }

    /** Null when {@code pattern} is an exact host or {@code *.} followed by one. */
    static String hostPatternProblem(String pattern) {
        String host = pattern.toLowerCase(Locale.ROOT);
        if (host.contains("/") || host.contains(":") || host.contains("@")) {
            return "'" + pattern + "' is not a host pattern: write the host only, without scheme, port or path";
        }
        boolean wildcard = host.startsWith("*.");
        String rest = wildcard ? host.substring(2) : host;
        if (rest.contains("*")) {
            return "'" + pattern + "' has a wildcard that is not a leading '*.'; write an exact host or *.domain";
        }
        if (!HOST.matcher(rest).matches()) {
            return "'" + pattern + "' is not a valid host name";
        }
        return null;
    }

    private Schedule schedule(Entry entry) {
        if (entry == null) {
            return null;
        }
        Mapping schedule = mapping(entry.value(), "spec.schedule");
        if (schedule == null) {
            return null;
        }
        allowOnly(schedule, "spec.schedule", SCHEDULE_FIELDS);
        String path = "spec.schedule.active_hours";
        Mapping hours = mapping(required(schedule, "spec.schedule", "active_hours"), path);
        if (hours == null) {
            return null;
        }
        allowOnly(hours, path, ACTIVE_HOURS_FIELDS);
        String start = time(hours, path, "start");
        String end = time(hours, path, "end");
        String zone = zone(hours.entries().get("timezone"), path + ".timezone");
        if (start != null && start.equals(end)) {
            report(hours.entries().get("end").value(), path + ".end",
                    "active_hours start and end are both " + start + "; give a window with two different times");
            return null;
        }
        return new Schedule(start, end, zone);
    }

    private String time(Mapping hours, String parent, String key) {
        SourceNode node = required(hours, parent, key);
        if (node == null) {
            return null;
        }
        // an unquoted 08:00 can arrive as a YAML 1.1 number token; its text is what the author wrote
        String text = node instanceof Scalar s && !s.isNull() && !s.isBoolean() ? s.text() : null;
        if (text == null || !TIME.matcher(text).matches()) {
            report(node, parent + "." + key, key + " must be a time HH:mm (00:00 to 23:59), found " + node.describe());
            return null;
        }
        return text;
    }

    private String zone(Entry entry, String path) {
        if (entry == null) {
            return DEFAULT_ZONE;
        }
        String text = string(entry.value(), path);
        if (text == null) {
            return null;
        }
        try {
            return ZoneId.of(text).getId();
        } catch (DateTimeException e) {
            report(entry.value(), path, "'" + text + "' is not a time zone; use an IANA zone id such as Europe/Dublin or UTC");
            return null;
        }
    }

    private Budget budget(Entry entry) {
        if (entry == null) {
            return null;
        }
        Mapping budget = mapping(entry.value(), "spec.budget");
        if (budget == null) {
            return null;
        }
        allowOnly(budget, "spec.budget", BUDGET_FIELDS);
        BigDecimal daily = amount(budget, "daily_limit_usd");
        BigDecimal monthly = amount(budget, "monthly_limit_usd");
        BigDecimal teamDaily = amount(budget, "team_daily_limit_usd");
        BigDecimal teamMonthly = amount(budget, "team_monthly_limit_usd");
        BigDecimal orgDaily = amount(budget, "org_daily_limit_usd");
        BigDecimal orgMonthly = amount(budget, "org_monthly_limit_usd");
        monthlyNotBelowDaily(budget, "daily_limit_usd", daily, "monthly_limit_usd", monthly);
        monthlyNotBelowDaily(budget, "team_daily_limit_usd", teamDaily, "team_monthly_limit_usd", teamMonthly);
        monthlyNotBelowDaily(budget, "org_daily_limit_usd", orgDaily, "org_monthly_limit_usd", orgMonthly);
        String zone = zone(budget.entries().get("timezone"), "spec.budget.timezone");
        Entry action = budget.entries().get("action_on_exceed");
        String actionOnExceed = action == null ? "deny"
                : oneOf(action.value(), "spec.budget.action_on_exceed", "deny", "alert", "suspend");
        return new Budget(daily, monthly, teamDaily, teamMonthly, orgDaily, orgMonthly, zone, actionOnExceed);
    }

    /**
     * Budget envelopes (global and per-org) belong to the global tier: a document of a narrower scope cannot set
     * them (team and agent limits are budgets, {@code /api/v1/budgets}).
     */
    private void globalOnlyBudget(Entry entry, PolicyScope scope) {
        if (entry == null || scope == null || scope.level() == PolicyScope.Level.GLOBAL) {
            return;
        }
        report(entry.line(), entry.column(), "spec.budget", "only global-scoped documents may set budget envelopes "
                + "(scope: global; org_daily_limit_usd and org_monthly_limit_usd apply to each org); this document's "
                + "scope is '" + scope.text() + "': remove spec.budget here, and cap teams and agents with budgets "
                + "(/api/v1/budgets)");
    }

    private BigDecimal amount(Mapping budget, String key) {
        Entry entry = budget.entries().get(key);
        if (entry == null) {
            return null;
        }
        String path = "spec.budget." + key;
        if (!(entry.value() instanceof Scalar s) || s.number() == null) {
            report(entry.value(), path, key + " must be an amount in USD such as 25 or 12.50, found "
                    + entry.value().describe());
            return null;
        }
        if (s.number().signum() < 0) {
            report(s, path, key + " must be 0 or more, not " + s.text());
            return null;
        }
        return s.number().stripTrailingZeros();
    }

    private void monthlyNotBelowDaily(Mapping budget, String dailyKey, BigDecimal daily, String monthlyKey,
                                      BigDecimal monthly) {
        if (daily != null && monthly != null && monthly.compareTo(daily) < 0) {
            report(budget.entries().get(monthlyKey).value(), "spec.budget." + monthlyKey, monthlyKey + " ("
                    + monthly.toPlainString() + ") is below " + dailyKey + " (" + daily.toPlainString()
                    + "); a monthly limit must be at least its daily limit");
        }
    }

    private Data data(Entry entry) {
        if (entry == null) {
            return null;
        }
        Mapping data = mapping(entry.value(), "spec.data");
        if (data == null) {
            return null;
        }
        allowOnly(data, "spec.data", DATA_FIELDS);
        CredentialAction action = CredentialAction.REDACT;
        Entry actionEntry = data.entries().get("credential_action");
        if (actionEntry != null) {
            String text = oneOf(actionEntry.value(), "spec.data.credential_action", "redact", "deny", "allow");
            action = text == null ? null : CredentialAction.valueOf(text.toUpperCase(Locale.ROOT));
        }
        List<String> patterns = new ArrayList<>();
        Entry patternsEntry = data.entries().get("sensitive_patterns");
        if (patternsEntry != null) {
            List<SourceNode> nodes = list(patternsEntry.value(), "spec.data.sensitive_patterns");
            for (int i = 0; nodes != null && i < nodes.size(); i++) {
                String path = "spec.data.sensitive_patterns[" + i + "]";
                String regex = string(nodes.get(i), path);
                if (regex == null) {
                    continue;
                }
                String problem = sensitivePatternProblem(regex);
                if (problem != null) {
                    report(nodes.get(i), path, problem);
                } else {
                    patterns.add(regex);
                }
            }
        }
        return new Data(action, List.copyOf(patterns));
    }

    private static String sensitivePatternProblem(String regex) {
        if (regex.isEmpty()) {
            return "a sensitive pattern must not be empty";
        }
        com.google.re2j.Pattern pattern;
        try {
            pattern = com.google.re2j.Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            return "'" + regex + "' is not a valid regular expression (RE2 syntax): " + e.getDescription();
        }
        if (pattern.matcher("").find()) {
            return "'" + regex + "' matches the empty string, so it would match every value; make it match something";
        }
        return null;
    }

    private Map<String, ToolRule> tools(Entry entry) {
        TreeMap<String, ToolRule> rules = new TreeMap<>();
        if (entry == null) {
            return Collections.unmodifiableMap(rules);
        }
        Mapping tools = mapping(entry.value(), "spec.tools");
        if (tools == null) {
            return null;
        }
        tools.entries().forEach((key, value) -> {
            String path = FieldPaths.child("spec.tools", key);
            if (!TOOL_KEY.matcher(key).matches()) {
                report(value.line(), value.column(), path, "tool name '" + key
                        + "' is not valid: use 1 to 128 visible ASCII characters without spaces (* and ? are wildcards)");
                return;
            }
            Mapping rule = mapping(value.value(), path);
            if (rule == null) {
                return;
            }
            allowOnly(rule, path, TOOL_FIELDS);
            Boolean allow = null;
            Entry allowEntry = rule.entries().get("allow");
            if (allowEntry != null) {
                if (allowEntry.value() instanceof Scalar s && s.isBoolean()) {
                    allow = s.token() == JsonToken.VALUE_TRUE;
                } else {
                    report(allowEntry.value(), path + ".allow", "allow must be true or false, found "
                            + allowEntry.value().describe());
                }
            }
            Integer limit = null;
            Entry limitEntry = rule.entries().get("limit_per_hour");
            if (limitEntry != null) {
                limit = limitPerHour(limitEntry.value(), path + ".limit_per_hour");
            }
            String condition = null;
            Entry conditionEntry = rule.entries().get("requires_approval_if");
            if (conditionEntry != null) {
                condition = string(conditionEntry.value(), path + ".requires_approval_if");
                if (condition != null) {
                    try {
                        ApprovalCondition.compile(condition, conditionLimits);
                    } catch (IllegalArgumentException e) {
                        report(conditionEntry.value(), path + ".requires_approval_if", e.getMessage());
                    }
                }
            }
            rules.put(key, new ToolRule(allow, limit, condition));
        });
        return Collections.unmodifiableMap(rules);
    }

    private Integer limitPerHour(SourceNode node, String path) {
        if (node instanceof Scalar s && s.token() == JsonToken.VALUE_NUMBER_INT
                && s.number() != null) {
            if (s.number().signum() <= 0) {
                report(node, path, "limit_per_hour must be at least 1, not " + s.text()
                        + "; to forbid the tool use allow: false");
                return null;
            }
            try {
                return s.number().intValueExact();
            } catch (ArithmeticException e) {
                report(node, path, "limit_per_hour " + s.text() + " is too large; the most is " + Integer.MAX_VALUE);
                return null;
            }
        }
        report(node, path, "limit_per_hour must be a whole number of calls per hour (1 or more), found "
                + node.describe());
        return null;
    }

    // ---- shape helpers ----

    private void allowOnly(Mapping mapping, String path, Set<String> allowed) {
        mapping.entries().forEach((key, entry) -> {
            if (allowed.contains(key)) {
                return;
            }
            String field = FieldPaths.child(path, key);
            if (key.equals("rules") && (path.isEmpty() || path.equals("spec"))) {
                report(entry.line(), entry.column(), field, LEGACY_RULES);
            } else {
                report(entry.line(), entry.column(), field, "unknown field '" + key + "'; "
                        + (path.isEmpty() ? "a document" : path) + " allows " + String.join(", ", new TreeSet<>(allowed)));
            }
        });
    }

    private SourceNode required(Mapping mapping, String path, String key) {
        Entry entry = mapping.entries().get(key);
        if (entry == null) {
            report(mapping.line(), mapping.column(), FieldPaths.child(path, key), "missing field "
                    + FieldPaths.child(path, key));
            return null;
        }
        return entry.value();
    }

    private String requiredString(Mapping mapping, String path, String key) {
        SourceNode node = required(mapping, path, key);
        return node == null ? null : string(node, FieldPaths.child(path, key));
    }

    private String optionalText(Mapping mapping, String path, String key) {
        Entry entry = mapping.entries().get(key);
        if (entry == null) {
            return null;
        }
        if (entry.value() instanceof Scalar s && !s.isNull()) {
            return s.text();
        }
        report(entry.value(), FieldPaths.child(path, key), key + " must be text, found " + entry.value().describe());
        return null;
    }

    private Mapping mapping(SourceNode node, String path) {
        if (node == null) {
            return null;
        }
        if (node instanceof Mapping m) {
            return m;
        }
        report(node, path, path + " must be a mapping, found " + node.describe());
        return null;
    }

    private List<SourceNode> list(SourceNode node, String path) {
        if (node == null) {
            return null;
        }
        if (node instanceof Sequence s) {
            return s.elements();
        }
        report(node, path, path + " must be a list, found " + node.describe());
        return null;
    }

    /** The value when it is one of {@code allowed}, else null after reporting what is allowed. */
    private String oneOf(SourceNode node, String path, String... allowed) {
        if (node instanceof Scalar s && s.isString() && List.of(allowed).contains(s.text())) {
            return s.text();
        }
        String field = path.substring(path.lastIndexOf('.') + 1);
        String choices = String.join(", ", List.of(allowed).subList(0, allowed.length - 1)) + " or "
                + allowed[allowed.length - 1];
        report(node, path, field + " must be " + choices + ", found " + node.describe());
        return null;
    }

    private String string(SourceNode node, String path) {
        if (node instanceof Scalar s && s.isString()) {
            return s.text();
        }
        String hint = node instanceof Scalar s && !s.isNull() ? " (quote it to make it a string)" : "";
        report(node, path, path + " must be a string, found " + node.describe() + hint);
        return null;
    }

    private void report(SourceNode node, String field, String message) {
        report(node.line(), node.column(), field, message);
    }

    private void report(int line, int column, String field, String message) {
        violations.add(new PolicyViolation(document, line, column, field, message));
    }
}
