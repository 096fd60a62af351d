package io.agentassembly.policy.engine;

import io.agentassembly.policy.PolicyDocument;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneRules;

/** {@code schedule.active_hours} compiled to minutes of the day and the zone's rules; {@code end < start} spans midnight. */
final class ActiveHours {

    private final int startMinute;
    private final int endMinute;
    private final ZoneRules rules;
    private final String description;

    ActiveHours(PolicyDocument.Schedule schedule) {
        this.startMinute = minuteOfDay(schedule.start());
        this.endMinute = minuteOfDay(schedule.end());
        this.rules = ZoneId.of(schedule.timezone()).getRules();
        this.description = schedule.start() + "-" + schedule.end() + " " + schedule.timezone();
    }

    private static int minuteOfDay(String hhmm) {
        return Integer.parseInt(hhmm, 0, 2, 10) * 60 + Integer.parseInt(hhmm, 3, 5, 10);
    }

    boolean contains(Instant now) {
        long localSeconds = now.getEpochSecond() + rules.getOffset(now).getTotalSeconds();
        int minute = (int) (Math.floorMod(localSeconds, 86_400L) / 60);
        return startMinute < endMinute
                ? minute >= startMinute && minute < endMinute
                : minute >= startMinute || minute < endMinute;
    }

    /** "08:00-18:00 Europe/Dublin" */
    String description() {
        return description;
    }
}
