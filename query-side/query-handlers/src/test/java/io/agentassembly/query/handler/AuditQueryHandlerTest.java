package io.agentassembly.query.handler;

import io.agentassembly.query.api.AuditQueries.AuditEntryView;
import io.agentassembly.query.api.AuditQueries.AuditPage;
import io.agentassembly.query.api.AuditQueries.ListAuditEntriesQuery;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;

import static io.agentassembly.query.api.AuditQueries.MAX_PAGE_SIZE;
import static org.assertj.core.api.Assertions.assertThat;

class AuditQueryHandlerTest {

    private static final Instant FROM = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2025-02-01T00:00:00Z");
    private static final Instant NOT_BEFORE = Instant.parse("2024-12-01T00:00:00Z");

    @Test
    void clampsThePageSizeBetweenOneAndTheMaximum() {
        assertThat(AuditQueryHandler.pageSizeOf(0)).isEqualTo(1);
        assertThat(AuditQueryHandler.pageSizeOf(-5)).isEqualTo(1);
        assertThat(AuditQueryHandler.pageSizeOf(50)).isEqualTo(50);
        assertThat(AuditQueryHandler.pageSizeOf(MAX_PAGE_SIZE + 1)).isEqualTo(MAX_PAGE_SIZE);
    }

    @Test
    void pointsTheCursorAtTheLastServedEntryWhenMoreEntriesRemain() {
        AuditPage page = AuditQueryHandler.pageOf(entries(10, 9, 8), 2);

        assertThat(page.entries()).extracting(AuditEntryView::sequence).containsExactly(10L, 9L);
        assertThat(page.nextBeforeSequence()).isEqualTo(9L);
    }

    @Test
    void endsThePagingWhenNoFurtherEntryWasFetched() {
        assertThat(AuditQueryHandler.pageOf(entries(10, 9), 2).nextBeforeSequence()).isNull();
        assertThat(AuditQueryHandler.pageOf(entries(), 2))
                .isEqualTo(new AuditPage(List.of(), null));
    }

    @Test
    void filtersOnlyByTheWorkspaceWhenNothingElseIsGiven() {
        String sql = render(new ListAuditEntriesQuery("ws-1", null, null, null, null, null, null, null, 50, null));

        assertThat(sql).isEqualTo("\"audit_entry\".\"workspace_id\" = 'ws-1'");
    }

    @Test
    void combinesEveryGivenFilterWithTheWorkspace() {
        String sql = render(new ListAuditEntriesQuery("ws-1", "UserSignedIn", "user-7", "org-3", "agt-9", FROM, TO, 120L,
                50, NOT_BEFORE));

        assertThat(sql)
                .contains("\"audit_entry\".\"workspace_id\" = 'ws-1'")
                .contains("\"audit_entry\".\"event_type\" = 'UserSignedIn'")
                .contains("\"audit_entry\".\"actor_id\" = 'user-7'")
                .contains("\"audit_entry\".\"org_id\" = 'org-3'")
                .contains("->> 'agent_key') = 'agt-9'")
                .contains("\"audit_entry\".\"occurred_at\" >= timestamp with time zone '2025-01-01 00:00:00+00:00'")
                .contains("\"audit_entry\".\"occurred_at\" < timestamp with time zone '2025-02-01 00:00:00+00:00'")
                .contains("\"audit_entry\".\"global_sequence\" < 120")
                .contains("\"audit_entry\".\"occurred_at\" >= timestamp with time zone '2024-12-01 00:00:00+00:00'")
                .doesNotContain(" or ");
    }

    private static String render(ListAuditEntriesQuery query) {
        return DSL.using(SQLDialect.POSTGRES).renderInlined(DSL.and(AuditQueryHandler.conditionsOf(query)));
    }

    private static List<AuditEntryView> entries(long... sequences) {
        return LongStream.of(sequences)
                .mapToObj(sequence -> new AuditEntryView(sequence, "event-" + sequence, "ws-1", null, "ws-1",
                        "WorkspaceRenamed", "USER", "user-1", FROM, null))
                .toList();
    }
}
