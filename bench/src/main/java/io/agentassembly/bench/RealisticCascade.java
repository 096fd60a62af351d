package io.agentassembly.bench;

import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The policy cascade the benchmark decides under: one document at every scope level of the load agent (global,
 * org, team, agent), 20 tool rules among them (allow/deny, globs, {@code limit_per_hour}, approval conditions),
 * a 100-host network allowlist (90 exact hosts, 10 wildcard patterns), credential redaction, and active hours
 * around the time of the run. The load alternates a tool call that every level consults and a network call to
 * an allowlisted host, both allowed.
 */
final class RealisticCascade {

    static final String TOOL = "search";
    static final String TOOL_ARGS = "{\"query\":\"quarterly revenue by region\",\"limit\":10,\"filters\":"
            + "{\"region\":[\"emea\",\"apac\"],\"since\":\"2026-01-01\"}}";
    static final String HOST = "api-57.partner.example";

    private RealisticCascade() {
    }

    /** The four documents as one multi-document YAML file, scoped to the agent {@code org/team/agent}. */
    static String yaml(String org, String team, String agent, boolean envelopes) {
        LocalTime now = LocalTime.now(ZoneOffset.UTC);
        DateTimeFormatter hours = DateTimeFormatter.ofPattern("HH:mm");
        String allowlist = IntStream.range(0, 90).mapToObj(i -> "api-" + i + ".partner.example")
                .collect(Collectors.joining(", ", "[", ""))
                + IntStream.range(0, 10).mapToObj(i -> "\"*.svc" + i + ".corp.example\"")
                .collect(Collectors.joining(", ", ", ", "]"));
        return String.join("---\n",
                document("bench-global", "global", """
                          schedule: { active_hours: { start: "%s", end: "%s", timezone: UTC } }
                          data: { credential_action: redact }
                          network: { allowlist: %s }
                          tools:
                            "*": { allow: true }
                            shell: { allow: false }
                            "exec_*": { allow: false }
                            "delete_*": { allow: false }
                            fs_write: { allow: false }
                            "browser_*": { allow: true }
                            wire_transfer: { requires_approval_if: "args.amount > 1000" }
                            send_email: { requires_approval_if: "size(args.to) > 10" }
                        """.formatted(now.minusHours(1).format(hours), now.plusHours(3).format(hours), allowlist)
                        + (envelopes ? "  budget: { org_daily_limit_usd: 1000000000, org_monthly_limit_usd: 1000000000 }\n"
                        : "")),
                document("bench-org", "org:" + org, """
                          tools:
                            %s: { limit_per_hour: 2000000000 }
                            sql_query: { requires_approval_if: "args.table == 'payroll'" }
                            "github_*": { allow: true }
                            slack_post: { limit_per_hour: 600 }
                            "jira_*": { allow: true }
                        """.formatted(TOOL)),
                document("bench-team", "team:" + org + "/" + team, """
                          tools:
                            deploy: { allow: false }
                            "k8s_*": { requires_approval_if: "args.namespace == 'prod'" }
                            %s: { allow: true }
                            read_file: { allow: true }
                        """.formatted(TOOL)),
                document("bench-agent", "agent:" + org + "/" + team + "/" + agent, """
                          tools:
                            %s: { limit_per_hour: 1000000000 }
                            fetch_url: { allow: true }
                            summarize: { allow: true }
                        """.formatted(TOOL)));
    }

    /** A policy document: {@code spec} holds the lines of its spec after the scope, indented by two spaces. */
    private static String document(String name, String scope, String spec) {
        return """
                apiVersion: agent-assembly/v1
                kind: Policy
                metadata: { name: %s }
                spec:
                  scope: "%s"
                """.formatted(name, scope) + spec;
    }
}
