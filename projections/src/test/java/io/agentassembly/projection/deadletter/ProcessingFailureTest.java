package io.agentassembly.projection.deadletter;

import org.axonframework.serialization.SerializationException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static io.agentassembly.projection.deadletter.ProcessingFailure.DATA;
import static io.agentassembly.projection.deadletter.ProcessingFailure.HANDLER;
import static io.agentassembly.projection.deadletter.ProcessingFailure.INFRASTRUCTURE;
import static org.assertj.core.api.Assertions.assertThat;

class ProcessingFailureTest {

    @Test
    void dataTheDatabaseRefusesIsTheEventsFault() {
        assertThat(ProcessingFailure.of(translated("22P05"))).as("NUL in jsonb").isEqualTo(DATA);
        assertThat(ProcessingFailure.of(translated("22001"))).as("value too long").isEqualTo(DATA);
        assertThat(ProcessingFailure.of(translated("23505"))).as("unique violation").isEqualTo(DATA);
        assertThat(ProcessingFailure.of(translated("54000"))).as("program limit").isEqualTo(DATA);
        assertThat(ProcessingFailure.of(new org.jooq.exception.DataAccessException("insert failed",
                new SQLException("refused", "22021")))).isEqualTo(DATA);
    }

    @Test
    void anOutageALockOrABrokenStatementIsRetriedNotSetAside() {
        assertThat(ProcessingFailure.of(new DataAccessResourceFailureException("gone",
                new SQLException("I/O error", "08006")))).isEqualTo(INFRASTRUCTURE);
        assertThat(ProcessingFailure.of(new CannotGetJdbcConnectionException("pool",
                new SQLTransientConnectionException("timed out")))).as("no SQLSTATE").isEqualTo(INFRASTRUCTURE);
        assertThat(ProcessingFailure.of(translated("57P01"))).as("admin shutdown").isEqualTo(INFRASTRUCTURE);
        assertThat(ProcessingFailure.of(translated("40001"))).as("serialization failure").isEqualTo(INFRASTRUCTURE);
        assertThat(ProcessingFailure.of(translated("25P02"))).as("transaction aborted").isEqualTo(INFRASTRUCTURE);
        assertThat(ProcessingFailure.of(translated("42P01"))).as("a bug in a statement").isEqualTo(INFRASTRUCTURE);
        assertThat(ProcessingFailure.of(new CannotCreateTransactionException("no connection")))
                .isEqualTo(INFRASTRUCTURE);
        assertThat(ProcessingFailure.of(new CannotAcquireLockException("lock"))).isEqualTo(INFRASTRUCTURE);
    }

    @Test
    void aHandlerFailureWithoutADatabaseErrorIsTheEventsFault() {
        assertThat(ProcessingFailure.of(new SerializationException("Error while deserializing object",
                new IOException("Unexpected end-of-input")))).isEqualTo(HANDLER);
        assertThat(ProcessingFailure.of(new IllegalStateException("cannot map"))).isEqualTo(HANDLER);
    }

    @Test
    void theDescriptionNamesClassesAndSqlStateButQuotesNothing() {
        var failure = new DataIntegrityViolationException("insert into audit_entry ... tenant-secret",
                new SQLException("unsupported Unicode escape sequence near tenant-secret", "22P05"));

        assertThat(ProcessingFailure.describe(failure))
                .startsWith(DataIntegrityViolationException.class.getName() + " caused by "
                        + SQLException.class.getName())
                .contains("SQLSTATE 22P05 (data exception)")
                .contains("at io.agentassembly.projection.deadletter.ProcessingFailureTest.theDescription")
                .doesNotContain("tenant-secret");
    }

    private static DataIntegrityViolationException translated(String sqlState) {
        return new DataIntegrityViolationException("statement failed", new SQLException("refused", sqlState));
    }
}
