package io.agentassembly.command.domain.store;

import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

import static io.agentassembly.schema.jooq.Tables.SLUG_REGISTRY;

/** {@link SlugClaims} on the {@code slug_registry} table, written in the command's transaction. */
@Repository
public class SlugRegistry implements SlugClaims {

    private final DSLContext dsl;

    public SlugRegistry(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public void claim(String slug, String workspaceId) {
        int inserted = dsl.insertInto(SLUG_REGISTRY)
                .set(SLUG_REGISTRY.SLUG, slug)
                .set(SLUG_REGISTRY.WORKSPACE_ID, workspaceId)
                .onConflictDoNothing()
                .execute();
        if (inserted == 0) {
            throw new DomainException(ErrorCode.SLUG_TAKEN, "slug",
                    "the slug '" + slug + "' is already taken; choose another one");
        }
    }

    @Override
    public void release(String workspaceId) {
        dsl.deleteFrom(SLUG_REGISTRY).where(SLUG_REGISTRY.WORKSPACE_ID.eq(workspaceId)).execute();
    }
}
