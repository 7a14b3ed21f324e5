import { describe, expect, it } from "vitest";
import { describeCron, detectPreset, nextRuns, parseCron, presetCron } from "./cron";

describe("cron helpers", () => {
  it("writes and recognises the presets", () => {
    expect(presetCron({ preset: "hourly", minute: 5, hour: 9, weekday: 1 })).toBe("5 * * * *");
    expect(presetCron({ preset: "daily", minute: 30, hour: 2, weekday: 1 })).toBe("30 2 * * *");
    expect(presetCron({ preset: "weekly", minute: 0, hour: 10, weekday: 1 })).toBe("0 10 * * 1");
    expect(detectPreset("0 10 * * 1")).toEqual({ preset: "weekly", minute: 0, hour: 10, weekday: 1 });
    expect(detectPreset("*/15 9-17 * * 1-5").preset).toBe("custom");
    expect(describeCron("0 * * * *")).toBe("Every hour at :00");
    expect(describeCron("0 2 * * *")).toBe("Daily at 02:00");
    expect(describeCron("30 10 * * 0")).toBe("Weekly on Sunday at 10:30");
    expect(describeCron("*/15 9-17 * * 1-5")).toBe('Cron "*/15 9-17 * * 1-5"');
  });

  it("rejects what is not a 5-field cron", () => {
    expect(parseCron("0 9 * *")).toBeNull();
    expect(parseCron("61 9 * * *")).toBeNull();
    expect(parseCron("0 9 * * mon-fri")?.weekdays).toEqual(new Set([1, 2, 3, 4, 5]));
    expect(nextRuns("nonsense", "UTC", new Date("2026-11-25T10:00:00Z"))).toEqual([]);
    expect(nextRuns("0 9 * * *", "Not/AZone", new Date("2026-11-25T10:00:00Z"))).toEqual([]);
  });

  it("gives the next times strictly after now, in the schedule's time zone", () => {
    const after = new Date("2026-11-25T10:00:00Z");
    expect(nextRuns("0 * * * *", "UTC", after).map((d) => d.toISOString())).toEqual([
      "2026-11-25T11:00:00.000Z",
      "2026-11-25T12:00:00.000Z",
      "2026-11-25T13:00:00.000Z",
    ]);
    expect(nextRuns("0 9 * * *", "Asia/Kolkata", after, 2).map((d) => d.toISOString())).toEqual([
      "2026-11-26T03:30:00.000Z",
      "2026-11-27T03:30:00.000Z",
    ]);
    expect(nextRuns("0 10 * * 1", "UTC", after, 1).map((d) => d.toISOString())).toEqual(["2026-11-30T10:00:00.000Z"]);
  });

  it("keeps 09:00 local across a DST change", () => {
    const runs = nextRuns("0 9 * * *", "Europe/Berlin", new Date("2026-03-28T12:00:00Z"), 2);
    expect(runs.map((d) => d.toISOString())).toEqual(["2026-03-29T07:00:00.000Z", "2026-03-30T07:00:00.000Z"]);
    const before = nextRuns("0 9 * * *", "Europe/Berlin", new Date("2026-03-27T12:00:00Z"), 1);
    expect(before.map((d) => d.toISOString())).toEqual(["2026-03-28T08:00:00.000Z"]);
  });
});
