export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

const dayFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar day (YYYY-MM-DD) it is in Vietnam at that instant. */
export const vietnamDate = (instant: Date): string => dayFormat.format(instant);
