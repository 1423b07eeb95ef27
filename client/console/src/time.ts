/** Every time on screen is Shanghai's, whatever zone the browser is in (the grids are in Fujian). */
export const ZONE = 'Asia/Shanghai';

const formats = new Map<string, Intl.DateTimeFormat>();

function formatter(language: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${language}|${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) formats.set(key, (format = new Intl.DateTimeFormat(language, { timeZone: ZONE, hourCycle: 'h23', ...options })));
  return format;
}

/** 08:00 */
export const clock = (language: string, at: string | Date) => formatter(language, { hour: '2-digit', minute: '2-digit' }).format(new Date(at));

/** 2026-12-05 08:00 style, in the language's order. */
export const dateTime = (language: string, at: string | Date) =>
  formatter(language, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(new Date(at));

/** The calendar date in Shanghai, as YYYY-MM-DD. */
export function shanghaiDate(at: Date = new Date()): string {
  const parts = formatter('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(at);
  const get = (type: string) => parts.find((part) => part.type === type)!.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** The instant a Shanghai wall-clock time happens (Shanghai keeps +08:00 all year). */
export const shanghaiInstant = (date: string, time = '00:00') => new Date(`${date}T${time}:00+08:00`);
