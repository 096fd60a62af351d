package io.agentassembly.app.config;

import io.agentassembly.app.config.ProcessingGroups.Mode;
import io.agentassembly.app.config.ProcessingGroups.OnError;
import io.agentassembly.app.config.ProcessingGroups.Wiring;
import io.agentassembly.app.support.IntegrationTest;
import io.agentassembly.projection.deadletter.DeadLetterErrorHandler;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.LoggingErrorHandler;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.SubscribingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.monitoring.NoOpMessageMonitor;
import org.axonframework.springboot.EventProcessorProperties;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The processing-group registry, the table in docs/events.md and the running app's processors agree. */
class ProcessingGroupsTest extends IntegrationTest {

    private static final Path EVENTS_MD = Path.of("..", "docs", "events.md");

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    EventProcessorProperties axonProcessors;

    @Test
    void theTableInTheEventCatalogueIsTheRegistry() throws IOException {
        Map<String, String> registry = Arrays.stream(ProcessingGroups.values()).collect(Collectors.toMap(
                ProcessingGroups::group, g -> row(g.wiring()), (a, b) -> a, LinkedHashMap::new));

        assertThat(documentedGroups()).containsExactlyInAnyOrderEntriesOf(registry);
    }

    @Test
    void everyProcessorOfTheAppIsWiredAsTheRegistrySays() {
        assertThat(processing.eventProcessors().keySet())
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(ProcessingGroups.values()).map(ProcessingGroups::group).toList());
        for (ProcessingGroups entry : ProcessingGroups.values()) {
            String group = entry.group();
            Wiring wiring = entry.wiring();
            EventProcessor processor = processing.eventProcessors().get(group);
            assertThat(processor).as(group).isInstanceOf(switch (wiring.mode()) {
                case SUBSCRIBING -> SubscribingEventProcessor.class;
                case TRACKING -> TrackingEventProcessor.class;
                case POOLED -> throw new AssertionError("no pooled processor expected");
            });
            EventProcessorProperties.ProcessorSettings settings = axonProcessors.getProcessors().get(group);
            assertThat(settings.getMode().name()).as(group).isEqualTo(wiring.mode().name());
            if (wiring.mode().streaming()) {
                assertThat(settings.getBatchSize()).as(group).isEqualTo(wiring.batchSize());
                assertThat(settings.getThreadCount()).as(group).isEqualTo(wiring.threads());
                assertThat(settings.getInitialSegmentCount()).as(group).isEqualTo(wiring.segments());
                assertThat(((TrackingEventProcessor) processor).maxCapacity()).as(group).isEqualTo(wiring.threads());
            }
            assertThat(processing.listenerInvocationErrorHandler(group)).as(group).isInstanceOf(switch (wiring.onError()) {
                case PROPAGATE -> PropagatingErrorHandler.class;
                case LOG -> LoggingErrorHandler.class;
                case DEAD_LETTER -> DeadLetterErrorHandler.class;
            });
            assertThat(processing.transactionManager(group)).as(group)
                    .matches(tm -> (tm instanceof AsynchronousCommitTransactionManager) == wiring.asynchronousCommit());
            assertThat(processing.messageMonitor(processor.getClass(), group)).as(group)
                    .matches(monitor -> (monitor instanceof NoOpMessageMonitor) != wiring.messageMonitor());
        }
    }

    @Test
    void aStreamingProcessorMustDeadLetterAndASubscribingOneMustNot() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Wiring(Mode.TRACKING, OnError.LOG, 10, 1, 1, false, true));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Wiring(Mode.SUBSCRIBING, OnError.DEAD_LETTER, 0, 0, 0, false, true));
    }

    private static String row(Wiring wiring) {
        String sizes = wiring.mode().streaming()
                ? wiring.batchSize() + " / " + wiring.threads() + " / " + wiring.segments() : "—";
        return wiring.mode().propertyValue() + " | " + wiring.onError().docName() + " | " + sizes;
    }

    /** group → "mode | on error | batch / threads / segments", from the table under "## Processing groups". */
    private static Map<String, String> documentedGroups() throws IOException {
        List<String> lines = Files.readAllLines(EVENTS_MD);
        int heading = lines.indexOf("## Processing groups");
        assertThat(heading).as("heading '## Processing groups' in docs/events.md").isNotNegative();
        Map<String, String> groups = new LinkedHashMap<>();
        boolean inTable = false;
        for (String line : lines.subList(heading + 1, lines.size())) {
            if (line.startsWith("## ")) {
                break;
            }
            if (!line.startsWith("|")) {
                if (inTable) {
                    break;
                }
                continue;
            }
            inTable = true;
            List<String> cells = Arrays.stream(line.split("\\|", -1)).map(String::trim).toList();
            if (!cells.get(1).startsWith("`")) {
                continue; // header and separator
            }
            String group = cells.get(1).replace("`", "");
            assertThat(groups).as("group listed twice: " + group).doesNotContainKey(group);
            groups.put(group, cells.get(2) + " | " + cells.get(3) + " | " + cells.get(4));
        }
        return groups;
    }
}
