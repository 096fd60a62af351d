package io.agentassembly.identity;

import io.agentassembly.command.api.common.ActorType;

/** Who performs a command, as recorded in the audit log. */
public record Actor(ActorType type, String id) {
}
