package io.agentassembly.command.domain.workspace;

import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A workspace is snapshotted every {@code aasm.workspace.snapshot-after-events} events (default 250), so loading
 * one with 10,000 members reads a snapshot and at most that many events instead of its whole history. The
 * snapshot is taken right after the triggering command commits, by Axon's snapshotter.
 */
@Configuration(proxyBeanMethods = false)
public class WorkspaceSnapshotting {

    @Bean(Workspace.SNAPSHOT_TRIGGER)
    SnapshotTriggerDefinition workspaceSnapshotTrigger(
            Snapshotter snapshotter, @Value("${aasm.workspace.snapshot-after-events:250}") int threshold) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, threshold);
    }
}
