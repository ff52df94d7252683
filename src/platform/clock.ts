export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

// Vietnam keeps UTC+7 all year (no daylight saving since 1975), so a fixed offset gives
// its calendar day without the cost of a time-zone lookup on every request.
const VIETNAM_OFFSET_MS = 7 * 3600 * 1000;

/** The calendar day (YYYY-MM-DD) it is in Vietnam at that instant. */
export const vietnamDate = (instant: Date): string =>
  new Date(instant.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
