package io.agentassembly.policy;

import io.agentassembly.policy.PolicyDocument.CredentialAction;
import io.agentassembly.policy.PolicyParser.Format;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

class PolicyParserTest {

    private static final String FULL = """
            apiVersion: agent-assembly/v1
            kind: Policy
            metadata:
              name: prod-guard
              version: "2024-06 review"
              description: Production agents
            spec:
              scope: global
              enforcement_mode: observe
              network:
                allowlist: [api.openai.com, "*.Corp.Example", api.openai.com]
              schedule:
                active_hours: { start: "08:00", end: "18:00", timezone: Europe/Dublin }
              budget:
                daily_limit_usd: 10.50
                monthly_limit_usd: 200
                org_daily_limit_usd: 100
                org_monthly_limit_usd: 1000.00
                action_on_exceed: alert
              data:
                credential_action: deny
                sensitive_patterns: ["ACME-[0-9]{6}"]
              tools:
                shell: { allow: false }
                "fs_*": { limit_per_hour: 10, requires_approval_if: "args.path.startsWith('/etc')" }
            """;

    /** A valid document whose spec ends with {@code specTail} (indented two spaces). */
    private static String withSpec(String specTail) {
        return """
                apiVersion: agent-assembly/v1
                kind: Policy
                metadata:
                  name: p
                spec:
                  scope: global
                """ + specTail;
    }

    private static PolicyViolation onlyViolation(String body) {
        List<PolicyViolation> violations = violations(body, Format.YAML);
        assertThat(violations).hasSize(1);
        return violations.getFirst();
    }

    private static List<PolicyViolation> violations(String body, Format format) {
        InvalidPolicyException e = catchThrowableOfType(InvalidPolicyException.class,
                () -> PolicyParser.parse(body, format));
        assertThat(e).as("expected the body to be rejected").isNotNull();
        return e.violations();
    }

    private static void assertViolation(PolicyViolation v, int line, String field, String messageFragment) {
        assertThat(v.line()).as("line of " + v).isEqualTo(line);
        assertThat(v.field()).as("field of " + v).isEqualTo(field);
        assertThat(v.message()).contains(messageFragment);
    }

    // ---- a valid document ----

    @Test
    void readsEverySectionIntoTheModel() {
        ParsedPolicy parsed = PolicyParser.parse(FULL, Format.YAML).getFirst();
        PolicyDocument doc = parsed.document();

        assertThat(parsed.name()).isEqualTo("prod-guard");
        assertThat(doc.label()).isEqualTo("2024-06 review");
        assertThat(doc.description()).isEqualTo("Production agents");
        assertThat(doc.scope()).isEqualTo(PolicyScope.GLOBAL);
        assertThat(doc.enforcementMode()).isEqualTo(EnforcementMode.OBSERVE);
        assertThat(doc.network().allowlist()).containsExactly("*.corp.example", "api.openai.com");
        assertThat(doc.schedule()).isEqualTo(new PolicyDocument.Schedule("08:00", "18:00", "Europe/Dublin"));
        assertThat(doc.budget().dailyLimitUsd()).isEqualByComparingTo("10.5");
        assertThat(doc.budget().orgMonthlyLimitUsd()).isEqualByComparingTo("1000");
        assertThat(doc.budget().teamDailyLimitUsd()).isNull();
        assertThat(doc.budget().timezone()).isEqualTo("UTC");
        assertThat(doc.budget().actionOnExceed()).isEqualTo("alert");
        assertThat(doc.data()).isEqualTo(new PolicyDocument.Data(CredentialAction.DENY, List.of("ACME-[0-9]{6}")));
        assertThat(doc.tools()).containsOnlyKeys("shell", "fs_*");
        assertThat(doc.tools().get("shell")).isEqualTo(new PolicyDocument.ToolRule(false, null, null));
        assertThat(doc.tools().get("fs_*"))
                .isEqualTo(new PolicyDocument.ToolRule(null, 10, "args.path.startsWith('/etc')"));
        assertThat(parsed.source()).isEqualTo(FULL);
        assertThat(parsed.digest()).matches("sha256:[0-9a-f]{64}");
    }

    @Test
    void makesDefaultsExplicitInTheCanonicalJson() {
        ParsedPolicy parsed = PolicyParser.parse(withSpec("""
                  data: { sensitive_patterns: ["x[0-9]+"] }
                  budget: { daily_limit_usd: 5 }
                  schedule: { active_hours: { start: "22:00", end: "06:00" } }
                """), Format.YAML).getFirst();

        assertThat(parsed.document().enforcementMode()).isEqualTo(EnforcementMode.ENFORCE);
        assertThat(parsed.document().data().credentialAction()).isEqualTo(CredentialAction.REDACT);
        assertThat(parsed.document().tools()).isEmpty();
        assertThat(parsed.canonicalJson()).isEqualTo("{\"apiVersion\":\"agent-assembly/v1\",\"kind\":\"Policy\","
                + "\"metadata\":{\"name\":\"p\"},\"spec\":{"
                + "\"budget\":{\"action_on_exceed\":\"deny\",\"daily_limit_usd\":5,\"timezone\":\"UTC\"},"
                + "\"data\":{\"credential_action\":\"redact\",\"sensitive_patterns\":[\"x[0-9]+\"]},"
                + "\"enforcement_mode\":\"enforce\","
                + "\"schedule\":{\"active_hours\":{\"end\":\"06:00\",\"start\":\"22:00\",\"timezone\":\"UTC\"}},"
                + "\"scope\":\"global\",\"tools\":{}}}");
    }

    @Test
    void parsesEveryScopeForm() {
        assertThat(PolicyScope.parse("global")).isSameAs(PolicyScope.GLOBAL);
        assertThat(PolicyScope.parse("org:acme")).isEqualTo(new PolicyScope(PolicyScope.Level.ORG, "acme", null, null));
        assertThat(PolicyScope.parse("team:eng")).isEqualTo(new PolicyScope(PolicyScope.Level.TEAM, null, "eng", null));
        assertThat(PolicyScope.parse("team:acme/eng"))
                .isEqualTo(new PolicyScope(PolicyScope.Level.TEAM, "acme", "eng", null));
        assertThat(PolicyScope.parse("agent:bot-1"))
                .isEqualTo(new PolicyScope(PolicyScope.Level.AGENT, null, null, "bot-1"));
        assertThat(PolicyScope.parse("agent:acme/eng/bot-1"))
                .isEqualTo(new PolicyScope(PolicyScope.Level.AGENT, "acme", "eng", "bot-1"));
        for (String text : List.of("global", "org:a", "team:t", "team:a/t", "agent:x", "agent:a/t/x")) {
            assertThat(PolicyScope.parse(text).text()).isEqualTo(text);
        }
        for (String bad : List.of("", "Global", "org", "org:", "org:a/b", "team:a/b/c", "agent:a/b", "user:x",
                "org:a b", "agent:a/b/c/d")) {
            assertThatThrownBy(() -> PolicyScope.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    // ---- one test per violation kind: line and field ----

    @Test
    void rejectsAnEmptyFile() {
        for (String body : List.of("", "   \n", "# only a comment\n", "---\n---\n")) {
            PolicyViolation v = onlyViolation(body);
            assertThat(v.message()).contains("no policy document");
            assertThat(v.document()).as("documents count from 1").isEqualTo(1);
        }
        assertThat(violations("[]", Format.JSON)).singleElement()
                .satisfies(v -> assertThat(v.message()).contains("no policy document"));
        assertThatThrownBy(() -> PolicyParser.parse(null, Format.YAML)).isInstanceOf(InvalidPolicyException.class);
    }

    @Test
    void rejectsUnknownFieldsAnywhere() {
        List<PolicyViolation> violations = violations("""
                apiVersion: agent-assembly/v1
                kind: Policy
                status: draft
                metadata: { name: p, owner: me }
                spec:
                  scope: global
                  priority: 3
                  network: { allowlist: [], denylist: [] }
                  schedule: { active_hours: { start: "08:00", end: "18:00", tz: UTC } }
                  tools:
                    shell: { allow: false, deny: true }
                """, Format.YAML);

        assertThat(violations).hasSize(6);
        assertViolation(violations.get(0), 3, "status", "unknown field 'status'");
        assertViolation(violations.get(1), 4, "metadata.owner", "metadata allows description, name, version");
        assertViolation(violations.get(2), 7, "spec.priority", "unknown field 'priority'");
        assertViolation(violations.get(3), 8, "spec.network.denylist", "unknown field");
        assertViolation(violations.get(4), 9, "spec.schedule.active_hours.tz", "unknown field 'tz'");
        assertViolation(violations.get(5), 11, "spec.tools.shell.deny",
                "spec.tools.shell allows allow, limit_per_hour, requires_approval_if");
    }

    @Test
    void rejectsMissingRequiredFields() {
        List<PolicyViolation> violations = violations("""
                metadata:
                  description: no name
                spec:
                  enforcement_mode: enforce
                """, Format.YAML);

        assertThat(violations).extracting(PolicyViolation::field)
                .containsExactlyInAnyOrder("apiVersion", "kind", "metadata.name", "spec.scope");
        assertThat(violations).filteredOn(v -> "metadata.name".equals(v.field())).singleElement()
                .satisfies(v -> assertViolation(v, 2, "metadata.name", "missing field metadata.name"));
        assertThat(violations).filteredOn(v -> "spec.scope".equals(v.field())).singleElement()
                .satisfies(v -> assertViolation(v, 4, "spec.scope", "missing field spec.scope"));

        assertViolation(onlyViolation("apiVersion: agent-assembly/v1\nkind: Policy\nmetadata: { name: p }\n"),
                1, "spec", "missing field spec");
    }

    @Test
    void rejectsAWrongApiVersionOrKind() {
        List<PolicyViolation> violations = violations("""
                apiVersion: agent-assembly/v2
                kind: Policies
                metadata: { name: p }
                spec: { scope: global }
                """, Format.YAML);

        assertViolation(violations.get(0), 1, "apiVersion", "apiVersion must be agent-assembly/v1");
        assertViolation(violations.get(1), 2, "kind", "kind must be Policy");
    }

    @Test
    void rejectsLegacyRulesListsUnderSpecAndAtTheTop() {
        List<PolicyViolation> violations = violations("""
                apiVersion: agent-assembly/v1
                kind: Policy
                metadata: { name: p }
                rules:
                  - { action: deny, tool: shell }
                spec:
                  scope: global
                  rules:
                    - { action: allow, host: api.openai.com }
                """, Format.YAML);

        assertThat(violations).hasSize(2);
        assertViolation(violations.get(0), 4, "rules",
                "legacy rules lists are not supported; use spec.tools / spec.network / spec.data");
        assertViolation(violations.get(1), 8, "spec.rules", "legacy rules lists are not supported");
    }

    @Test
    void rejectsBadScopeSyntax() {
        assertViolation(onlyViolation("""
                apiVersion: agent-assembly/v1
                kind: Policy
                metadata: { name: p }
                spec:
                  scope: team:acme/eng/extra
                """), 5, "spec.scope", "team:<org>/<team>");
        assertViolation(onlyViolation("""
                apiVersion: agent-assembly/v1
                kind: Policy
                metadata: { name: p }
                spec:
                  scope: workspace:all
                """), 5, "spec.scope", "starts with 'workspace:'");
    }

    @Test
    void rejectsABadEnforcementMode() {
        assertViolation(onlyViolation(withSpec("  enforcement_mode: audit\n")), 7, "spec.enforcement_mode",
                "enforcement_mode must be enforce, observe or disabled, found the string 'audit'");
        // YAML 1.2 booleans: an unquoted off is the string 'off'
        assertViolation(onlyViolation(withSpec("  enforcement_mode: off\n")), 7, "spec.enforcement_mode",
                "found the string 'off'");
        assertViolation(onlyViolation(withSpec("  enforcement_mode: true\n")), 7, "spec.enforcement_mode",
                "found the boolean true");
    }

    @Test
    void rejectsBadNames() {
        for (String name : List.of("Prod", "-prod", "prod guard", "a".repeat(64), "\"\"", "prod/guard")) {
            PolicyViolation v = onlyViolation("""
                    apiVersion: agent-assembly/v1
                    kind: Policy
                    metadata:
                      name: %s
                    spec: { scope: global }
                    """.formatted(name));
            assertViolation(v, 4, "metadata.name", "is not valid");
        }
        assertThat(PolicyParser.parse(withSpec("").replace("name: p", "name: " + "a".repeat(63)), Format.YAML))
                .hasSize(1);
        assertViolation(onlyViolation(withSpec("").replace("name: p", "name: 42")), 4, "metadata.name",
                "must be a string, found the number 42 (quote it");
    }

    @Test
    void rejectsDuplicateNamesInOneFile() {
        String body = withSpec("") + "---\n" + withSpec("  enforcement_mode: observe\n");
        List<PolicyViolation> violations = violations(body, Format.YAML);

        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.document()).as("the second document").isEqualTo(2);
            assertViolation(v, 11, "metadata.name", "duplicate name 'p': document 1 of this file has it too");
        });
    }

    @Test
    void rejectsHostPatternsOtherThanExactHostsOrALeadingWildcard() {
        List<PolicyViolation> violations = violations(withSpec("""
                  network:
                    allowlist:
                      - api.openai.com
                      - "*.corp.example"
                      - "*"
                      - "api.*.com"
                      - https://api.openai.com
                      - api.openai.com:443
                      - "bad host"
                      - 42
                """), Format.YAML);

        assertThat(violations).hasSize(6);
        assertViolation(violations.get(0), 11, "spec.network.allowlist[2]", "not a leading '*.'");
        assertViolation(violations.get(1), 12, "spec.network.allowlist[3]", "not a leading '*.'");
        assertViolation(violations.get(2), 13, "spec.network.allowlist[4]", "without scheme, port or path");
        assertViolation(violations.get(3), 14, "spec.network.allowlist[5]", "without scheme, port or path");
        assertViolation(violations.get(4), 15, "spec.network.allowlist[6]", "is not a valid host name");
        assertViolation(violations.get(5), 16, "spec.network.allowlist[7]", "must be a string");

        assertViolation(onlyViolation(withSpec("  network: {}\n")), 7, "spec.network.allowlist",
                "missing field spec.network.allowlist");
    }

    @Test
    void rejectsBadScheduleTimesAndZones() {
        List<PolicyViolation> violations = violations(withSpec("""
                  schedule:
                    active_hours:
                      start: "8:00"
                      end: "24:00"
                      timezone: Europe/Atlantis
                """), Format.YAML);

        assertThat(violations).hasSize(3);
        assertViolation(violations.get(0), 9, "spec.schedule.active_hours.start", "must be a time HH:mm");
        assertViolation(violations.get(1), 10, "spec.schedule.active_hours.end", "must be a time HH:mm");
        assertViolation(violations.get(2), 11, "spec.schedule.active_hours.timezone",
                "'Europe/Atlantis' is not a time zone");

        assertViolation(onlyViolation(withSpec("""
                  schedule: { active_hours: { start: "09:00", end: "09:00" } }
                """)), 7, "spec.schedule.active_hours.end", "two different times");
        // unquoted times are read as the author wrote them
        assertThat(PolicyParser.parse(withSpec("  schedule: { active_hours: { start: 08:00, end: 18:30 } }\n"),
                Format.YAML).getFirst().document().schedule())
                .isEqualTo(new PolicyDocument.Schedule("08:00", "18:30", "UTC"));
    }

    @Test
    void rejectsNegativeAndInconsistentBudgets() {
        List<PolicyViolation> violations = violations(withSpec("""
                  budget:
                    daily_limit_usd: -1
                    team_daily_limit_usd: 50
                    team_monthly_limit_usd: 49.99
                    org_daily_limit_usd: "100"
                    timezone: Nowhere/City
                    action_on_exceed: block
                """), Format.YAML);

        assertThat(violations).hasSize(5);
        assertViolation(violations.get(0), 8, "spec.budget.daily_limit_usd", "must be 0 or more, not -1");
        assertViolation(violations.get(1), 10, "spec.budget.team_monthly_limit_usd",
                "team_monthly_limit_usd (49.99) is below team_daily_limit_usd (50)");
        assertViolation(violations.get(2), 11, "spec.budget.org_daily_limit_usd", "must be an amount in USD");
        assertViolation(violations.get(3), 12, "spec.budget.timezone", "is not a time zone");
        assertViolation(violations.get(4), 13, "spec.budget.action_on_exceed",
                "action_on_exceed must be deny or alert, found the string 'block'");

        assertViolation(onlyViolation(withSpec("  budget: { daily_limit_usd: 20, monthly_limit_usd: 10 }\n")),
                7, "spec.budget.monthly_limit_usd", "a monthly limit must be at least its daily limit");
        assertViolation(onlyViolation(withSpec("  budget: { org_daily_limit_usd: 2, org_monthly_limit_usd: 1 }\n")),
                7, "spec.budget.org_monthly_limit_usd", "below org_daily_limit_usd");
        assertThat(PolicyParser.parse(withSpec("  budget: { daily_limit_usd: 0, monthly_limit_usd: 0 }\n"),
                Format.YAML)).hasSize(1);
    }

    @Test
    void acceptsBudgetEnvelopesOnlyInGlobalDocuments() {
        for (String scope : new String[]{"org:acme", "team:payments", "team:acme/payments", "agent:acme/payments/payer"}) {
            String document = """
                    apiVersion: agent-assembly/v1
                    kind: Policy
                    metadata:
                      name: p
                    spec:
                      scope: %s
                      budget:
                        org_daily_limit_usd: 10
                    """.formatted(scope);
            PolicyViolation violation = onlyViolation(document);
            assertViolation(violation, 7, "spec.budget", "only global-scoped documents may set budget envelopes");
            assertThat(violation.message()).contains("'" + scope + "'");
        }
        assertThat(PolicyParser.parse(withSpec("  budget: { org_daily_limit_usd: 10 }\n"), Format.YAML)).hasSize(1);
    }

    @Test
    void rejectsAZeroOrFractionalRateLimit() {
        List<PolicyViolation> violations = violations(withSpec("""
                  tools:
                    shell:
                      limit_per_hour: 0
                    browse: { limit_per_hour: 2.5 }
                    fetch: { limit_per_hour: "10" }
                    read: { limit_per_hour: 99999999999 }
                """), Format.YAML);

        assertThat(violations).hasSize(4);
        assertViolation(violations.get(0), 9, "spec.tools.shell.limit_per_hour", "must be at least 1, not 0");
        assertViolation(violations.get(1), 10, "spec.tools.browse.limit_per_hour", "whole number");
        assertViolation(violations.get(2), 11, "spec.tools.fetch.limit_per_hour", "whole number");
        assertViolation(violations.get(3), 12, "spec.tools.read.limit_per_hour", "too large");
    }

    @Test
    void rejectsAToolRuleThatIsNotAMappingOrHasANonBooleanAllow() {
        List<PolicyViolation> violations = violations(withSpec("""
                  tools:
                    shell:
                    browse: { allow: "yes please" }
                    "bad name": { allow: true }
                    fetch: { allow: yes }
                """), Format.YAML);

        assertThat(violations).hasSize(4);
        assertViolation(violations.get(3), 11, "spec.tools.fetch.allow", "allow must be true or false, found the string 'yes'");
        assertViolation(violations.get(0), 8, "spec.tools.shell", "must be a mapping, found an empty value");
        assertViolation(violations.get(1), 9, "spec.tools.browse.allow", "allow must be true or false");
        assertViolation(violations.get(2), 10, "spec.tools[\"bad name\"]", "tool name 'bad name' is not valid");
    }

    @Test
    void rejectsBadSensitivePatterns() {
        List<PolicyViolation> violations = violations(withSpec("""
                  data:
                    credential_action: shred
                    sensitive_patterns:
                      - "ACME-[0-9]{6}"
                      - "(unclosed"
                      - "(a+)+\\\\1"
                      - "x*"
                      - ""
                """), Format.YAML);

        assertThat(violations).hasSize(5);
        assertViolation(violations.get(0), 8, "spec.data.credential_action",
                "credential_action must be redact, deny or allow");
        assertViolation(violations.get(1), 11, "spec.data.sensitive_patterns[1]", "not a valid regular expression");
        // back-references are not RE2 (no exponential matching)
        assertViolation(violations.get(2), 12, "spec.data.sensitive_patterns[2]", "not a valid regular expression");
        assertViolation(violations.get(3), 13, "spec.data.sensitive_patterns[3]", "matches the empty string");
        assertViolation(violations.get(4), 14, "spec.data.sensitive_patterns[4]", "must not be empty");
    }

    @Test
    void rejectsApprovalConditionsThatDoNotCompileOrAreNotBoolean() {
        List<PolicyViolation> violations = violations(withSpec("""
                  tools:
                    pay: { requires_approval_if: "args.amount >" }
                    shell: { requires_approval_if: "tool" }
                    fetch: { requires_approval_if: "url.contains('x')" }
                    mail: { requires_approval_if: "" }
                    ok: { requires_approval_if: "has(args.to) && args.to.endsWith('@rival.example') || agent.team_id == 'ops'" }
                """), Format.YAML);

        assertThat(violations).hasSize(4);
        assertViolation(violations.get(0), 8, "spec.tools.pay.requires_approval_if", "does not compile");
        assertViolation(violations.get(1), 9, "spec.tools.shell.requires_approval_if",
                "expected type 'bool' but found 'string'");
        assertViolation(violations.get(2), 10, "spec.tools.fetch.requires_approval_if",
                "undeclared reference to 'url'");
        assertViolation(violations.get(3), 11, "spec.tools.mail.requires_approval_if", "the condition is empty");
    }

    @Test
    void rejectsApprovalConditionsWhoseWorstCaseCostIsTooHigh() {
        List<PolicyViolation> violations = violations(withSpec("""
                  tools:
                    scan: { requires_approval_if: "args.l.exists(x, args.s.matches('a+b'))" }
                    pairs: { requires_approval_if: "args.a.exists(x, args.b.exists(y, x == y))" }
                    grep: { requires_approval_if: "args.text.matches(args.pattern)" }
                    ok: { requires_approval_if: "args.paths.exists(p, p.startsWith('/etc/'))" }
                """), Format.YAML);

        assertThat(violations).hasSize(3);
        assertViolation(violations.get(0), 8, "spec.tools.scan.requires_approval_if",
                "more than the 20000 allowed; it calls matches() inside a comprehension");
        assertViolation(violations.get(1), 9, "spec.tools.pairs.requires_approval_if", "it nests comprehensions");
        assertViolation(violations.get(2), 10, "spec.tools.grep.requires_approval_if",
                "matches() needs a string literal as its pattern");
    }

    @Test
    void rejectsWrongShapes() {
        assertViolation(onlyViolation("- just\n- a list\n"), 1, null, "a policy document must be a mapping");
        assertViolation(onlyViolation(withSpec("  tools: [shell]\n")), 7, "spec.tools",
                "spec.tools must be a mapping, found a list");
        assertViolation(onlyViolation(withSpec("  network: { allowlist: api.openai.com }\n")), 7,
                "spec.network.allowlist", "must be a list");
        assertViolation(onlyViolation(withSpec("  data:\n")), 7, "spec.data", "must be a mapping, found an empty value");
    }

    @Test
    void rejectsDuplicateKeysAndYamlAliases() {
        List<PolicyViolation> violations = violations(withSpec("""
                  tools:
                    shell: &deny { allow: false }
                    exec: *deny
                    shell: { allow: true }
                """), Format.YAML);

        assertThat(violations).extracting(PolicyViolation::line, PolicyViolation::field, PolicyViolation::message)
                .containsExactly(
                        tuple(8, "spec.tools.shell", "YAML anchors and aliases are not supported; write the value out"),
                        tuple(9, "spec.tools.exec", "YAML anchors and aliases are not supported; write the value out"),
                        tuple(9, "spec.tools.exec", "spec.tools.exec must be a mapping, found the string 'deny'"),
                        tuple(10, "spec.tools.shell", "duplicate key 'shell'; give each key once"));
    }

    @Test
    void reportsSyntaxErrorsWithTheirLineInTheWholeFile() {
        String body = withSpec("") + "---\n" + """
                apiVersion: agent-assembly/v1
                kind: Policy
                metadata: { name: q
                spec: { scope: global }
                """;
        List<PolicyViolation> violations = violations(body, Format.YAML);

        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.document()).isEqualTo(2);
            assertThat(v.line()).isBetween(10, 12);
            assertThat(v.message()).startsWith("syntax error: ");
        });

        PolicyViolation json = violations("{\"apiVersion\": \"agent-assembly/v1\",\n \"kind\": }", Format.JSON)
                .getFirst();
        assertThat(json.line()).isEqualTo(2);
        assertThat(json.message()).startsWith("syntax error: ");
    }

    @Test
    void collectsViolationsOfEveryDocumentInOrder() {
        String body = withSpec("  enforcement_mode: loud\n") + "---\n" + withSpec("").replace("name: p", "name: q")
                .replace("scope: global", "scope: planet");
        List<PolicyViolation> violations = violations(body, Format.YAML);

        assertThat(violations).extracting(PolicyViolation::document, PolicyViolation::line, PolicyViolation::field)
                .containsExactly(tuple(1, 7, "spec.enforcement_mode"),
                        tuple(2, 14, "spec.scope"));
        assertThat(violations.getFirst().column()).isEqualTo(21);
    }

    // ---- multi-document files ----

    @Test
    void slicesEachDocumentsOwnSourceOutOfAMultiDocumentFile() {
        String first = """
                # the base policy
                apiVersion: agent-assembly/v1
                kind: Policy
                metadata: { name: base }
                spec: { scope: global }
                """;
        String second = """
                apiVersion: agent-assembly/v1
                kind: Policy
                metadata: { name: eng }
                spec:
                  scope: team:acme/eng
                """;
        String third = "--- {apiVersion: agent-assembly/v1, kind: Policy, metadata: {name: bot}, spec: {scope: \"agent:b\"}}\n";
        List<ParsedPolicy> parsed = PolicyParser.parse("---\n" + first + "---\n" + second + "...\n" + third,
                Format.YAML);

        assertThat(parsed).extracting(ParsedPolicy::name).containsExactly("base", "eng", "bot");
        assertThat(parsed.get(0).source()).isEqualTo(first);
        assertThat(parsed.get(1).source()).isEqualTo(second);
        assertThat(parsed.get(2).source()).isEqualTo(third);
        // a slice parses back to the same document
        for (ParsedPolicy p : parsed) {
            assertThat(PolicyParser.parse(p.source(), Format.YAML).getFirst().digest()).isEqualTo(p.digest());
        }
    }

    @Test
    void slicesEachDocumentOutOfAJsonArray() {
        String a = "{\"apiVersion\":\"agent-assembly/v1\",\"kind\":\"Policy\",\"metadata\":{\"name\":\"a\"},"
                + "\"spec\":{\"scope\":\"global\"}}";
        String b = "{ \"apiVersion\": \"agent-assembly/v1\", \"kind\": \"Policy\",\n  \"metadata\": {\"name\": \"b\"},"
                + " \"spec\": {\"scope\": \"org:acme\", \"tools\": {\"shell\": {\"allow\": false}}} }";
        List<ParsedPolicy> parsed = PolicyParser.parse("[\n  " + a + ",\n  " + b + "\n]", Format.JSON);

        assertThat(parsed).extracting(ParsedPolicy::source).containsExactly(a, b);
        assertThat(PolicyParser.parse(b, Format.JSON).getFirst().source()).isEqualTo(b);

        List<PolicyViolation> violations = violations("[" + a + ", {\"apiVersion\": \"agent-assembly/v1\","
                + " \"kind\": \"Policy\", \"metadata\": {\"name\": \"c\"}, \"spec\": {\"scope\": \"org:\"}}]", Format.JSON);
        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.document()).isEqualTo(2);
            assertThat(v.field()).isEqualTo("spec.scope");
            assertThat(v.line()).isEqualTo(1);
        });
        assertThat(violations("\"text\"", Format.JSON).getFirst().message()).contains("must be a policy document");
        assertThat(violations(a + " {}", Format.JSON).getFirst().message()).contains("unexpected content");
    }

    // ---- digests ----

    @Test
    void givesTheSameDigestToDocumentsThatMeanTheSame() {
        String reordered = """
                spec:
                  tools:
                    "fs_*": { requires_approval_if: "args.path.startsWith('/etc')", limit_per_hour: 10 }
                    shell:
                      allow: false
                  data: { sensitive_patterns: ["ACME-[0-9]{6}"], credential_action: deny }
                  budget:
                    org_monthly_limit_usd: 1000
                    action_on_exceed: alert
                    org_daily_limit_usd: 100.0
                    monthly_limit_usd: 2e2
                    daily_limit_usd: 10.5
                    timezone: UTC
                  schedule:
                    active_hours: { timezone: Europe/Dublin, end: "18:00", start: 08:00 }
                  network:
                    allowlist: ["*.corp.example", API.OpenAI.com]
                  enforcement_mode: observe
                  scope: global
                # comments do not count
                metadata: { description: Production agents, version: 2024-06 review, name: prod-guard }
                kind: Policy
                apiVersion: agent-assembly/v1
                """;
        ParsedPolicy original = PolicyParser.parse(FULL, Format.YAML).getFirst();
        ParsedPolicy other = PolicyParser.parse(reordered, Format.YAML).getFirst();

        assertThat(other.canonicalJson()).isEqualTo(original.canonicalJson());
        assertThat(other.digest()).isEqualTo(original.digest());
        assertThat(other.source()).isNotEqualTo(original.source());

        ParsedPolicy fromJson = PolicyParser.parse(original.canonicalJson(), Format.JSON).getFirst();
        assertThat(fromJson.digest()).isEqualTo(original.digest());

        String handWrittenJson = """
                {
                  "kind": "Policy", "apiVersion": "agent-assembly/v1",
                  "metadata": {"name": "prod-guard", "version": "2024-06 review", "description": "Production agents"},
                  "spec": {
                    "scope": "global", "enforcement_mode": "observe",
                    "network": {"allowlist": ["api.openai.com", "*.corp.example"]},
                    "schedule": {"active_hours": {"start": "08:00", "end": "18:00", "timezone": "Europe/Dublin"}},
                    "budget": {"daily_limit_usd": 10.50, "monthly_limit_usd": 200, "org_daily_limit_usd": 100,
                               "org_monthly_limit_usd": 1000, "action_on_exceed": "alert"},
                    "data": {"credential_action": "deny", "sensitive_patterns": ["ACME-[0-9]{6}"]},
                    "tools": {"shell": {"allow": false},
                              "fs_*": {"limit_per_hour": 10, "requires_approval_if": "args.path.startsWith('/etc')"}}
                  }
                }
                """;
        assertThat(PolicyParser.parse(handWrittenJson, Format.JSON).getFirst().digest()).isEqualTo(original.digest());
    }

    @Test
    void givesADifferentDigestWhenTheMeaningChanges() {
        ParsedPolicy original = PolicyParser.parse(FULL, Format.YAML).getFirst();
        ParsedPolicy changed = PolicyParser.parse(FULL.replace("limit_per_hour: 10", "limit_per_hour: 11"),
                Format.YAML).getFirst();

        assertThat(changed.digest()).isNotEqualTo(original.digest());
        // explicit defaults: writing the default mode does not change the meaning
        assertThat(PolicyParser.parse(withSpec("  enforcement_mode: enforce\n  tools: {}\n"), Format.YAML)
                .getFirst().digest())
                .isEqualTo(PolicyParser.parse(withSpec(""), Format.YAML).getFirst().digest());
    }

    // ---- diff ----

    @Test
    void diffsFieldByFieldInPathOrder() {
        ParsedPolicy from = PolicyParser.parse(FULL, Format.YAML).getFirst();
        ParsedPolicy to = PolicyParser.parse(FULL
                .replace("shell: { allow: false }", "shell: { allow: true, limit_per_hour: 5 }")
                .replace("enforcement_mode: observe", "enforcement_mode: enforce")
                .replace("api.openai.com, \"*.Corp.Example\", api.openai.com", "api.openai.com")
                .replace("daily_limit_usd: 10.50", "daily_limit_usd: 12")
                .replace("    \"fs_*\"", "    browse: { allow: false }\n    \"fs_*\"")
                .replace("  data:\n    credential_action: deny\n    sensitive_patterns: [\"ACME-[0-9]{6}\"]\n", ""),
                Format.YAML).getFirst();

        assertThat(PolicyDiff.between(from, to)).containsExactly(
                new PolicyDiff.Change("spec.budget.daily_limit_usd", new BigDecimal("10.5"), 12L),
                new PolicyDiff.Change("spec.data",
                        java.util.Map.of("credential_action", "deny", "sensitive_patterns", List.of("ACME-[0-9]{6}")),
                        null),
                new PolicyDiff.Change("spec.enforcement_mode", "observe", "enforce"),
                new PolicyDiff.Change("spec.network.allowlist", List.of("*.corp.example", "api.openai.com"),
                        List.of("api.openai.com")),
                new PolicyDiff.Change("spec.tools.browse", null, java.util.Map.of("allow", false)),
                new PolicyDiff.Change("spec.tools.shell.allow", false, true),
                new PolicyDiff.Change("spec.tools.shell.limit_per_hour", null, 5L));
        assertThat(PolicyDiff.between(from, from)).isEmpty();
    }

    @Test
    void quotesToolNamesThatAreNotPlainWordsInPaths() {
        ParsedPolicy from = PolicyParser.parse(withSpec("  tools: { \"github.create_issue\": { allow: true } }\n"),
                Format.YAML).getFirst();
        ParsedPolicy to = PolicyParser.parse(withSpec("  tools: { \"github.create_issue\": { allow: false } }\n"),
                Format.YAML).getFirst();

        assertThat(PolicyDiff.between(from, to)).containsExactly(
                new PolicyDiff.Change("spec.tools[\"github.create_issue\"].allow", true, false));
    }

    @Test
    void controlCharactersThatEscapesPutIntoKeysOrStringsAreViolations() {
        assertViolation(onlyViolation(withSpec("  tools: { shell: { allow: false } }\n").replace("name: p",
                "name: p\n  description: \"bell\\a and nul\\0\"")), 5, "metadata.description",
                "the value contains a control character (U+0007) at position 4; remove it");
        List<PolicyViolation> json = violations("""
                {"apiVersion": "agent-assembly/v1", "kind": "Policy",
                 "metadata": {"name": "p", "description": "x\\u0085"},
                 "spec": {"scope": "global", "tools": {"a\\u0000b": {"allow": false}}}}
                """, Format.JSON);
        assertThat(json).extracting(PolicyViolation::message)
                .contains("the value contains a control character (U+0085) at position 1; remove it",
                        "the key contains a control character (U+0000) at position 1; remove it");
        assertThat(json).extracting(PolicyViolation::field).contains("spec.tools[\"a\\u0000b\"]");
    }

    @Test
    void stringsMaySpanLines() {
        List<ParsedPolicy> parsed = PolicyParser.parse(withSpec("  tools: { shell: { allow: false } }\n")
                .replace("name: p", "name: p\n  description: |\n    first line\n    \tsecond line"), Format.YAML);
        assertThat(parsed).hasSize(1);
    }
}
