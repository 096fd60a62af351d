package io.agentassembly.app.rest;

import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.projection.deadletter.DeadLetterRetry;
import io.agentassembly.projection.deadletter.DeadLetterRetry.Outcome;
import io.agentassembly.projection.deadletter.DeadLetterView;
import io.agentassembly.projection.deadletter.DeadLetters;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Locale;

/**
 * Events that tracking processors set aside (docs/adr/0009-dead-letters.md): list them, retry one (handled again
 * by its processor's handlers), dismiss one. Operator credential only, like every {@code /api/v1/operator} path.
 */
@RestController
@RequestMapping("/api/v1/operator/dead-letters")
@Tag(name = "Operator")
public class DeadLetterController {

    public static final int MAX_PAGE_SIZE = 500;

    public record DeadLetterList(List<DeadLetterView> deadLetters, int open) {
    }

    /** {@code handled}: the event is in the read model now and the dead letter is gone; else still set aside. */
    public record RetryResponse(String outcome, DeadLetterView deadLetter) {
    }

    private final DeadLetters deadLetters;
    private final DeadLetterRetry retries;

    public DeadLetterController(DeadLetters deadLetters, DeadLetterRetry retries) {
        this.deadLetters = deadLetters;
        this.retries = retries;
    }

    @GetMapping
    @Operation(operationId = "listDeadLetters", summary = "Dead letters, newest event first; filters processing_group, status (open, dismissed)")
    public DeadLetterList list(@RequestParam(name = "processing_group", required = false) String processingGroup,
                               @RequestParam(name = "status", defaultValue = DeadLetterView.OPEN) String status,
                               @RequestParam(name = "per_page", defaultValue = "100") int perPage) {
        String wanted = status.trim().toLowerCase(Locale.ROOT);
        if (!wanted.equals(DeadLetterView.OPEN) && !wanted.equals(DeadLetterView.DISMISSED)) {
            throw invalid("status", "'status' must be open or dismissed");
        }
        if (perPage < 1 || perPage > MAX_PAGE_SIZE) {
            throw invalid("per_page", "'per_page' must be between 1 and " + MAX_PAGE_SIZE);
        }
        String group = processingGroup == null || processingGroup.isBlank() ? null : processingGroup.trim();
        return new DeadLetterList(deadLetters.list(group, wanted.equals(DeadLetterView.DISMISSED), perPage),
                deadLetters.openCount());
    }

    @PostMapping("/{processingGroup}/{globalSequence}/retry")
    @Operation(operationId = "retryDeadLetter", summary = "Handle the event again with its processor's handlers; it stays set aside if it fails again")
    public RetryResponse retry(@PathVariable String processingGroup, @PathVariable long globalSequence) {
        Outcome outcome = retries.retry(processingGroup, globalSequence).orElseThrow(() -> notFound(processingGroup,
                globalSequence));
        return switch (outcome) {
            case HANDLED -> new RetryResponse("handled", null);
            case SET_ASIDE_AGAIN -> new RetryResponse("set_aside_again", existing(processingGroup, globalSequence));
            case NO_PROCESSOR -> throw new DomainException(ErrorCode.CONFLICT, "processing_group",
                    "no streaming processor '" + processingGroup + "' runs on this node; dismiss the dead letter");
            case EVENT_MISSING -> throw new DomainException(ErrorCode.CONFLICT, "global_sequence",
                    "the event store holds no event at global sequence " + globalSequence + "; dismiss the dead letter");
        };
    }

    @PostMapping("/{processingGroup}/{globalSequence}/dismiss")
    @Operation(operationId = "dismissDeadLetter", summary = "Dismiss a dead letter: it is kept for the record and no longer counted as open")
    public DeadLetterView dismiss(@PathVariable String processingGroup, @PathVariable long globalSequence) {
        if (!deadLetters.dismiss(processingGroup, globalSequence)) {
            throw notFound(processingGroup, globalSequence);
        }
        return existing(processingGroup, globalSequence);
    }

    private DeadLetterView existing(String processingGroup, long globalSequence) {
        return deadLetters.find(processingGroup, globalSequence).orElseThrow(() -> notFound(processingGroup,
                globalSequence));
    }

    private static DomainException notFound(String processingGroup, long globalSequence) {
        return new DomainException(ErrorCode.NOT_FOUND, "no dead letter of " + processingGroup + " at global sequence "
                + globalSequence);
    }

    private static DomainException invalid(String field, String message) {
        return new DomainException(ErrorCode.VALIDATION_FAILED, field, message);
    }
}
