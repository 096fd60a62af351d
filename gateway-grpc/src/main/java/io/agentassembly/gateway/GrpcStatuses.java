package io.agentassembly.gateway;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.protobuf.StatusProto;

import java.util.EnumMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place gateway statuses are built. Every error carries, besides its status code and description (which the
 * SDKs rely on and which stay as they are), a {@code google.rpc.Status} in the {@code grpc-status-details-bin}
 * trailer holding a {@code google.rpc.ErrorInfo}: {@code reason} is the stable error code ({@link ErrorCode} names,
 * or the status code's name where no domain code applies), {@code domain} is {@value #DOMAIN}, and
 * {@code metadata.field} names the offending request field when there is one. Statuses built elsewhere (by grpc-java,
 * or a handler's unexpected exception) get theirs from {@link #withDetails} on their way out.
 */
public final class GrpcStatuses {

    public static final String DOMAIN = "agentassembly.io";

    private static final Map<ErrorCode.Kind, Status.Code> STATUS = Map.of(
            ErrorCode.Kind.INVALID, Status.Code.INVALID_ARGUMENT,
            ErrorCode.Kind.UNAUTHENTICATED, Status.Code.UNAUTHENTICATED,
            ErrorCode.Kind.FORBIDDEN, Status.Code.PERMISSION_DENIED,
            ErrorCode.Kind.NOT_FOUND, Status.Code.NOT_FOUND,
            ErrorCode.Kind.CONFLICT, Status.Code.ALREADY_EXISTS,
            ErrorCode.Kind.GONE, Status.Code.FAILED_PRECONDITION,
            ErrorCode.Kind.UNPROCESSABLE, Status.Code.FAILED_PRECONDITION,
            ErrorCode.Kind.PRECONDITION_FAILED, Status.Code.FAILED_PRECONDITION,
            ErrorCode.Kind.RATE_LIMITED, Status.Code.RESOURCE_EXHAUSTED,
            ErrorCode.Kind.INTERNAL, Status.Code.INTERNAL);

    /** The reason of a status that names no domain code: the domain code of its kind, else the status code's name. */
    private static final Map<Status.Code, String> REASON = new EnumMap<>(Map.of(
            Status.Code.INVALID_ARGUMENT, ErrorCode.VALIDATION_FAILED.name(),
            Status.Code.UNAUTHENTICATED, ErrorCode.AUTHENTICATION_FAILED.name(),
            Status.Code.PERMISSION_DENIED, ErrorCode.PERMISSION_DENIED.name(),
            Status.Code.NOT_FOUND, ErrorCode.NOT_FOUND.name(),
            Status.Code.ALREADY_EXISTS, ErrorCode.CONFLICT.name(),
            Status.Code.RESOURCE_EXHAUSTED, ErrorCode.RATE_LIMITED.name(),
            Status.Code.INTERNAL, ErrorCode.INTERNAL.name(),
            Status.Code.UNKNOWN, ErrorCode.INTERNAL.name(),
            Status.Code.DATA_LOSS, ErrorCode.INTERNAL.name()));

    /** Descriptions built by {@link #of(DomainException)} start with the code. */
    private static final Pattern CODE_PREFIX = Pattern.compile("^([A-Z][A-Z_]+): ");

    /** The trailer {@link StatusProto} writes and reads. */
    private static final Metadata.Key<com.google.rpc.Status> DETAILS = Metadata.Key.of("grpc-status-details-bin",
            ProtoUtils.metadataMarshaller(com.google.rpc.Status.getDefaultInstance()));

    private GrpcStatuses() {
    }

    /** A domain error: its status by kind (a quota is RESOURCE_EXHAUSTED), description {@code CODE: message (field)}. */
    public static StatusRuntimeException of(DomainException e) {
        Status.Code status = e.code() == ErrorCode.QUOTA_EXCEEDED ? Status.Code.RESOURCE_EXHAUSTED : STATUS.get(e.code().kind());
        String field = e.details().field();
        return error(status, e.code().name(), e.code() + ": " + e.getMessage() + (field == null ? "" : " (" + field + ")"),
                field);
    }

    public static StatusRuntimeException invalid(String description) {
        return error(Status.Code.INVALID_ARGUMENT, ErrorCode.VALIDATION_FAILED.name(), description, null);
    }

    /** INVALID_ARGUMENT naming the offending request field ({@code events[3].labels}) in the details. */
    public static StatusRuntimeException invalid(String field, String description) {
        return error(Status.Code.INVALID_ARGUMENT, ErrorCode.VALIDATION_FAILED.name(), description, field);
    }

    public static StatusRuntimeException unauthenticated(String description) {
        return error(Status.Code.UNAUTHENTICATED, ErrorCode.AUTHENTICATION_FAILED.name(), description, null);
    }

    public static StatusRuntimeException permissionDenied(String description) {
        return error(Status.Code.PERMISSION_DENIED, ErrorCode.PERMISSION_DENIED.name(), description, null);
    }

    public static StatusRuntimeException permissionDenied(String field, String description) {
        return error(Status.Code.PERMISSION_DENIED, ErrorCode.PERMISSION_DENIED.name(), description, field);
    }

    /** RESOURCE_EXHAUSTED: a limit of the caller, its address, its workspace or the node was reached; retry later. */
    public static StatusRuntimeException exhausted(String description) {
        return error(Status.Code.RESOURCE_EXHAUSTED, ErrorCode.RATE_LIMITED.name(), description, null);
    }

    /** UNAVAILABLE: nothing was decided or recorded; the call may be retried as it is. */
    public static StatusRuntimeException unavailable(String description) {
        return error(Status.Code.UNAVAILABLE, Status.Code.UNAVAILABLE.name(), description, null);
    }

    public static StatusRuntimeException unimplemented(String description) {
        return error(Status.Code.UNIMPLEMENTED, Status.Code.UNIMPLEMENTED.name(), description, null);
    }

    /** What a caller is told about a failure the gateway did not expect (logged where it happened). */
    public static StatusRuntimeException internal() {
        return error(Status.Code.INTERNAL, ErrorCode.INTERNAL.name(), "internal error; it has been logged", null);
    }

    /** Closes the call with the error's status and trailers (details included). */
    public static void close(ServerCall<?, ?> call, StatusRuntimeException error) {
        call.close(error.getStatus(), error.getTrailers() == null ? new Metadata() : error.getTrailers());
    }

    /**
     * The trailers to close a call with {@code status}: as given, plus the details when the status is an error and
     * they hold none yet (the reason then comes from a {@code CODE: } prefix of the description, else the status code).
     */
    public static Metadata withDetails(Status status, Metadata trailers) {
        if (status.isOk() || trailers.containsKey(DETAILS)) {
            return trailers;
        }
        String description = status.getDescription() == null ? "" : status.getDescription();
        Matcher named = CODE_PREFIX.matcher(description);
        String reason = named.find() && isErrorCode(named.group(1)) ? named.group(1)
                : REASON.getOrDefault(status.getCode(), status.getCode().name());
        trailers.put(DETAILS, details(status.getCode(), reason, description, null));
        return trailers;
    }

    private static StatusRuntimeException error(Status.Code code, String reason, String description, String field) {
        return StatusProto.toStatusRuntimeException(details(code, reason, description, field));
    }

    private static com.google.rpc.Status details(Status.Code code, String reason, String description, String field) {
        ErrorInfo.Builder info = ErrorInfo.newBuilder().setReason(reason).setDomain(DOMAIN);
        if (field != null) {
            info.putMetadata("field", field);
        }
        return com.google.rpc.Status.newBuilder().setCode(code.value()).setMessage(description)
                .addDetails(Any.pack(info.build())).build();
    }

    private static boolean isErrorCode(String name) {
        try {
            ErrorCode.valueOf(name);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
