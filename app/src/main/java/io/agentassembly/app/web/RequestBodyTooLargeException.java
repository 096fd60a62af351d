package io.agentassembly.app.web;

import java.io.IOException;

/** A request body read past the configured maximum ({@code aasm.http.max-request-body}): answered 413. */
public final class RequestBodyTooLargeException extends IOException {

    private final long maxBytes;

    RequestBodyTooLargeException(long maxBytes) {
        super("the request body is larger than " + maxBytes + " bytes");
        this.maxBytes = maxBytes;
    }

    public long maxBytes() {
        return maxBytes;
    }
}
