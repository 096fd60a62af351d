package io.agentassembly.projection;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuditLogProjectionTest {

    @Test
    void takesTheGlobalSequenceFromTheJdbcStoresGapAwareToken() {
        TrackingToken token = GapAwareTrackingToken.newInstance(42, List.of(40L));

        assertThat(AuditLogProjection.globalSequenceOf(token)).isEqualTo(42);
    }

    @Test
    void takesTheGlobalSequenceOfTheReplayedEventDuringAReplay() {
        TrackingToken token = ReplayToken.createReplayToken(GapAwareTrackingToken.newInstance(100, List.of()),
                GapAwareTrackingToken.newInstance(7, List.of()));

        assertThat(token).isInstanceOf(ReplayToken.class);

        assertThat(AuditLogProjection.globalSequenceOf(token)).isEqualTo(7);
    }

    @Test
    void takesTheGlobalSequenceFromAnAxonServerToken() {
        assertThat(AuditLogProjection.globalSequenceOf(new GlobalSequenceTrackingToken(9))).isEqualTo(9);
    }

    @Test
    void refusesToWriteAnEntryWithoutAPosition() {
        TrackingToken positionless = new TrackingToken() {
            @Override
            public TrackingToken lowerBound(TrackingToken other) {
                return this;
            }

            @Override
            public TrackingToken upperBound(TrackingToken other) {
                return this;
            }

            @Override
            public boolean covers(TrackingToken other) {
                return false;
            }

            @Override
            public OptionalLong position() {
                return OptionalLong.empty();
            }
        };

        assertThatThrownBy(() -> AuditLogProjection.globalSequenceOf(positionless))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> AuditLogProjection.globalSequenceOf(null))
                .isInstanceOf(IllegalStateException.class);
    }
}
