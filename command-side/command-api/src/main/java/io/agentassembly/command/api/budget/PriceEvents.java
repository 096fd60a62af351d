package io.agentassembly.command.api.budget;

import io.agentassembly.command.api.common.WorkspaceEvent;
import org.axonframework.serialization.Revision;

import java.util.List;

/**
 * Events of the PriceTable aggregate ({@code prices-<workspace id>}). {@code version} counts every change of the
 * workspace's table, resets included, so {@code workspace:<version>} names one table for good.
 */
public final class PriceEvents {
    private PriceEvents() {
    }

    /** The workspace's own table is now {@code entries} (sorted by model), replacing the default table. */
    @Revision("1")
    public record ModelPricesChangedEvent(String workspaceId, int version, List<ModelPrice> entries)
            implements WorkspaceEvent {
    }

    /** The workspace's own table is gone: the platform's default table prices its usage again. */
    @Revision("1")
    public record ModelPricesResetEvent(String workspaceId, int version) implements WorkspaceEvent {
    }
}
