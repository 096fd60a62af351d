package io.agentassembly.policy.engine;

import java.util.List;

/**
 * What the agent wants to do, independent of the wire format. Only the fields of {@code kind} are set; the others
 * are null. {@code argsJson} / {@code resultJson} are the raw JSON bytes of tool arguments / results (may be
 * null or empty); {@code host} is the network host, or for a tool call the host of {@code targetUrl} when set.
 */
public record ActionInput(ActionKind kind, String toolName, String toolSource, byte[] argsJson, String targetUrl,
                          String host, Integer port, String model, String fileOperation, String filePath,
                          String command, List<String> commandArgs, byte[] resultJson) {
}
