/** The clock scan schedules and blackouts are judged by (tests replace `now`). */
export const scheduleClock = { now: (): Date => new Date() };
