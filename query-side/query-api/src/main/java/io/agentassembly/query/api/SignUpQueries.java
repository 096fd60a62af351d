package io.agentassembly.query.api;

import java.time.Instant;

/** Pending self-serve sign-ups, across workspaces: for the sign-up edge and the expiry sweeper only. */
public final class SignUpQueries {
    private SignUpQueries() {
    }

    /**
     * Answers {@code List<String>}: the id of the pending workspace whose sign-up lapsed at or before {@code now}
     * and that holds the slug, if any (e-mail addresses are claimed per workspace, so a sign-up never needs one).
     */
    public record FindLapsedSignUpHoldersQuery(String slug, Instant now) {
    }

    /** Answers {@code List<String>}: ids of pending workspaces whose sign-up lapsed at or before {@code now}, oldest first. */
    public record ListLapsedSignUpsQuery(Instant now, int limit) {
    }

    /** Answers {@code List<PendingSignUpView>}: the pending sign-ups whose Owner has this (normalised) address. */
    public record ListPendingSignUpsQuery(String email) {
    }

    public record PendingSignUpView(String workspaceId, String ownerUserId) {
    }
}
