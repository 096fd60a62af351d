package io.agentassembly.policy;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * What {@code requires_approval_if} conditions may cost, and what they are given.
 * <ul>
 * <li>{@code maxArgsBytes}, {@code maxStringLength}, {@code maxListSize}: tool arguments larger than
 *     {@code maxArgsBytes} of JSON are not given to conditions at all, and a string longer than
 *     {@code maxStringLength} characters or a list or object with more than {@code maxListSize} items is given
 *     as a placeholder; a condition that uses such a value cannot be evaluated (PENDING, fail closed).</li>
 * <li>{@code maxCost}: the most evaluation steps (see {@link ApprovalCondition}) a condition may cost in the worst
 *     case with the largest values above (checked when a policy is applied), and the budget all the conditions
 *     one action evaluates share at run time.</li>
 * <li>{@code timeout}: the wall-clock time those conditions may take together, a backstop for the step count.</li>
 * </ul>
 * Also counts the evaluations cut off at run time, for the gateway's metrics. Thread-safe.
 */
public final class ConditionLimits {

    /** The defaults of {@code aasm.policy.condition.*}. */
    public static final ConditionLimits DEFAULT = new ConditionLimits(64 * 1024, 4096, 256, 20_000,
            Duration.ofMillis(10));

    private final int maxArgsBytes;
    private final int maxStringLength;
    private final int maxListSize;
    private final long maxCost;
    private final long timeoutNanos;
    private final boolean refusesCostly;
    private final LongAdder overBudget;
    private final LongAdder overTime;

    public ConditionLimits(int maxArgsBytes, int maxStringLength, int maxListSize, long maxCost, Duration timeout) {
        if (maxArgsBytes < 1 || maxStringLength < 1 || maxListSize < 1 || maxCost < 1 || timeout.isNegative()) {
            throw new IllegalArgumentException("aasm.policy.condition limits must be positive: max-args-bytes "
                    + maxArgsBytes + ", max-string-length " + maxStringLength + ", max-list-size " + maxListSize
                    + ", max-cost " + maxCost + ", timeout " + timeout);
        }
        this.maxArgsBytes = maxArgsBytes;
        this.maxStringLength = maxStringLength;
        this.maxListSize = maxListSize;
        this.maxCost = maxCost;
        this.timeoutNanos = timeout.toNanos();
        this.refusesCostly = true;
        this.overBudget = new LongAdder();
        this.overTime = new LongAdder();
    }

    private ConditionLimits(ConditionLimits limits) {
        this.maxArgsBytes = limits.maxArgsBytes;
        this.maxStringLength = limits.maxStringLength;
        this.maxListSize = limits.maxListSize;
        this.maxCost = limits.maxCost;
        this.timeoutNanos = limits.timeoutNanos;
        this.refusesCostly = false;
        this.overBudget = limits.overBudget;
        this.overTime = limits.overTime;
    }

    /**
     * The same limits, and counters, for compiling policies already stored: their conditions are bounded when
     * evaluated but not refused for their worst case. A condition an earlier version accepted is then cut off
     * (PENDING) when it runs out, instead of failing the workspace's whole cascade, which would deny every action.
     */
    public ConditionLimits forStoredPolicies() {
        return refusesCostly ? new ConditionLimits(this) : this;
    }

    /** False for {@link #forStoredPolicies()}: costly conditions are compiled and bounded only at run time. */
    public boolean refusesCostly() {
        return refusesCostly;
    }

    public int maxArgsBytes() {
        return maxArgsBytes;
    }

    public int maxStringLength() {
        return maxStringLength;
    }

    public int maxListSize() {
        return maxListSize;
    }

    public long maxCost() {
        return maxCost;
    }

    public long timeoutNanos() {
        return timeoutNanos;
    }

    /** Evaluations cut off because they used up the step budget. */
    public long overBudget() {
        return overBudget.sum();
    }

    /** Evaluations cut off because they ran out of time. */
    public long overTime() {
        return overTime.sum();
    }

    void countOverBudget() {
        overBudget.increment();
    }

    void countOverTime() {
        overTime.increment();
    }
}
