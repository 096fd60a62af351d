package io.agentassembly.app.web;

import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.command.api.common.TextInput;
import io.agentassembly.command.api.common.TextInput.Lines;
import io.agentassembly.identity.web.ProblemWriter;
import io.agentassembly.identity.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriUtils;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * The REST edge before anything else (security included) reads the request: the path and every query parameter
 * (name and value) must pass the text rule — 400 naming the parameter — and the body may hold at most
 * {@code maxBodyBytes}: a larger declared Content-Length is answered 413 at once, without reading it, and a body
 * sent without a length fails with 413 once it passes the maximum.
 */
public final class RequestEdgeFilter extends OncePerRequestFilter {

    private final long maxBodyBytes;
    private final ProblemWriter problems;

    public RequestEdgeFilter(long maxBodyBytes, ProblemWriter problems) {
        this.maxBodyBytes = maxBodyBytes;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ProblemDetail invalid = invalidText(request);
        if (invalid != null) {
            problems.write(request, response, invalid);
            return;
        }
        if (request.getContentLengthLong() > maxBodyBytes) {
            response.setHeader("Connection", "close");
            problems.write(request, response, tooLarge(maxBodyBytes));
            return;
        }
        chain.doFilter(new LimitedBody(request, maxBodyBytes), response);
    }

    /** 413 problem+json for a body over {@code maxBytes}. */
    public static ProblemDetail tooLarge(long maxBytes) {
        ProblemDetail problem = Problems.shape(ProblemDetail.forStatusAndDetail(HttpStatus.PAYLOAD_TOO_LARGE,
                "the request body may have at most " + maxBytes + " bytes"), Problems.codeOf(413));
        problem.setProperty("field", "body");
        return problem;
    }

    private static ProblemDetail invalidText(HttpServletRequest request) {
        String path = decoded(request.getRequestURI());
        String pathProblem = path == null ? null : TextInput.problem(path, Lines.ONE);
        if (pathProblem != null) {
            return Problems.of(ErrorCode.VALIDATION_FAILED, "path", "the request path " + pathProblem);
        }
        String query = request.getQueryString();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String name = decoded(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decoded(pair.substring(equals + 1));
            if (name == null || value == null) {
                continue; // not percent-encoding: the servlet container skips such a parameter
            }
            String problem = TextInput.problem(name, Lines.ONE);
            if (problem != null) {
                return Problems.of(ErrorCode.VALIDATION_FAILED, TextInput.escaped(name),
                        "query parameter name " + problem);
            }
            problem = TextInput.problem(value, Lines.ONE);
            if (problem != null) {
                return Problems.of(ErrorCode.VALIDATION_FAILED, name, name + " " + problem);
            }
        }
        return null;
    }

    /** Percent-decoded, or null when it is not valid percent-encoding ('+' stays: it is never a control character). */
    private static String decoded(String text) {
        try {
            return UriUtils.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Counts what the application reads of the body and stops past the maximum. */
    private static final class LimitedBody extends HttpServletRequestWrapper {

        private final long maxBytes;
        private ServletInputStream stream;

        LimitedBody(HttpServletRequest request, long maxBytes) {
            super(request);
            this.maxBytes = maxBytes;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new Counting(super.getInputStream(), maxBytes);
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(getInputStream(),
                    encoding == null ? StandardCharsets.UTF_8.name() : encoding));
        }
    }

    private static final class Counting extends ServletInputStream {

        private final ServletInputStream in;
        private final long maxBytes;
        private long read;

        Counting(ServletInputStream in, long maxBytes) {
            this.in = in;
            this.maxBytes = maxBytes;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws RequestBodyTooLargeException {
            read += n;
            if (read > maxBytes) {
                throw new RequestBodyTooLargeException(maxBytes);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
