package io.agentassembly.app.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentassembly.identity.web.Problems;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tomcat's own error report — for a request it refuses before any servlet sees it, such as a path holding an
 * encoded NUL — as problem+json instead of Tomcat's HTML page.
 */
public final class ProblemReportValve extends ErrorReportValve {

    private final ObjectMapper json;

    public ProblemReportValve(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        ProblemDetail problem = Problems.shape(ProblemDetail.forStatusAndDetail(
                known == null ? HttpStatus.BAD_REQUEST : known,
                status == 400 ? "the request cannot be read (its path, query or headers are malformed)"
                        : status >= 500 ? "an unexpected error occurred" : "the request was refused"),
                Problems.codeOf(status));
        try {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(json.writeValueAsString(problem));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response committed: nothing more can be sent
        }
    }
}
