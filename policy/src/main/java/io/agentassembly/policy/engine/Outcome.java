package io.agentassembly.policy.engine;

/** Ordered from least to most restrictive: the cascade keeps the most restrictive outcome. */
public enum Outcome { ALLOW, REDACT, PENDING, DENY }
