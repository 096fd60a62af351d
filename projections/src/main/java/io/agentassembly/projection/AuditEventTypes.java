package io.agentassembly.projection;

import io.agentassembly.command.api.agent.AgentEvents;
import io.agentassembly.command.api.alert.AlertDestinationEvents;
import io.agentassembly.command.api.approval.ApprovalEvents;
import io.agentassembly.command.api.budget.BudgetEvents;
import io.agentassembly.command.api.budget.PriceEvents;
import io.agentassembly.command.api.budget.SpendEvents;
import io.agentassembly.command.api.gateway.AgentAuditEvents;
import io.agentassembly.command.api.gateway.GatewayEvents;
import io.agentassembly.command.api.apikey.ApiKeyEvents;
import io.agentassembly.command.api.common.WorkspaceEvent;
import io.agentassembly.command.api.policy.PolicyEvents;
import io.agentassembly.command.api.session.SessionEvents;
import io.agentassembly.command.api.signin.SignInEvents;
import io.agentassembly.command.api.workspace.ProvisioningEvents;
import io.agentassembly.command.api.workspace.WorkspaceEvents;
import io.agentassembly.command.api.scim.ScimTokenEvents;

import java.util.Arrays;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The {@code event_type} names of audit entries: an event's class name without its "Event" suffix. */
public final class AuditEventTypes {

    private static final String SUFFIX = "Event";

    /** Add each new holder of event records here so the REST edge accepts its event types as filters. */
    private static final SortedSet<String> KNOWN = Stream.of(WorkspaceEvents.class, SessionEvents.class,
                    ApiKeyEvents.class, AgentEvents.class, GatewayEvents.class,
                    AgentAuditEvents.class, ApprovalEvents.class, PolicyEvents.class, SignInEvents.class,
                    BudgetEvents.class, PriceEvents.class, SpendEvents.class,
                    AlertDestinationEvents.class, ProvisioningEvents.class, ScimTokenEvents.class)
            .flatMap(holder -> Arrays.stream(holder.getDeclaredClasses()))
            .filter(WorkspaceEvent.class::isAssignableFrom)
            .map(AuditEventTypes::eventTypeOf)
            .collect(Collectors.toCollection(TreeSet::new));

    private AuditEventTypes() {
    }

    public static String eventTypeOf(Class<?> eventClass) {
        String name = eventClass.getSimpleName();
        return name.endsWith(SUFFIX) && name.length() > SUFFIX.length()
                ? name.substring(0, name.length() - SUFFIX.length())
                : name;
    }

    /** Every event type the audit log can hold, sorted. */
    public static SortedSet<String> known() {
        return Collections.unmodifiableSortedSet(KNOWN);
    }

    public static boolean isKnown(String eventType) {
        return eventType != null && KNOWN.contains(eventType);
    }
}
