/** Calendar arithmetic in Asia/Shanghai (UTC+8 all year, no daylight saving). */
const HOUR = 3_600_000;
const OFFSET = 8 * HOUR;

/** The Asia/Shanghai calendar date (YYYY-MM-DD) of an instant. */
export function shanghaiDate(at: Date): string {
  return new Date(at.getTime() + OFFSET).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The instant of a wall-clock time (HH:MM) on a date in Asia/Shanghai. */
export function shanghaiTime(date: string, hhmm: string): Date {
  return new Date(`${date}T${hhmm}:00+08:00`);
}

/** The start of the hour an instant falls in (whole hours agree in UTC and UTC+8). */
export function startOfHour(at: Date): Date {
  return new Date(Math.floor(at.getTime() / HOUR) * HOUR);
}

export function plusMinutes(at: Date, minutes: number): Date {
  return new Date(at.getTime() + minutes * 60_000);
}
