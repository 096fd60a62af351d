package io.agentassembly.command.api.alert;

/**
 * Where an alert goes. SLACK: a Slack incoming webhook (the URL is the secret; also fits Slack-compatible
 * receivers); WEBHOOK: any HTTPS endpoint, each request signed with a secret the server generates.
 */
public enum AlertDestinationKind {
    SLACK, WEBHOOK
}
