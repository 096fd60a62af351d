package io.agentassembly.query.api;

import java.time.Instant;

/** Pending self-serve sign-ups, across workspaces: for the sign-up edge and the expiry sweeper only. */
public final class SignUpQueries {
    private SignUpQueries() {
    }

    /**
     * Answers {@code List<String>}: ids of pending workspaces whose sign-up lapsed at or before {@code now} and
     * that hold the e-mail address (their Owner's) or the slug; at most two.
     */
    public record FindLapsedSignUpHoldersQuery(String email, String slug, Instant now) {
    }

    /** Answers {@code List<String>}: ids of pending workspaces whose sign-up lapsed at or before {@code now}, oldest first. */
    public record ListLapsedSignUpsQuery(Instant now, int limit) {
    }

    /** Answers {@code Optional<PendingSignUpView>}: the pending sign-up whose Owner has this (normalised) address. */
    public record FindPendingSignUpQuery(String email) {
    }

    public record PendingSignUpView(String workspaceId, String ownerUserId) {
    }
}
