package io.agentassembly.command.api.common;

/** Who caused an event; recorded in every event's metadata and in the audit log. */
public enum ActorType {
    USER, API_KEY, OPERATOR, AGENT, SCIM, SYSTEM
}
