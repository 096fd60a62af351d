package io.agentassembly.app.rest;

import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Blocking access to the query bus for the REST edge. */
@Component
public class QueryClient {

    private final QueryGateway queries;

    public QueryClient(QueryGateway queries) {
        this.queries = queries;
    }

    public <R> Optional<R> optional(Object query, Class<R> type) {
        return join(queries.query(query, ResponseTypes.optionalInstanceOf(type)));
    }

    public <R> List<R> list(Object query, Class<R> type) {
        return join(queries.query(query, ResponseTypes.multipleInstancesOf(type)));
    }

    public <R> R single(Object query, Class<R> type) {
        return join(queries.query(query, ResponseTypes.instanceOf(type)));
    }

    /** Like {@link #optional} but answers 404 with the given code when absent. */
    public <R> R found(Object query, Class<R> type, ErrorCode notFound, String what) {
        return optional(query, type).orElseThrow(() -> new DomainException(notFound, what + " not found"));
    }

    private static <T> T join(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a query", e);
        } catch (ExecutionException | CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
