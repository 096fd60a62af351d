package io.agentassembly.identity;

import io.agentassembly.command.api.common.ActorType;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import java.util.List;

/** Spring Security's view of a {@link Caller}: authorities are its permissions, or OPERATOR, or SCIM. */
public final class CallerAuthentication extends AbstractAuthenticationToken {

    public static final String OPERATOR_AUTHORITY = "OPERATOR";
    /** The one authority of a SCIM token's caller: it may call {@code /scim/v2} of its workspace, nothing else. */
    public static final String SCIM_AUTHORITY = "SCIM";

    private final Caller caller;

    public CallerAuthentication(Caller caller) {
        super(caller.isOperator() ? List.of(new SimpleGrantedAuthority(OPERATOR_AUTHORITY))
                : caller.actorType() == ActorType.SCIM ? List.of(new SimpleGrantedAuthority(SCIM_AUTHORITY))
                : RolePermissions.of(caller.role()).stream().map(p -> new SimpleGrantedAuthority(p.name())).toList());
        this.caller = caller;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Caller getPrincipal() {
        return caller;
    }
}
