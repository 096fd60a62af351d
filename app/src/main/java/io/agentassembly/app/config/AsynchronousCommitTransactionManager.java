package io.agentassembly.app.config;

import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.springframework.jdbc.datasource.DataSourceUtils;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Transactions of a replayable tracking projection, committed without waiting for PostgreSQL to flush the WAL
 * ({@code SET LOCAL synchronous_commit TO OFF}). Safe because the projection's rows and its tracking token are
 * written in the same transaction: a crash loses the last few transactions whole, token included, and the
 * processor simply handles those events again. The event store's own writes stay synchronous. See
 * docs/adr/0007-decision-journal-writes.md.
 */
final class AsynchronousCommitTransactionManager implements TransactionManager {

    private final TransactionManager delegate;
    private final DataSource dataSource;

    AsynchronousCommitTransactionManager(TransactionManager delegate, DataSource dataSource) {
        this.delegate = delegate;
        this.dataSource = dataSource;
    }

    @Override
    public Transaction startTransaction() {
        Transaction transaction = delegate.startTransaction();
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET LOCAL synchronous_commit TO OFF");
        } catch (SQLException e) {
            transaction.rollback();
            throw new IllegalStateException("could not relax the commit of a projection transaction", e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
        return transaction;
    }
}
