package io.agentassembly.app.config;

import io.agentassembly.app.support.IntegrationTest;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

class AsynchronousCommitTransactionManagerTest extends IntegrationTest {

    @Autowired
    TransactionManager transactions;

    @Autowired
    DataSource dataSource;

    @Autowired
    DSLContext db;

    @Test
    void relaxesTheFlushOnlyInsideItsOwnTransactions() {
        var relaxed = new AsynchronousCommitTransactionManager(transactions, dataSource);

        Transaction projection = relaxed.startTransaction();
        String inside = (String) db.fetchValue("show synchronous_commit");
        projection.commit();
        Transaction ordinary = transactions.startTransaction();
        String afterwards = (String) db.fetchValue("show synchronous_commit");
        ordinary.commit();

        assertThat(inside).isEqualTo("off");
        assertThat(afterwards).isEqualTo("on");
    }
}
