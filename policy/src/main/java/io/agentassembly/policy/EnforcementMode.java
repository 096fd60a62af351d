package io.agentassembly.policy;

/** {@code spec.enforcement_mode}; absent means ENFORCE. OBSERVE evaluates and records, answering ALLOW. */
public enum EnforcementMode { ENFORCE, OBSERVE, DISABLED }
