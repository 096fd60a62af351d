package io.agentassembly.app.scim;

import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.utils.JsonUtils;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.stereotype.Component;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

import java.io.IOException;

/**
 * SCIM errors for requests under {@code /scim/v2} that fail before a SCIM controller is chosen (no such path,
 * method not allowed, Content-Type not accepted): a {@code @RestControllerAdvice} scoped to a package never sees
 * those, and the REST API's handler would answer problem+json. Runs before the MVC exception resolvers; leaves
 * every other request, and exceptions of SCIM controllers (their advice answers), alone.
 */
@Component
public class ScimUnmatchedRequestResolver implements HandlerExceptionResolver, Ordered {

    static final String PREFIX = "/scim/v2";

    @Override
    public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
                                         Exception ex) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!(path.equals(PREFIX) || path.startsWith(PREFIX + "/"))
                || handler instanceof HandlerMethod method
                && method.getBeanType().getPackageName().startsWith(ScimErrors.class.getPackageName())
                || ex instanceof AccessDeniedException || ex instanceof AuthenticationException
                || response.isCommitted()) {
            return null;
        }
        ScimException error = ScimExceptionHandler.translate(ex);
        try {
            Integer status = error.getScimError().getStatus();
            response.setStatus(status == null ? 500 : status);
            if (ex instanceof HttpRequestMethodNotSupportedException method && method.getSupportedMethods() != null) {
                response.setHeader(HttpHeaders.ALLOW, String.join(", ", method.getSupportedMethods()));
            }
            response.setContentType(ScimErrors.SCIM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            JsonUtils.getObjectWriter().writeValue(response.getOutputStream(), ScimErrors.body(error));
        } catch (IOException e) {
            return null;
        }
        return new ModelAndView();
    }

    /** After Spring Boot's DefaultErrorAttributes (which only records the error), before the MVC resolvers. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }
}
