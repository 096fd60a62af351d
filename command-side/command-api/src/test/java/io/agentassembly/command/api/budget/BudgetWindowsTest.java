package io.agentassembly.command.api.budget;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static io.agentassembly.command.api.budget.BudgetWindow.DAILY;
import static io.agentassembly.command.api.budget.BudgetWindow.HOURLY;
import static io.agentassembly.command.api.budget.BudgetWindow.MONTHLY;
import static io.agentassembly.command.api.budget.BudgetWindow.WEEKLY;
import static org.assertj.core.api.Assertions.assertThat;

/** Every window boundary: the hour, midnight UTC, Monday, month end, a zone off UTC, both DST changes. */
class BudgetWindowsTest {

    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final ZoneId DUBLIN = ZoneId.of("Europe/Dublin");
    private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @Test
    void anHourStartsAtItsFullHourAndTheLastNanosecondBelongsToIt() {
        assertThat(start(HOURLY, "2026-12-07T14:59:59.999999999Z", UTC)).isEqualTo("2026-12-07T14:00:00Z");
        assertThat(start(HOURLY, "2026-12-07T15:00:00Z", UTC)).isEqualTo("2026-12-07T15:00:00Z");
        assertThat(BudgetWindows.next(HOURLY, Instant.parse("2026-12-07T14:00:00Z"), UTC))
                .isEqualTo("2026-12-07T15:00:00Z");
    }

    @Test
    void aZoneHalfAnHourOffUtcStartsItsHoursAtHalfPast() {
        assertThat(start(HOURLY, "2026-12-07T14:29:00Z", KOLKATA)).isEqualTo("2026-12-07T13:30:00Z");
        assertThat(start(HOURLY, "2026-12-07T14:30:00Z", KOLKATA)).isEqualTo("2026-12-07T14:30:00Z");
    }

    @Test
    void aDayStartsAtMidnightUtc() {
        assertThat(start(DAILY, "2026-12-07T23:59:59.999Z", UTC)).isEqualTo("2026-12-07T00:00:00Z");
        assertThat(start(DAILY, "2026-12-08T00:00:00Z", UTC)).isEqualTo("2026-12-08T00:00:00Z");
        assertThat(BudgetWindows.next(DAILY, Instant.parse("2026-12-07T00:00:00Z"), UTC))
                .isEqualTo("2026-12-08T00:00:00Z");
        assertThat(BudgetWindows.previous(DAILY, Instant.parse("2026-12-07T00:00:00Z"), UTC))
                .isEqualTo("2026-12-06T00:00:00Z");
    }

    @Test
    void aDayInANonUtcZoneStartsAtLocalMidnight() {
        assertThat(start(DAILY, "2026-12-07T18:29:59Z", KOLKATA)).isEqualTo("2026-12-06T18:30:00Z");
        assertThat(start(DAILY, "2026-12-07T18:30:00Z", KOLKATA)).isEqualTo("2026-12-07T18:30:00Z");
        assertThat(start(DAILY, "2026-12-07T04:59:59Z", NEW_YORK)).isEqualTo("2026-12-06T05:00:00Z");
    }

    @Test
    void aWeekStartsOnMondayAtMidnight() {
        // 2026-12-06 is a Sunday, 2026-12-07 a Monday.
        assertThat(start(WEEKLY, "2026-12-06T23:59:59Z", UTC)).isEqualTo("2026-11-30T00:00:00Z");
        assertThat(start(WEEKLY, "2026-12-07T00:00:00Z", UTC)).isEqualTo("2026-12-07T00:00:00Z");
        assertThat(start(WEEKLY, "2026-12-13T23:59:59Z", UTC)).isEqualTo("2026-12-07T00:00:00Z");
        assertThat(BudgetWindows.next(WEEKLY, Instant.parse("2026-12-07T00:00:00Z"), UTC))
                .isEqualTo("2026-12-14T00:00:00Z");
    }

    @Test
    void aMonthStartsOnTheFirstAndEndsAfterItsLastDayWhateverItsLength() {
        assertThat(start(MONTHLY, "2026-02-28T23:59:59Z", UTC)).isEqualTo("2026-02-01T00:00:00Z");
        assertThat(start(MONTHLY, "2026-03-01T00:00:00Z", UTC)).isEqualTo("2026-03-01T00:00:00Z");
        assertThat(start(MONTHLY, "2028-02-29T12:00:00Z", UTC)).isEqualTo("2028-02-01T00:00:00Z");
        assertThat(start(MONTHLY, "2026-12-31T23:59:59Z", UTC)).isEqualTo("2026-12-01T00:00:00Z");
        assertThat(BudgetWindows.next(MONTHLY, Instant.parse("2026-12-01T00:00:00Z"), UTC))
                .isEqualTo("2027-01-01T00:00:00Z");
        assertThat(BudgetWindows.previous(MONTHLY, Instant.parse("2026-03-01T00:00:00Z"), UTC))
                .isEqualTo("2026-02-01T00:00:00Z");
    }

    @Test
    void theDayOfTheSpringDstChangeHas23HoursAndTheAutumnOne25() {
        // Dublin: 2026-03-29 01:00 UTC clocks go 01:00 → 02:00 (IST, UTC+1); 2026-10-25 01:00 UTC back to GMT.
        Instant spring = start(DAILY, "2026-03-29T12:00:00Z", DUBLIN);
        assertThat(spring).isEqualTo("2026-03-29T00:00:00Z");
        assertThat(BudgetWindows.next(DAILY, spring, DUBLIN)).isEqualTo("2026-03-29T23:00:00Z");
        Instant autumn = start(DAILY, "2026-10-25T12:00:00Z", DUBLIN);
        assertThat(autumn).isEqualTo("2026-10-24T23:00:00Z");
        assertThat(BudgetWindows.next(DAILY, autumn, DUBLIN)).isEqualTo("2026-10-26T00:00:00Z");
        assertThat(start(MONTHLY, "2026-04-01T00:30:00Z", DUBLIN)).as("local April 1st, 01:30 IST")
                .isEqualTo("2026-03-31T23:00:00Z");
    }

    @Test
    void theRepeatedHourOfTheAutumnChangeIsTwoHours() {
        // New York 2026-11-01: 01:00–02:00 EDT (05:00–06:00 UTC), then 01:00–02:00 EST (06:00–07:00 UTC).
        assertThat(start(HOURLY, "2026-11-01T05:30:00Z", NEW_YORK)).isEqualTo("2026-11-01T05:00:00Z");
        assertThat(start(HOURLY, "2026-11-01T06:30:00Z", NEW_YORK)).isEqualTo("2026-11-01T06:00:00Z");
        assertThat(start(DAILY, "2026-11-01T23:00:00Z", NEW_YORK)).isEqualTo("2026-11-01T04:00:00Z");
        assertThat(BudgetWindows.next(DAILY, Instant.parse("2026-11-01T04:00:00Z"), NEW_YORK))
                .as("that day has 25 hours").isEqualTo("2026-11-02T05:00:00Z");
    }

    private static Instant start(BudgetWindow window, String at, ZoneId zone) {
        return BudgetWindows.start(window, Instant.parse(at), zone);
    }
}
