package io.agentassembly.app.rest;

import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.command.api.common.TextInput;
import io.agentassembly.identity.web.Problems;
import io.agentassembly.policy.ConditionLimits;
import io.agentassembly.policy.InvalidPolicyException;
import io.agentassembly.policy.ParsedPolicy;
import io.agentassembly.policy.PolicyParser;
import io.agentassembly.query.api.PolicyQueries.PolicyVersionView;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Reading policy files from requests, and stored versions back into documents. */
final class PolicyFiles {

    static final String APPLICATION_YAML = "application/yaml";
    static final String APPLICATION_X_YAML = "application/x-yaml";
    static final String TEXT_YAML = "text/yaml";
    static final String APPLICATION_JSON = "application/json";
    static final int MAX_BYTES = 256 * 1024;

    private PolicyFiles() {
    }

    /**
     * The documents of the request body, all validated: a body over {@value #MAX_BYTES} bytes answers 413, text
     * that is not in its declared charset (UTF-8 by default) or holds a control character other than tab and line
     * breaks (the text rule, {@code TextInput}) 400, and a file with any violation 400 listing every
     * violation ({@link InvalidPolicyException}). JSON bodies are read as JSON, every other accepted type as YAML.
     */
    static List<ParsedPolicy> parse(HttpServletRequest request, ConditionLimits conditionLimits) throws IOException {
        if (request.getContentLengthLong() > MAX_BYTES) {
            throw tooLarge();
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(MAX_BYTES + 1);
        }
        if (body.length > MAX_BYTES) {
            throw tooLarge();
        }
        MediaType type = MediaType.parseMediaType(request.getContentType());
        PolicyParser.Format format = type.isCompatibleWith(MediaType.APPLICATION_JSON)
                ? PolicyParser.Format.JSON : PolicyParser.Format.YAML;
        String text = TextInput.require("body", decode(body, charsetOf(type)), TextInput.Lines.SEVERAL);
        return PolicyParser.parse(text, format, conditionLimits);
    }

    /** A stored version as a document again, for diffs. */
    static ParsedPolicy reparse(PolicyVersionView version, String field, ConditionLimits conditionLimits) {
        String source = version.source();
        String start = source.stripLeading();
        boolean json = start.startsWith("{") || start.startsWith("[");
        try {
            return PolicyParser.parse(source, json ? PolicyParser.Format.JSON : PolicyParser.Format.YAML,
                    conditionLimits).getFirst();
        } catch (InvalidPolicyException e) {
            if (json) {
                try {
                    return PolicyParser.parse(source, PolicyParser.Format.YAML, conditionLimits).getFirst();
                } catch (InvalidPolicyException ignored) {
                    // reported below with the first reading's reason
                }
            }
            throw new DomainException(ErrorCode.CONFLICT, field, "version " + version.version()
                    + " no longer passes validation (" + e.getMessage() + "); compare its source instead");
        }
    }

    private static Charset charsetOf(MediaType type) {
        try {
            Charset declared = type.getCharset();
            return declared == null ? StandardCharsets.UTF_8 : declared;
        } catch (IllegalArgumentException e) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "Content-Type",
                    "unknown charset '" + type.getParameter("charset") + "'; send the file as UTF-8");
        }
    }

    private static String decode(byte[] body, Charset charset) {
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "body",
                    "the policy file is not valid " + charset.name() + " text");
        }
    }

    private static ErrorResponseException tooLarge() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.PAYLOAD_TOO_LARGE,
                "a policy file may have at most " + MAX_BYTES / 1024 + " KiB; split it into several files");
        problem.setType(URI.create(Problems.TYPE_BASE + "payload-too-large"));
        problem.setTitle(HttpStatus.PAYLOAD_TOO_LARGE.getReasonPhrase());
        problem.setProperty("code", "PAYLOAD_TOO_LARGE");
        problem.setProperty("field", "body");
        return new ErrorResponseException(HttpStatus.PAYLOAD_TOO_LARGE, problem, null);
    }
}
