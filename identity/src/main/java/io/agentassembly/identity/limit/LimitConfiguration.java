package io.agentassembly.identity.limit;

import io.agentassembly.identity.web.ProblemWriter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jooq.DSLContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.Map;

/** The limiters of the public REST endpoints and the purge of their shared rows. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LimitProperties.class)
public class LimitConfiguration {

    @Bean
    Limits limits(DSLContext db, TransactionTemplate transactions, ObjectProvider<MeterRegistry> meters) {
        return new Limits(db, transactions, meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    /** Runs before Spring Security: a refused request costs one short transaction and nothing else. */
    @Bean
    FilterRegistrationBean<PublicEndpointLimitFilter> publicEndpointLimitFilter(Limits limits, LimitProperties properties,
                                                                                ProblemWriter problems) {
        Map<String, Limiter> limitsByPath = Map.of(
                "/api/v1/signup", limits.shared("signup", properties.signup()),
                "/api/v1/signup/verify", limits.shared("signup-verify", properties.signupVerify()),
                "/api/v1/auth/refresh", limits.shared("auth-refresh", properties.authRefresh()),
                "/api/v1/invitations/accept", limits.shared("invitation-accept", properties.invitationAccept()));
        var registration = new FilterRegistrationBean<>(new PublicEndpointLimitFilter(limitsByPath, problems));
        registration.setUrlPatterns(limitsByPath.keySet());
        registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER - 10);
        return registration;
    }

    /** Added to the security filter chain after authorisation (IdentityConfiguration): never a servlet filter of its own. */
    @Bean
    WorkspaceRequestLimitFilter workspaceRequestLimitFilter(Limits limits, LimitProperties properties,
                                                            ProblemWriter problems) {
        return new WorkspaceRequestLimitFilter(
                limits.inMemory("workspace-requests", properties.workspaceRequests(), properties.workspaces()),
                limits.inMemory("workspace-costly", properties.workspaceCostly(), properties.workspaces()), problems);
    }

    @Bean
    FilterRegistrationBean<WorkspaceRequestLimitFilter> workspaceRequestLimitFilterOnlyInSecurityChain(
            WorkspaceRequestLimitFilter filter) {
        var registration = new FilterRegistrationBean<>(filter);
        registration.setEnabled(false);
        return registration;
    }

    @Bean
    LimitPurger limitPurger(Limits limits, TaskScheduler scheduler, LimitProperties properties) {
        return new LimitPurger(limits, scheduler, properties.purgeInterval());
    }
}
