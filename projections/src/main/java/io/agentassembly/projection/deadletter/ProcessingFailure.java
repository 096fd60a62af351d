package io.agentassembly.projection.deadletter;

import org.axonframework.common.AxonTransientException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.TransactionException;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a failure to handle an event says about the event. Only a failure that is the event's own fault sets it
 * aside; anything else (the database unreachable or restarting, a lock, a bug in a statement) is retried by the
 * processor, so that an outage never turns every event it reads into a dead letter.
 */
public enum ProcessingFailure {

    /**
     * A statement refused the event's data: SQLSTATE class 22 (data exception, e.g. a NUL character, U+0000, in jsonb),
     * 23 (integrity constraint) or 54 (program limit, e.g. a value too large). The transaction is aborted.
     */
    DATA,

    /**
     * The handler failed without a database error: the event cannot be deserialised or mapped. The transaction
     * is intact.
     */
    HANDLER,

    /** Not the event's fault: connection, transaction state, serialisation conflicts, resources, statement bugs. */
    INFRASTRUCTURE;

    private static final Set<String> DATA_CLASSES = Set.of("22", "23", "54");

    private static final Map<String, String> CLASS_NAMES = Map.of(
            "08", "connection exception", "22", "data exception", "23", "integrity constraint violation",
            "25", "invalid transaction state", "40", "transaction rollback",
            "42", "syntax error or access rule violation",
            "53", "insufficient resources", "54", "program limit exceeded", "57", "operator intervention");

    private static final int MAX_CAUSES = 16;

    private static final String OWN_CODE = "io.agentassembly.";
    private static final String THIS_MECHANISM = ProcessingFailure.class.getPackageName() + ".";

    public static ProcessingFailure of(Throwable failure) {
        List<Throwable> causes = causes(failure);
        for (Throwable cause : causes) {
            if (cause instanceof SQLException sql) {
                String state = sql.getSQLState();
                return state != null && state.length() >= 2 && DATA_CLASSES.contains(state.substring(0, 2))
                        ? DATA : INFRASTRUCTURE;
            }
        }
        for (Throwable cause : causes) {
            if (cause instanceof TransactionException || cause instanceof DataAccessResourceFailureException
                    || cause instanceof TransientDataAccessException || cause instanceof RecoverableDataAccessException
                    || cause instanceof AxonTransientException) {
                return INFRASTRUCTURE;
            }
        }
        return HANDLER;
    }

    /**
     * The failure without any value it may quote: exception classes, the SQLSTATE and where the first exception
     * was thrown. Messages are left out on purpose: database errors and JSON parsers quote the data they refused,
     * and payloads may hold tenant data.
     */
    public static String describe(Throwable failure) {
        List<Throwable> causes = causes(failure);
        StringBuilder text = new StringBuilder();
        for (Throwable cause : causes) {
            String name = cause.getClass().getName();
            if (text.indexOf(name) < 0) {
                text.append(text.isEmpty() ? "" : " caused by ").append(name);
            }
        }
        causes.stream().filter(SQLException.class::isInstance).map(cause -> ((SQLException) cause).getSQLState())
                .filter(state -> state != null && state.length() >= 2).findFirst()
                .ifPresent(state -> text.append("; SQLSTATE ").append(state)
                        .append(CLASS_NAMES.containsKey(state.substring(0, 2))
                                ? " (" + CLASS_NAMES.get(state.substring(0, 2)) + ")" : ""));
        whereThrown(causes).ifPresent(frame -> text.append("; at ").append(frame));
        return text.toString();
    }

    /** The innermost frame of our own code (not of this mechanism), else where the root cause was thrown. */
    private static Optional<StackTraceElement> whereThrown(List<Throwable> causes) {
        for (Throwable cause : causes.reversed()) {
            for (StackTraceElement frame : cause.getStackTrace()) {
                if (frame.getClassName().startsWith(OWN_CODE) && !frame.getClassName().startsWith(THIS_MECHANISM)) {
                    return Optional.of(frame);
                }
            }
        }
        return Arrays.stream(causes.getLast().getStackTrace()).findFirst();
    }

    private static List<Throwable> causes(Throwable failure) {
        List<Throwable> causes = new ArrayList<>();
        for (Throwable cause = failure; cause != null && causes.size() < MAX_CAUSES && !causes.contains(cause);
             cause = cause.getCause()) {
            causes.add(cause);
        }
        return causes;
    }
}
