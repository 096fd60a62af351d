package io.agentassembly.identity.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a SCIM error (RFC 7644 §3.12) outside Spring MVC: what {@code /scim/v2} answers when its security filters
 * refuse a request (401, 403, 429). {@code status} is a string, as the RFC's examples and identity providers expect.
 */
@Component
public class ScimErrorWriter {

    public static final String SCIM_JSON = "application/scim+json";
    public static final String ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

    private final ObjectMapper json;

    public ScimErrorWriter(ObjectMapper json) {
        this.json = json;
    }

    public void write(HttpServletResponse response, int status, String scimType, String detail) throws IOException {
        response.setStatus(status);
        response.setContentType(SCIM_JSON);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), body(status, scimType, detail));
    }

    /** The error's body: {@code schemas}, {@code status}, {@code scimType} when one is given, {@code detail}. */
    public static Map<String, Object> body(int status, String scimType, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("schemas", List.of(ERROR_SCHEMA));
        body.put("status", Integer.toString(status));
        if (scimType != null) {
            body.put("scimType", scimType);
        }
        body.put("detail", detail);
        return body;
    }
}
