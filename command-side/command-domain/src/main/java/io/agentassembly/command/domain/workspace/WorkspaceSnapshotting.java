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
 * snapshot is taken after the triggering command commits, on a thread of its own ({@link BackgroundSnapshots}).
 */
@Configuration(proxyBeanMethods = false)
public class WorkspaceSnapshotting {

    @Bean(destroyMethod = "close")
    BackgroundSnapshots workspaceSnapshots(Snapshotter snapshotter) {
        return new BackgroundSnapshots(snapshotter);
    }

    @Bean(Workspace.SNAPSHOT_TRIGGER)
    SnapshotTriggerDefinition workspaceSnapshotTrigger(
            BackgroundSnapshots snapshots, @Value("${aasm.workspace.snapshot-after-events:250}") int threshold) {
        return new EventCountSnapshotTriggerDefinition(snapshots.snapshotter(), threshold);
    }
}
