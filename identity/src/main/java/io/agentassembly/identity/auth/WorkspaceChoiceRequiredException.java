package io.agentassembly.identity.auth;

import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;

import java.util.List;

/**
 * The e-mail address and password sign in to several workspaces: the caller repeats the sign-in naming one of
 * them. Lists only the workspaces the password proved, so it tells nothing to whoever does not know it.
 */
public class WorkspaceChoiceRequiredException extends DomainException {

    public record WorkspaceChoice(String slug, String name) {
    }

    private final transient List<WorkspaceChoice> workspaces;

    public WorkspaceChoiceRequiredException(List<WorkspaceChoice> workspaces) {
        super(ErrorCode.WORKSPACE_CHOICE_REQUIRED, "workspace", "this e-mail address and password sign in to "
                + workspaces.size() + " workspaces; sign in again with \"workspace\" set to the slug of one of them");
        this.workspaces = List.copyOf(workspaces);
    }

    public List<WorkspaceChoice> workspaces() {
        return workspaces;
    }
}
