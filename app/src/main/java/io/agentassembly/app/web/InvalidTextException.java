package io.agentassembly.app.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonMappingException;

/**
 * A JSON string of a request body that the text rule refuses; Jackson adds the path of the field as the
 * exception travels out, and the error handler answers 400 naming it.
 */
public final class InvalidTextException extends JsonMappingException {

    private final String problem;

    InvalidTextException(JsonParser parser, String problem) {
        super(parser, problem);
        this.problem = problem;
    }

    /** What is wrong, without the field, e.g. {@code contains a control character (U+0000) at position 4; remove it}. */
    public String problem() {
        return problem;
    }
}
