package io.agentassembly.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code aasm budget status} against a local stub of {@code GET /api/v1/costs/budget-tree} answering the
 * documented shape: the tree as a table, the JSON as received, and the exit codes of refusals.
 */
class BudgetStatusTest {

    static final String TREE = """
            {"org_id":"org-a","window":"daily","nodes":[
              {"kind":"org","id":"org-a","name":"Acme","spent_usd":"12.50","spent_tokens":1234,
               "limits":[{"source":"envelope","budget_id":null,"window":"daily","limit_usd":"100.00",
                          "limit_tokens":null,"used_usd":"12.50","used_tokens":1234,"percent":12.5,"action":"deny"}],
               "children":[
                 {"kind":"team","id":"research","name":null,"spent_usd":"12.000001","spent_tokens":1000,
                  "limits":[{"source":"budget","budget_id":"bud-1","window":"daily","limit_usd":10,
                             "limit_tokens":5000,"used_usd":"12.000001","used_tokens":1000,"percent":120.00001,
                             "action":"alert"},
                            {"source":"budget","budget_id":"bud-2","window":"monthly","limit_usd":null,
                             "limit_tokens":100000,"used_usd":"12.000001","used_tokens":1000,"percent":1,
                             "action":"deny"}],
                  "children":[
                    {"kind":"agent","id":"agt-1","name":"planner","spent_usd":"12.000001","spent_tokens":1000,
                     "limits":[],"children":[]}]},
                 {"kind":"team","id":"ops","name":"Ops","spent_usd":"0.50","spent_tokens":234,"limits":[],
                  "children":[]}]}]}
            """;

    @TempDir
    Path home;

    private StubApi stub;

    @BeforeEach
    void start() throws Exception {
        stub = new StubApi();
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    private CliRun aasm(String... args) {
        return CliRun.run(Map.of("AASM_API_URL", stub.url(), "AASM_API_KEY", "aask_test_secret"), home, args);
    }

    @Test
    void printsTheTreeWithSpendAndEveryLimit() {
        stub.answer(200, "application/json", TREE);

        CliRun run = aasm("budget", "status", "--org", "org a/1");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(stub.requests()).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("GET");
            assertThat(request.pathAndQuery()).isEqualTo("/api/v1/costs/budget-tree?org_id=org+a%2F1");
            assertThat(request.authorization()).isEqualTo("Bearer aask_test_secret");
        });
        assertThat(run.out().lines().toList()).containsExactly(
                "org org-a, window daily",
                "NODE                         SPENT_USD  TOKENS  LIMIT                                     USED                      PERCENT       ACTION",
                "org Acme (org-a)             12.50      1234    daily envelope: $100.00                   $12.50 / 1234 tokens      12.5%         deny",
                "├─ team research             12.000001  1000    daily budget bud-1: $10.00 / 5000 tokens  $12.000001 / 1000 tokens  120.00001% !  alert",
                "│  │                                            monthly budget bud-2: 100000 tokens       $12.000001 / 1000 tokens  1%            deny",
                "│  └─ agent planner (agt-1)  12.000001  1000    -                                         -                         -             -",
                "└─ team Ops (ops)            0.50       234     -                                         -                         -             -");
    }

    @Test
    void jsonOutputIsTheApisAnswerWithExactDecimals() throws Exception {
        stub.answer(200, "application/json", TREE);

        CliRun run = aasm("budget", "status", "--org", "org-a", "--output", "json");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode printed = ApiClient.JSON.readTree(run.out());
        assertThat(printed).isEqualTo(ApiClient.JSON.readTree(TREE));
        assertThat(run.out()).contains("\"percent\" : 120.00001").contains("\"spent_usd\" : \"12.000001\"");
    }

    @Test
    void aMissingOrgIsAUsageError() {
        CliRun run = aasm("budget", "status");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("Missing required option: '--org=ORG_ID'");
        assertThat(stub.requests()).isEmpty();
    }

    @Test
    void refusalsMapToExitCodesWithTheProblemsDetail() {
        stub.answer(404, "application/problem+json",
                "{\"status\":404,\"code\":\"NOT_FOUND\",\"detail\":\"no org 'nope' in this workspace\",\"field\":\"org_id\"}");
        CliRun notFound = aasm("budget", "status", "--org", "nope");
        assertThat(notFound.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(notFound.err()).contains("aasm: 404 NOT_FOUND: no org 'nope' in this workspace (field org_id)");
        assertThat(notFound.out()).isEmpty();

        stub.answer(401, "application/problem+json",
                "{\"status\":401,\"code\":\"AUTHENTICATION_FAILED\",\"detail\":\"the bearer token is not valid\"}");
        CliRun unauthenticated = aasm("budget", "status", "--org", "org-a");
        assertThat(unauthenticated.exitCode()).isEqualTo(ExitCodes.AUTHENTICATION);
        assertThat(unauthenticated.err()).contains("401 AUTHENTICATION_FAILED").contains("check the API key")
                .doesNotContain("aask_test_secret");

        stub.answer(403, "application/problem+json",
                "{\"status\":403,\"code\":\"PERMISSION_DENIED\",\"detail\":\"your role may not do this\"}");
        assertThat(aasm("budget", "status", "--org", "org-a").exitCode()).isEqualTo(ExitCodes.AUTHENTICATION);

        stub.answer(500, "application/problem+json",
                "{\"status\":500,\"code\":\"INTERNAL\",\"detail\":\"reference abc\"}");
        CliRun failed = aasm("budget", "status", "--org", "org-a");
        assertThat(failed.exitCode()).isEqualTo(ExitCodes.API_ERROR);
        assertThat(failed.err()).contains("500 INTERNAL: reference abc");

        stub.answer(502, "text/html", "<html>bad gateway</html>");
        CliRun proxy = aasm("budget", "status", "--org", "org-a");
        assertThat(proxy.exitCode()).isEqualTo(ExitCodes.API_ERROR);
        assertThat(proxy.err()).contains("502: the API answered without a problem description");
    }
}
