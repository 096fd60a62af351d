package io.agentassembly.command.api.approval;

/**
 * PENDING → APPROVED → CONSUMED, PENDING → REJECTED, PENDING → EXPIRED. An approval is open (it blocks a
 * duplicate request for the same action) while PENDING or APPROVED.
 */
public enum ApprovalStatus {
    PENDING, APPROVED, REJECTED, CONSUMED, EXPIRED;

    public boolean open() {
        return this == PENDING || this == APPROVED;
    }
}
