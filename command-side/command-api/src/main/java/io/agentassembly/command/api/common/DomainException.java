package io.agentassembly.command.api.common;

/** A decision of the domain that refuses a request. Never carries secrets in its message. */
public class DomainException extends RuntimeException {

    private final transient ErrorDetails details;

    public DomainException(ErrorCode code, String field, String message) {
        super(message, null, false, false);
        this.details = new ErrorDetails(code, field, message);
    }

    public DomainException(ErrorCode code, String message) {
        this(code, null, message);
    }

    public ErrorDetails details() {
        return details;
    }

    public ErrorCode code() {
        return details.code();
    }
}
