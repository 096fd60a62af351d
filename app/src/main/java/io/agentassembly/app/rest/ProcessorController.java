package io.agentassembly.app.rest;

import io.agentassembly.app.ops.ProcessorReplays;
import io.agentassembly.app.ops.ProcessorReplays.ProcessorStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** This node's streaming event processors and their replay (docs/operations.md). Operator credential only. */
@RestController
@RequestMapping("/api/v1/operator/processors")
@Tag(name = "Operator")
public class ProcessorController {

    public record ProcessorList(List<ProcessorStatus> processors) {
    }

    private final ProcessorReplays replays;

    public ProcessorController(ProcessorReplays replays) {
        this.replays = replays;
    }

    @GetMapping
    @Operation(operationId = "listProcessors", summary = "This node's streaming event processors: running, in error, replaying, position, head of the event store, events behind")
    public ProcessorList list() {
        return new ProcessorList(replays.statuses());
    }

    @GetMapping("/{name}")
    @Operation(operationId = "getProcessor", summary = "One streaming event processor of this node")
    public ProcessorStatus get(@PathVariable String name) {
        return replays.status(name);
    }

    @PostMapping("/{name}/replay")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(operationId = "replayProcessor", summary = "Reset the processor's projection and read the event store again from the start; answers at once, the replay runs in the background")
    public ProcessorStatus replay(@PathVariable String name) {
        return replays.replay(name);
    }
}
