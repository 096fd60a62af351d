package io.agentassembly.command.api.policy;

import io.agentassembly.command.api.common.OrgScopedEvent;
import org.axonframework.serialization.Revision;

/**
 * Events of the Policy aggregate (identified by workspace + document name). Every change of content is a new
 * version carrying the document's source text and content digest; activation and deletion are separate events.
 * {@code orgId} is the org of an {@code org:}/qualified scope, null for global or unqualified scopes, so that the
 * audit log's org filter finds org policies. {@code PolicySlotTaken} and {@code PolicySlotReleased} belong to the
 * Workspace aggregate (its active-policy quota).
 */
public final class PolicyEvents {
    private PolicyEvents() {
    }

    /**
     * Version {@code version} (1, 2, …) of the document now holds {@code source}. {@code rolledBackFrom} names the
     * earlier version whose content was restored by a rollback, null for an ordinary apply.
     */
    @Revision("1")
    public record PolicyVersionCreatedEvent(String workspaceId, String orgId, String policyId, String name,
                                            int version, String digest, String scope, String enforcementMode,
                                            String source, Integer rolledBackFrom) implements OrgScopedEvent {
    }

    /** The document joins the workspace's cascade (takes an active-policy quota slot). */
    @Revision("1")
    public record PolicyActivatedEvent(String workspaceId, String orgId, String policyId,
                                       String name) implements OrgScopedEvent {
    }

    /** The document leaves the cascade but keeps its versions (frees its quota slot). */
    @Revision("1")
    public record PolicyDeactivatedEvent(String workspaceId, String orgId, String policyId,
                                         String name) implements OrgScopedEvent {
    }

    /** The document is gone from lists and the cascade; its versions stay in the audit log. */
    @Revision("1")
    public record PolicyDeletedEvent(String workspaceId, String orgId, String policyId,
                                     String name) implements OrgScopedEvent {
    }

    /** The workspace took an active-policy quota slot; {@code policyCount} is the number of active policies after. */
    @Revision("1")
    public record PolicySlotTakenEvent(String workspaceId, String orgId, String policyId,
                                       int policyCount) implements OrgScopedEvent {
    }

    /** The workspace freed the slot of a deactivated or deleted policy; {@code policyCount} after the release. */
    @Revision("1")
    public record PolicySlotReleasedEvent(String workspaceId, String orgId, String policyId,
                                          int policyCount) implements OrgScopedEvent {
    }
}
