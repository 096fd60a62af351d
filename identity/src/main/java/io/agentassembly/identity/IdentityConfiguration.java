package io.agentassembly.identity;

import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.identity.auth.BearerAuthenticationProvider;
import io.agentassembly.identity.auth.ExpiredAccessTokenException;
import io.agentassembly.identity.auth.OperatorAccess;
import io.agentassembly.identity.auth.ScimTokenAuthenticationProvider;
import io.agentassembly.identity.limit.WorkspaceRequestLimitFilter;
import io.agentassembly.identity.password.PasswordHasher;
import io.agentassembly.identity.token.AccessTokens;
import io.agentassembly.identity.token.LinkTokens;
import io.agentassembly.identity.token.PlatformKey;
import io.agentassembly.identity.token.SecretSealer;
import io.agentassembly.identity.web.ProblemWriter;
import io.agentassembly.identity.web.Problems;
import io.agentassembly.identity.web.ScimErrorWriter;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.AuthorizationFilter;

import java.nio.file.Path;

/**
 * Security wiring: stateless bearer authentication, public sign-up/sign-in endpoints, problem+json errors; and a
 * chain of its own for SCIM provisioning ({@value #SCIM_ENDPOINTS}, SCIM tokens only, SCIM errors).
 */
@Configuration
@ComponentScan
@EnableConfigurationProperties(IdentityProperties.class)
public class IdentityConfiguration {

    /** Endpoints that anyone may call: they authenticate with what they carry (password, e-mailed token). */
    public static final String[] PUBLIC_ENDPOINTS = {
            "/api/v1/signup", "/api/v1/signup/verify", "/api/v1/auth/login", "/api/v1/auth/refresh",
            "/api/v1/signup/resend", "/api/v1/invitations/accept", "/v3/api-docs/**", "/swagger-ui/**",
            "/swagger-ui.html", "/error",
            // The pages e-mailed links open; they call the public endpoints above.
            "/verify-email", "/accept-invitation", "/pages/**"};

    private static final String REFRESH_ENDPOINT = "/api/v1/auth/refresh";

    @Bean
    PlatformKey platformKey(IdentityProperties properties) {
        return properties.tokenKey() != null && !properties.tokenKey().isBlank()
                ? PlatformKey.fromBase64(properties.tokenKey())
                : PlatformKey.fromFile(Path.of(properties.tokenKeyFile()));
    }

    @Bean
    AccessTokens accessTokens(PlatformKey key, IdentityProperties properties) {
        return new AccessTokens(key, properties.issuer(), properties.accessTokenLifetime());
    }

    @Bean
    LinkTokens linkTokens(PlatformKey key) {
        return new LinkTokens(key);
    }

    @Bean
    SecretSealer secretSealer(PlatformKey key) {
        return new SecretSealer(key);
    }

    @Bean
    PasswordHasher passwordHasher() {
        return new PasswordHasher();
    }

    /** Where identity providers provision users and groups; only SCIM tokens authenticate there. */
    public static final String SCIM_ENDPOINTS = "/scim/v2/**";

    /**
     * {@value #SCIM_ENDPOINTS}: a chain of its own, ahead of the REST chain, that accepts only SCIM tokens
     * ({@code aasp_…}, {@link ScimTokenAuthenticationProvider}) and answers its refusals as SCIM errors
     * ({@code application/scim+json}). The callers count against their workspace's request limit like console users.
     */
    @Bean
    @Order(1)
    SecurityFilterChain scimSecurity(HttpSecurity http, ScimTokenAuthenticationProvider scimTokens,
                                     ScimErrorWriter scimErrors, WorkspaceRequestLimitFilter workspaceLimits)
            throws Exception {
        var authenticationManager = new ProviderManager(scimTokens);
        AuthenticationEntryPoint unauthenticated = (request, response, e) -> {
            boolean presented = e instanceof OAuth2AuthenticationException;
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, presented
                    ? "Bearer error=\"invalid_token\", error_description=\"invalid\"" : "Bearer");
            scimErrors.write(response, HttpServletResponse.SC_UNAUTHORIZED, null, presented
                    ? "the bearer token is not a valid SCIM token of an active workspace (invalid, rotated or revoked)"
                    : "a SCIM token is required: send Authorization: Bearer aasp_…");
        };
        AccessDeniedHandler denied = (request, response, e) -> scimErrors.write(response,
                HttpServletResponse.SC_FORBIDDEN, null, "your credential does not allow this");
        WorkspaceRequestLimitFilter scimLimits = workspaceLimits.answering((request, response, refused) ->
                scimErrors.write(response, 429, null, refused.getMessage()));
        http.securityMatcher(SCIM_ENDPOINTS)
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .anonymous(AbstractHttpConfigurer::disable)
                .authorizeHttpRequests(a -> a.anyRequest().hasAuthority(CallerAuthentication.SCIM_AUTHORITY))
                .oauth2ResourceServer(rs -> rs
                        .authenticationManagerResolver(request -> authenticationManager)
                        .authenticationEntryPoint(unauthenticated)
                        .accessDeniedHandler(denied))
                .exceptionHandling(e -> e.authenticationEntryPoint(unauthenticated).accessDeniedHandler(denied))
                .addFilterAfter(scimLimits, AuthorizationFilter.class);
        return http.build();
    }

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, BearerAuthenticationProvider bearer, ProblemWriter problems,
                                    WorkspaceRequestLimitFilter workspaceLimits, OperatorAccess operatorAccess) throws Exception {
        var authenticationManager = new ProviderManager(bearer);
        AuthenticationEntryPoint unauthenticated = (request, response, e) -> {
            if (e instanceof ExpiredAccessTokenException) {
                response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\", error_description=\"expired\"");
                ProblemDetail expired = Problems.of(ErrorCode.ACCESS_TOKEN_EXPIRED, "Authorization",
                        "the access token has expired; get a new one from POST " + REFRESH_ENDPOINT + " with your refresh token");
                expired.setProperty("refresh", REFRESH_ENDPOINT);
                problems.write(request, response, expired);
                return;
            }
            // RFC 6750: a request that sent a token learns it is not valid; one that sent none only gets the challenge
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, e instanceof OAuth2AuthenticationException
                    ? "Bearer error=\"invalid_token\", error_description=\"invalid\"" : "Bearer");
            problems.write(request, response, Problems.of(ErrorCode.AUTHENTICATION_FAILED, "Authorization",
                    operatorAccess.unauthenticatedDetail(request)));
        };
        AccessDeniedHandler denied = (request, response, e) -> problems.write(request, response,
                Problems.of(ErrorCode.PERMISSION_DENIED, null, "your credential does not allow this"));
        http.csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .authorizeHttpRequests(a -> a
                        .requestMatchers(PUBLIC_ENDPOINTS).permitAll()
                        // Management endpoints (main port or management.server.port): health, with liveness and
                        // readiness, for orchestrators; every other one (metrics, info, any exposed later) shows
                        // figures of every tenant.
                        .requestMatchers(EndpointRequest.to(HealthEndpoint.class)).permitAll()
                        .requestMatchers(EndpointRequest.toAnyEndpoint()).hasAuthority(CallerAuthentication.OPERATOR_AUTHORITY)
                        .requestMatchers("/api/v1/operator/**").hasAuthority(CallerAuthentication.OPERATOR_AUTHORITY)
                        .anyRequest().authenticated())
                .oauth2ResourceServer(rs -> rs
                        .authenticationManagerResolver(request -> authenticationManager)
                        .authenticationEntryPoint(unauthenticated)
                        .accessDeniedHandler(denied))
                .exceptionHandling(e -> e.authenticationEntryPoint(unauthenticated).accessDeniedHandler(denied))
                .addFilterAfter(workspaceLimits, AuthorizationFilter.class);
        return http.build();
    }
}
