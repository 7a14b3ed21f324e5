import { useId, useMemo, useState } from "react";
import { detectPreset, describeCron, nextRuns, presetCron, timeZones, WEEKDAYS, type Preset, type PresetValue } from "../cron";
import { formatDateTime, userTimeZone } from "../labels";
import { FieldMessages } from "./FieldMessages";

interface Props {
  cron: string;
  timezone: string;
  onChange: (next: { cron: string; timezone: string }) => void;
  cronErrors: string[];
  timezoneErrors: string[];
  /** For tests: the time the preview counts from. */
  now?: Date;
}

const PRESETS: { value: Preset; label: string }[] = [
  { value: "hourly", label: "Every hour" },
  { value: "daily", label: "Daily" },
  { value: "weekly", label: "Weekly" },
  { value: "custom", label: "Custom (cron)" },
];

const pad = (n: number) => String(n).padStart(2, "0");

/** Presets (hourly / daily at HH:MM / weekly) that write the cron, the raw cron, time zone, preview. */
export function ScheduleBuilder({ cron, timezone, onChange, cronErrors, timezoneErrors, now }: Props) {
  const id = useId();
  const [value, setValue] = useState<PresetValue>(() => detectPreset(cron));
  const zones = useMemo(() => {
    const all = timeZones();
    return all.includes(timezone) ? all : [timezone, ...all];
  }, [timezone]);
  const mine = userTimeZone();
  const preview = useMemo(() => nextRuns(cron, timezone, now ?? new Date(), 3), [cron, timezone, now]);

  const apply = (next: PresetValue) => {
    setValue(next);
    if (next.preset !== "custom") onChange({ cron: presetCron(next), timezone });
  };

  return (
    <fieldset className="schedule-builder">
      <legend>Schedule</legend>
      <div className="preset-group" role="radiogroup" aria-label="Repeat">
        {PRESETS.map((p) => (
          <label key={p.value} className="checkbox">
            <input
              type="radio"
              name={`${id}-preset`}
              value={p.value}
              checked={value.preset === p.value}
              onChange={() => apply({ ...value, preset: p.value })}
            />
            {p.label}
          </label>
        ))}
      </div>
      <div className="row wrap-row">
        {value.preset === "hourly" && (
          <label>
            Minute past the hour
            <input
              type="number"
              min={0}
              max={59}
              value={value.minute}
              onChange={(e) => apply({ ...value, minute: Math.min(59, Math.max(0, Number(e.target.value) || 0)) })}
            />
          </label>
        )}
        {(value.preset === "daily" || value.preset === "weekly") && (
          <label>
            At (HH:MM)
            <input
              type="time"
              value={`${pad(value.hour)}:${pad(value.minute)}`}
              onChange={(e) => {
                const [h, m] = e.target.value.split(":").map(Number);
                if (h === undefined || m === undefined || Number.isNaN(h) || Number.isNaN(m)) return;
                apply({ ...value, hour: h, minute: m });
              }}
            />
          </label>
        )}
        {value.preset === "weekly" && (
          <label>
            On
            <select value={value.weekday} onChange={(e) => apply({ ...value, weekday: Number(e.target.value) })}>
              {WEEKDAYS.map((day, i) => (
                <option key={day} value={i}>
                  {day}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          Cron (minute hour day month weekday)
          <input
            value={cron}
            aria-invalid={cronErrors.length > 0}
            aria-describedby={cronErrors.length ? `${id}-cron-err` : undefined}
            onChange={(e) => {
              const detected = detectPreset(e.target.value);
              setValue(detected.preset === "custom" ? { ...value, preset: "custom" } : detected);
              onChange({ cron: e.target.value, timezone });
            }}
            spellCheck={false}
          />
        </label>
        <label>
          Time zone
          <select value={timezone} onChange={(e) => onChange({ cron, timezone: e.target.value })}>
            {zones.map((z) => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
          </select>
        </label>
      </div>
      <FieldMessages id={`${id}-cron-err`} messages={cronErrors} />
      <FieldMessages messages={timezoneErrors} />
      <div className="schedule-preview" aria-live="polite">
        <p>
          <strong>{describeCron(cron)}</strong> <span className="muted">({timezone})</span>
        </p>
        {preview.length > 0 ? (
          <>
            <p className="muted small">Next runs (worked out in your browser as a hint; the server decides):</p>
            <ul aria-label="Next run times">
              {preview.map((d) => (
                <li key={d.toISOString()}>
                  {formatDateTime(d.toISOString(), timezone)}
                  {mine !== timezone && <span className="muted"> · {formatDateTime(d.toISOString(), mine)} your time</span>}
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p className="muted small">No run times: the cron is not valid or never matches within a year.</p>
        )}
      </div>
    </fieldset>
  );
}
