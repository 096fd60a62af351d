package io.agentassembly.app.rest;

import io.agentassembly.identity.Caller;
import io.agentassembly.identity.Permission;
import io.agentassembly.identity.RolePermissions;
import io.agentassembly.identity.auth.AuthenticationService;
import io.agentassembly.identity.auth.AuthenticationService.TokenPair;
import io.agentassembly.identity.limit.ClientAddresses;
import io.agentassembly.identity.password.PasswordPolicy;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.Set;

@RestController
@RequestMapping("/api/v1/auth")
@Tag(name = "Authentication", description = "Console sign-in with e-mail and password; bearer tokens")
public class AuthController {

    static final int EMAIL_MAX = 254;
    static final int TOKEN_MAX = 512;

    /** Checked before any hashing: no password longer than the policy allows was ever accepted at sign-up. */
    static final String PASSWORD_TOO_LONG = "must have at most " + PasswordPolicy.MAX_LENGTH + " characters";

    /** {@code workspace}: the slug of the workspace to sign in to; needed only when the address has several. */
    public record LoginRequest(@NotNull @Size(max = EMAIL_MAX) String email,
                               @NotNull @Size(max = PasswordPolicy.MAX_LENGTH, message = PASSWORD_TOO_LONG) String password,
                               @Size(max = 64) String workspace) {
        @Override
        public String toString() {
            return "LoginRequest[" + email + "]";
        }
    }

    public record RefreshRequest(@NotNull @Size(max = TOKEN_MAX) String refreshToken) {
        @Override
        public String toString() {
            return "RefreshRequest[redacted]";
        }
    }

    public record TokenResponse(String accessToken, String refreshToken, String tokenType, long expiresIn) {
        static TokenResponse of(TokenPair pair) {
            return new TokenResponse(pair.accessToken(), pair.refreshToken(), "Bearer", pair.expiresInSeconds());
        }
    }

    public record MeResponse(String actorType, String actorId, String workspaceId, String userId, String role,
                             Set<Permission> permissions) {
    }

    private final AuthenticationService authentication;

    public AuthController(AuthenticationService authentication) {
        this.authentication = authentication;
    }

    @PostMapping("/login")
    @Operation(operationId = "login", summary = "Sign in; returns a 15-minute access token and a rotating refresh token. An address that "
            + "is a user of several workspaces names one in `workspace` (its slug); without it, when the password "
            + "fits more than one, the answer is 409 WORKSPACE_CHOICE_REQUIRED listing them in `workspaces`")
    public TokenResponse login(@Valid @RequestBody LoginRequest request, HttpServletRequest http) {
        return TokenResponse.of(authentication.login(request.email(), request.password(), request.workspace(),
                ClientAddresses.of(http.getRemoteAddr())));
    }

    @PostMapping("/refresh")
    @Operation(operationId = "refreshTokens", summary = "Exchange a refresh token for a new pair; the old refresh token stops working")
    public TokenResponse refresh(@Valid @RequestBody RefreshRequest request) {
        return TokenResponse.of(authentication.refresh(request.refreshToken()));
    }

    @PostMapping("/logout")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "logout", summary = "End the current session: its access and refresh tokens stop working at once")
    public void logout(@AuthenticationPrincipal Caller caller) {
        authentication.logout(caller);
    }

    @GetMapping("/me")
    @Operation(operationId = "getCurrentCaller", summary = "Who the bearer token belongs to, and what it may do")
    public MeResponse me(@AuthenticationPrincipal Caller caller) {
        return new MeResponse(caller.actorType().name(), caller.actorId(), caller.workspaceId(), caller.userId(),
                caller.role() == null ? null : caller.role().name(),
                caller.role() == null ? Set.of() : RolePermissions.of(caller.role()));
    }
}
