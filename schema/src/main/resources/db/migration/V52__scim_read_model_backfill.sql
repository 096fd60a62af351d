-- The SCIM read model of the users that joined before V51 (ADR 0029). Its projection is subscribing, so it is never
-- replayed: without this, an identity provider would not find the existing console users by userName and would
-- try to create them again (409 uniqueness). Each row is what ScimUserProjection would have written: userName =
-- the address, version = 1 + the user's deactivations and reactivations (the aggregate counts the same events).
-- [jooq ignore start]
INSERT INTO scim_user (user_id, workspace_id, user_name, external_id, display_name, active, managed_by, resource,
                       version, created_at, last_modified)
SELECT u.user_id,
       u.workspace_id,
       u.email,
       NULL,
       u.display_name,
       u.status = 'ACTIVE',
       'CONSOLE',
       jsonb_strip_nulls(jsonb_build_object(
               'schemas', jsonb_build_array('urn:ietf:params:scim:schemas:core:2.0:User'),
               'userName', u.email,
               'displayName', u.display_name,
               'emails', jsonb_build_array(jsonb_build_object('value', u.email, 'primary', true)),
               'active', u.status = 'ACTIVE')),
       1 + (SELECT count(*)
            FROM domainevententry e
            WHERE e.aggregateidentifier = u.workspace_id
              AND e.payloadtype IN ('io.agentassembly.command.api.workspace.WorkspaceEvents$UserDeactivatedEvent',
                                    'io.agentassembly.command.api.workspace.WorkspaceEvents$UserReactivatedEvent')
              AND convert_from(e.payload, 'UTF8')::jsonb ->> 'user_id' = u.user_id),
       u.created_at,
       u.updated_at
FROM user_account u
ON CONFLICT (user_id) DO NOTHING;
-- [jooq ignore stop]
