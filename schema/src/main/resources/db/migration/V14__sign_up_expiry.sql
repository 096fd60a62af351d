-- Unverified sign-ups hold their e-mail and slug only until pending_until (WorkspaceCreatedEvent revision 2;
-- null once a workspace is active or was never pending). The sweeper lists pending workspaces past it, and a
-- new sign-up looks up the lapsed holder of its e-mail or slug to take the claims over.
ALTER TABLE workspace_view ADD COLUMN pending_until TIMESTAMPTZ;

-- Pending sign-ups from before this migration expire with their first verification link, as the aggregate
-- decides for events without pending_until. (jOOQ's DDL parser cannot read this statement; it changes no DDL.)
-- [jooq ignore start]
UPDATE workspace_view w
SET pending_until = (SELECT min((e.payload ->> 'expires_at')::timestamptz)
                     FROM event_log e
                     WHERE e.aggregateidentifier = w.workspace_id
                       AND e.payloadtype LIKE '%$EmailVerificationRequestedEvent')
WHERE w.status = 'PENDING_VERIFICATION';
-- [jooq ignore stop]

CREATE INDEX workspace_view_pending_idx ON workspace_view (pending_until) WHERE status = 'PENDING_VERIFICATION';
CREATE INDEX workspace_view_slug_idx ON workspace_view (slug);
