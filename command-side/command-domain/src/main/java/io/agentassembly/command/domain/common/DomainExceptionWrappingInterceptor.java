package io.agentassembly.command.domain.common;

import io.agentassembly.command.api.agent.AgentCommands;
import io.agentassembly.command.api.apikey.ApiKeyCommands;
import io.agentassembly.command.api.approval.ApprovalCommands;
import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.command.api.common.ErrorDetails;
import io.agentassembly.command.api.policy.PolicyCommands;
import io.agentassembly.command.api.scim.ScimTokenCommands;
import io.agentassembly.command.api.session.SessionCommands;
import io.agentassembly.command.api.workspace.WorkspaceCommands;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.stereotype.Component;

/**
 * Turns a refusal into a {@link CommandExecutionException} whose details are the typed {@link ErrorDetails},
 * so the reason survives distribution (Axon Server) and the edges map it in one place. A command aimed at an
 * aggregate that does not exist becomes the matching *_NOT_FOUND code.
 * <p>
 * Axon's Spring Boot auto-configuration registers every {@code MessageHandlerInterceptor<CommandMessage<?>>}
 * bean on the command bus, so being a bean is all the wiring this needs.
 */
@Component
public class DomainExceptionWrappingInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain)
            throws Exception {
        try {
            return chain.proceed();
        } catch (DomainException e) {
            throw new CommandExecutionException(e.getMessage(), e, e.details());
        } catch (AggregateNotFoundException e) {
            ErrorDetails details = notFound(unitOfWork.getMessage().getPayloadType());
            throw new CommandExecutionException(details.message(), e, details);
        }
    }

    private static ErrorDetails notFound(Class<?> commandType) {
        Class<?> family = commandType.getEnclosingClass();
        if (family == WorkspaceCommands.class || commandType == AgentCommands.RegisterAgentCommand.class
                || commandType == AgentCommands.ReleaseAgentSlotCommand.class
                || commandType == PolicyCommands.TakePolicySlotCommand.class
                || commandType == PolicyCommands.ReleasePolicySlotCommand.class) {
            return new ErrorDetails(ErrorCode.WORKSPACE_NOT_FOUND, "workspaceId", "workspace not found; check the workspace id");
        }
        if (family == SessionCommands.class) {
            return new ErrorDetails(ErrorCode.SESSION_NOT_FOUND, "sessionId", "session not found; sign in again");
        }
        if (family == ApiKeyCommands.class) {
            return new ErrorDetails(ErrorCode.API_KEY_NOT_FOUND, "keyId", "API key not found; check the key id");
        }
        if (family == ScimTokenCommands.class) {
            return new ErrorDetails(ErrorCode.SCIM_TOKEN_NOT_FOUND, "tokenId", "SCIM token not found; check the token id");
        }
        if (family == AgentCommands.class) {
            return new ErrorDetails(ErrorCode.AGENT_NOT_FOUND, "agentKey", "agent not found; check the agent key");
        }
        if (family == ApprovalCommands.class) {
            return new ErrorDetails(ErrorCode.APPROVAL_NOT_FOUND, "approvalId", "approval not found; check the approval id");
        }
        if (family == PolicyCommands.class) {
            return new ErrorDetails(ErrorCode.POLICY_NOT_FOUND, "name", "policy not found; check the policy name");
        }
        return new ErrorDetails(ErrorCode.NOT_FOUND, null, "the addressed resource does not exist");
    }
}
