package io.agentassembly.app.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentassembly.identity.web.ProblemWriter;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.util.unit.DataSize;

/** The REST edge: one text rule for bodies, query parameters and paths, and a maximum body size. */
@Configuration(proxyBeanMethods = false)
public class WebEdgeConfiguration {

    /**
     * Request and response bodies are read and written with a copy of the application's ObjectMapper that also
     * applies the text rule to every JSON string read ({@link TextInputModule}); the application's own mapper,
     * which reads stored events too, stays as it is.
     */
    @Bean
    MappingJackson2HttpMessageConverter mappingJackson2HttpMessageConverter(ObjectMapper objectMapper) {
        return new MappingJackson2HttpMessageConverter(objectMapper.copy().registerModule(new TextInputModule()));
    }

    /**
     * Tomcat's error report valve (it answers requests Tomcat refuses itself, and any error no servlet wrote) in
     * the problem shape. Ordered last, so it replaces the valve Spring Boot adds and the one the host would add.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemReportValve(ObjectMapper objectMapper) {
        return new ProblemReportValveCustomizer(objectMapper);
    }

    private record ProblemReportValveCustomizer(ObjectMapper objectMapper)
            implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                Pipeline host = context.getParent().getPipeline();
                for (Valve valve : host.getValves()) {
                    if (valve instanceof ErrorReportValve) {
                        host.removeValve(valve);
                    }
                }
                host.addValve(new ProblemReportValve(objectMapper));
                // else the host adds Tomcat's own report valve at start, inside ours, and it answers first
                if (context.getParent() instanceof StandardHost standardHost) {
                    standardHost.setErrorReportValveClass(ProblemReportValve.class.getName());
                }
            });
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }

    /** Before Spring Security, so no filter reads a body or parameter the edge refuses. */
    @Bean
    FilterRegistrationBean<RequestEdgeFilter> requestEdgeFilter(
            @Value("${aasm.http.max-request-body:1MB}") DataSize maxRequestBody, ProblemWriter problems) {
        FilterRegistrationBean<RequestEdgeFilter> registration =
                new FilterRegistrationBean<>(new RequestEdgeFilter(maxRequestBody.toBytes(), problems));
        registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER - 10);
        registration.addUrlPatterns("/*");
        return registration;
    }
}
