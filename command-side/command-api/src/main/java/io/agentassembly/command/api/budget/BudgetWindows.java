package io.agentassembly.command.api.budget;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;

/**
 * Window boundaries in a time zone: an hour starts at its full hour (a zone 30 minutes off UTC starts hours at
 * :30 UTC), a day at local midnight (or the first instant of the day where a DST change skips midnight), a week on
 * Monday at the start of the day, a month on the first at the start of the day. A day that has 23 or 25 hours
 * because of a DST change is still one day.
 */
public final class BudgetWindows {
    private BudgetWindows() {
    }

    /** The first instant of the window of this kind that contains {@code at}. */
    public static Instant start(BudgetWindow window, Instant at, ZoneId zone) {
        ZonedDateTime local = at.atZone(zone);
        return switch (window) {
            case HOURLY -> local.truncatedTo(ChronoUnit.HOURS).toInstant();
            case DAILY -> dayStart(local.toLocalDate(), zone);
            case WEEKLY -> dayStart(local.toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)), zone);
            case MONTHLY -> dayStart(local.toLocalDate().withDayOfMonth(1), zone);
        };
    }

    /** The first instant of the window after the one starting at {@code start}. */
    public static Instant next(BudgetWindow window, Instant start, ZoneId zone) {
        ZonedDateTime local = start.atZone(zone);
        return switch (window) {
            case HOURLY -> start.plus(1, ChronoUnit.HOURS);
            case DAILY -> dayStart(local.toLocalDate().plusDays(1), zone);
            case WEEKLY -> dayStart(local.toLocalDate().plusWeeks(1), zone);
            case MONTHLY -> dayStart(local.toLocalDate().plusMonths(1), zone);
        };
    }

    /** The first instant of the window before the one starting at {@code start}. */
    public static Instant previous(BudgetWindow window, Instant start, ZoneId zone) {
        ZonedDateTime local = start.atZone(zone);
        return switch (window) {
            case HOURLY -> start.minus(1, ChronoUnit.HOURS);
            case DAILY -> dayStart(local.toLocalDate().minusDays(1), zone);
            case WEEKLY -> dayStart(local.toLocalDate().minusWeeks(1), zone);
            case MONTHLY -> dayStart(local.toLocalDate().minusMonths(1), zone);
        };
    }

    private static Instant dayStart(LocalDate date, ZoneId zone) {
        return date.atStartOfDay(zone).toInstant();
    }
}
