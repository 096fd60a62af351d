package io.agentassembly.gateway;

import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.util.Map;

/** The one mapping from domain error kinds to gRPC status codes. */
public final class GrpcStatuses {

    private static final Map<ErrorCode.Kind, Status> STATUS = Map.of(
            ErrorCode.Kind.INVALID, Status.INVALID_ARGUMENT,
            ErrorCode.Kind.UNAUTHENTICATED, Status.UNAUTHENTICATED,
            ErrorCode.Kind.FORBIDDEN, Status.PERMISSION_DENIED,
            ErrorCode.Kind.NOT_FOUND, Status.NOT_FOUND,
            ErrorCode.Kind.CONFLICT, Status.ALREADY_EXISTS,
            ErrorCode.Kind.GONE, Status.FAILED_PRECONDITION,
            ErrorCode.Kind.UNPROCESSABLE, Status.FAILED_PRECONDITION,
            ErrorCode.Kind.RATE_LIMITED, Status.RESOURCE_EXHAUSTED,
            ErrorCode.Kind.INTERNAL, Status.INTERNAL);

    private GrpcStatuses() {
    }

    public static StatusRuntimeException of(DomainException e) {
        Status status = e.code() == ErrorCode.QUOTA_EXCEEDED ? Status.RESOURCE_EXHAUSTED : STATUS.get(e.code().kind());
        String field = e.details().field() == null ? "" : " (" + e.details().field() + ")";
        return status.withDescription(e.code() + ": " + e.getMessage() + field).asRuntimeException();
    }
}
