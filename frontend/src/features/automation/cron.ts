// Cron helpers for the schedule builder: presets, plain-words description, and the next run times
// computed in the browser as a hint (the server's croniter is the authority: rule.next_run_at).

export type Preset = "hourly" | "daily" | "weekly" | "custom";

export const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

const pad = (n: number) => String(n).padStart(2, "0");

export interface PresetValue {
  preset: Preset;
  minute: number;
  hour: number;
  weekday: number;
}

export function presetCron({ preset, minute, hour, weekday }: PresetValue, custom = ""): string {
  if (preset === "hourly") return `${minute} * * * *`;
  if (preset === "daily") return `${minute} ${hour} * * *`;
  if (preset === "weekly") return `${minute} ${hour} * * ${weekday}`;
  return custom;
}

/** Which preset a cron expression is, if any (so an existing rule opens on the right tab). */
export function detectPreset(cron: string): PresetValue {
  const parts = cron.trim().split(/\s+/);
  const fallback: PresetValue = { preset: "custom", minute: 0, hour: 9, weekday: 1 };
  if (parts.length !== 5) return fallback;
  const [m, h, dom, mon, dow] = parts as [string, string, string, string, string];
  const num = (s: string, max: number) => (/^\d+$/.test(s) && Number(s) <= max ? Number(s) : null);
  const minute = num(m, 59);
  if (minute === null || dom !== "*" || mon !== "*") return fallback;
  if (h === "*" && dow === "*") return { preset: "hourly", minute, hour: 9, weekday: 1 };
  const hour = num(h, 23);
  if (hour === null) return fallback;
  if (dow === "*") return { preset: "daily", minute, hour, weekday: 1 };
  const weekday = num(dow, 7);
  if (weekday === null) return fallback;
  return { preset: "weekly", minute, hour, weekday: weekday % 7 };
}

/** "Every hour at :05", "Daily at 09:00", "Weekly on Monday at 10:30", or the raw cron. */
export function describeCron(cron: string | undefined): string {
  if (!cron) return "No schedule";
  const p = detectPreset(cron);
  if (p.preset === "hourly") return `Every hour at :${pad(p.minute)}`;
  if (p.preset === "daily") return `Daily at ${pad(p.hour)}:${pad(p.minute)}`;
  if (p.preset === "weekly") return `Weekly on ${WEEKDAYS[p.weekday]} at ${pad(p.hour)}:${pad(p.minute)}`;
  return `Cron "${cron.trim()}"`;
}

const NAMES: Record<string, number> = {
  sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6,
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};

function parseField(text: string, low: number, high: number): Set<number> | null {
  const out = new Set<number>();
  for (const part of text.toLowerCase().split(",")) {
    const [range, stepText] = part.split("/") as [string, string | undefined];
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) return null;
    let from = low;
    let to = high;
    if (range !== "*") {
      const value = (s: string) => (s in NAMES ? NAMES[s] : /^\d+$/.test(s) ? Number(s) : NaN) as number;
      const bounds = range.split("-");
      if (bounds.length > 2) return null;
      from = value(bounds[0] ?? "");
      to = bounds.length === 2 ? value(bounds[1] ?? "") : stepText === undefined ? from : high;
      if (Number.isNaN(from) || Number.isNaN(to) || from < low || to > high || from > to) return null;
    }
    for (let v = from; v <= to; v += step) out.add(v);
  }
  return out;
}

export interface ParsedCron {
  minutes: Set<number>;
  hours: Set<number>;
  days: Set<number>;
  months: Set<number>;
  weekdays: Set<number>;
  dayRestricted: boolean;
  weekdayRestricted: boolean;
}

/** Parses a 5-field cron (numbers, names, *, ranges, steps, lists); null when it is not one. */
export function parseCron(cron: string): ParsedCron | null {
  const parts = cron.trim().split(/\s+/);
  if (parts.length !== 5) return null;
  const [m, h, dom, mon, dow] = parts as [string, string, string, string, string];
  const minutes = parseField(m, 0, 59);
  const hours = parseField(h, 0, 23);
  const days = parseField(dom, 1, 31);
  const months = parseField(mon, 1, 12);
  const weekdaysRaw = parseField(dow, 0, 7);
  if (!minutes || !hours || !days || !months || !weekdaysRaw) return null;
  const weekdays = new Set([...weekdaysRaw].map((d) => d % 7));
  return { minutes, hours, days, months, weekdays, dayRestricted: dom !== "*", weekdayRestricted: dow !== "*" };
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function wallClock(date: Date, timeZone: string) {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      weekday: "short",
    });
    formatters.set(timeZone, f);
  }
  const parts: Record<string, string> = {};
  for (const p of f.formatToParts(date)) parts[p.type] = p.value;
  return {
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour) % 24,
    minute: Number(parts.minute),
    weekday: NAMES[(parts.weekday ?? "").toLowerCase()] ?? 0,
  };
}

/**
 * The next `count` times (UTC Dates) strictly after `after` at which the cron matches the wall clock
 * of `timeZone` (like the server: "0 9 * * *" is 09:00 local on both sides of a DST change).
 * Walks 15-minute blocks (every zone offset is a multiple of 15 minutes), at most `horizonDays` ahead.
 */
export function nextRuns(cron: string, timeZone: string, after: Date, count = 3, horizonDays = 400): Date[] {
  const parsed = parseCron(cron);
  if (!parsed) return [];
  try {
    wallClock(after, timeZone);
  } catch {
    return [];
  }
  const out: Date[] = [];
  const blockMs = 15 * 60_000;
  const startMinute = Math.floor(after.getTime() / 60_000) + 1; // strictly after, whole minutes
  let block = Math.floor((startMinute * 60_000) / blockMs) * blockMs;
  const end = after.getTime() + horizonDays * 86_400_000;
  while (out.length < count && block <= end) {
    const w = wallClock(new Date(block), timeZone);
    const dayOk = parsed.dayRestricted && parsed.weekdayRestricted
      ? parsed.days.has(w.day) || parsed.weekdays.has(w.weekday)
      : parsed.days.has(w.day) && parsed.weekdays.has(w.weekday);
    if (dayOk && parsed.months.has(w.month) && parsed.hours.has(w.hour)) {
      for (let i = 0; i < 15 && out.length < count; i++) {
        const t = block + i * 60_000;
        if (t < startMinute * 60_000) continue;
        if (parsed.minutes.has(w.minute + i)) out.push(new Date(t));
      }
    }
    block += blockMs;
  }
  return out;
}

export function timeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  const zones = intl.supportedValuesOf?.("timeZone") ?? [];
  return zones.includes("UTC") ? zones : ["UTC", ...zones];
}
