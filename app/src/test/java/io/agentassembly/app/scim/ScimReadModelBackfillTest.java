package io.agentassembly.app.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentassembly.app.support.TestDatabase;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.UUID;

import static io.agentassembly.schema.jooq.Tables.SCIM_USER;
import static org.assertj.core.api.Assertions.assertThat;

/** V52 gives the users who joined before the SCIM read model existed their SCIM rows, versions as the aggregate counts. */
class ScimReadModelBackfillTest {

    private static final String EVENTS = "io.agentassembly.command.api.workspace.WorkspaceEvents$";

    @Test
    void usersOfEarlierVersionsAreFoundOverScimWithTheAggregatesVersion() throws Exception {
        TestDatabase.Connection3 db = TestDatabase.create("scimbackfill");
        Flyway.configure().dataSource(db.url(), db.user(), db.password()).locations("classpath:db/migration")
                .target("51").load().migrate();
        try (Connection connection = DriverManager.getConnection(db.url(), db.user(), db.password())) {
            DSLContext dsl = DSL.using(connection, SQLDialect.POSTGRES);
            user(dsl, "usr-active", "ACTIVE", "Ada");
            user(dsl, "usr-back", "ACTIVE", null);
            user(dsl, "usr-gone", "INACTIVE", "Gone");
            event(dsl, 2, "UserDeactivatedEvent", "usr-back");
            event(dsl, 3, "UserReactivatedEvent", "usr-back");
            event(dsl, 4, "UserDeactivatedEvent", "usr-gone");
            event(dsl, 5, "UserDeactivatedEvent", "usr-other");

            Flyway.configure().dataSource(db.url(), db.user(), db.password()).locations("classpath:db/migration")
                    .load().migrate();

            var active = dsl.selectFrom(SCIM_USER).where(SCIM_USER.USER_ID.eq("usr-active")).fetchSingle();
            assertThat(active.getUserName()).isEqualTo("usr-active@example.com");
            assertThat(active.getVersion()).isEqualTo(1L);
            assertThat(active.getManagedBy()).isEqualTo("CONSOLE");
            JsonNode resource = new ObjectMapper().readTree(active.getResource().data());
            assertThat(resource.path("displayName").asText()).isEqualTo("Ada");
            assertThat(resource.path("emails").get(0).path("value").asText()).isEqualTo("usr-active@example.com");
            assertThat(resource.path("active").asBoolean()).isTrue();

            var back = dsl.selectFrom(SCIM_USER).where(SCIM_USER.USER_ID.eq("usr-back")).fetchSingle();
            assertThat(back.getVersion()).isEqualTo(3L);
            assertThat(new ObjectMapper().readTree(back.getResource().data()).has("displayName")).isFalse();

            var gone = dsl.selectFrom(SCIM_USER).where(SCIM_USER.USER_ID.eq("usr-gone")).fetchSingle();
            assertThat(gone.getActive()).isFalse();
            assertThat(gone.getVersion()).isEqualTo(2L);
        }
    }

    private static void user(DSLContext dsl, String userId, String status, String displayName) {
        dsl.execute("insert into user_account (user_id, workspace_id, email, display_name, role, status, created_at, "
                + "updated_at) values (?, 'ws-1', ?, ?, 'VIEWER', ?, now(), now())", userId, userId + "@example.com",
                displayName, status);
    }

    private static void event(DSLContext dsl, long sequence, String type, String userId) {
        byte[] payload = ("{\"workspace_id\":\"ws-1\",\"user_id\":\"" + userId + "\"}").getBytes(StandardCharsets.UTF_8);
        dsl.execute("insert into domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier, "
                + "payload, payloadrevision, payloadtype, \"timestamp\") values ('ws-1', ?, 'Workspace', ?, ?, '1', ?, "
                + "'2026-01-01T00:00:00Z')", sequence, UUID.randomUUID().toString(), payload, EVENTS + type);
    }
}
