"use client";
// Run settings (persisted in localStorage by settings-store).
import type { ReactNode } from "react";
import { REPORT_STYLES, type ReportStyle } from "@/lib/protocol/events";
import type { UiSettings } from "@/lib/client/settings-store";

const STYLE_LABELS: Record<ReportStyle, string> = {
  academic: "Academic",
  popular_science: "Popular science",
  news: "News",
  social_media: "Social media",
};

const LOCALES: { value: UiSettings["locale"]; label: string }[] = [
  { value: "auto", label: "Auto (question's language)" },
  { value: "en-US", label: "English" },
  { value: "zh-CN", label: "中文" },
];

function Field({ label, hint, children }: { label: string; hint?: string; children: ReactNode }) {
  return (
    <label className="flex items-center justify-between gap-4 py-2">
      <span className="min-w-0">
        <span className="block text-sm text-zinc-800 dark:text-zinc-200">{label}</span>
        {hint ? <span className="block text-xs text-zinc-500 dark:text-zinc-400">{hint}</span> : null}
      </span>
      {children}
    </label>
  );
}

const control =
  "rounded-lg border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900";

export function SettingsPanel({ value, onChange }: { value: UiSettings; onChange: (next: UiSettings) => void }) {
  const set = <K extends keyof UiSettings>(key: K, v: UiSettings[K]) => onChange({ ...value, [key]: v });
  return (
    <div
      data-testid="settings-panel"
      className="grid gap-x-8 divide-y divide-zinc-100 rounded-xl border border-zinc-200 bg-white px-4 py-1 sm:grid-cols-2 sm:divide-y-0 dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <Field label="Auto-accept plan" hint="Skip the plan review step">
        <input
          type="checkbox"
          checked={value.autoAccept}
          onChange={(e) => set("autoAccept", e.target.checked)}
          className="size-4 accent-indigo-600"
        />
      </Field>
      <Field label="Background investigation" hint="One web search before planning">
        <input
          type="checkbox"
          checked={value.backgroundInvestigation}
          onChange={(e) => set("backgroundInvestigation", e.target.checked)}
          className="size-4 accent-indigo-600"
        />
      </Field>
      <Field label="Max steps" hint={`${value.maxSteps} plan steps at most`}>
        <input
          type="range"
          min={1}
          max={10}
          value={value.maxSteps}
          onChange={(e) => set("maxSteps", Number(e.target.value))}
          className="w-28 accent-indigo-600"
        />
      </Field>
      <Field label="Max search results" hint={`${value.maxSearchResults} results per search`}>
        <input
          type="range"
          min={1}
          max={20}
          value={value.maxSearchResults}
          onChange={(e) => set("maxSearchResults", Number(e.target.value))}
          className="w-28 accent-indigo-600"
        />
      </Field>
      <Field label="Report style">
        <select
          value={value.reportStyle}
          onChange={(e) => set("reportStyle", e.target.value as ReportStyle)}
          className={control}
        >
          {REPORT_STYLES.map((s) => (
            <option key={s} value={s}>
              {STYLE_LABELS[s]}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Output language">
        <select
          value={value.locale}
          onChange={(e) => set("locale", e.target.value as UiSettings["locale"])}
          className={control}
        >
          {LOCALES.map((l) => (
            <option key={l.value} value={l.value}>
              {l.label}
            </option>
          ))}
        </select>
      </Field>
    </div>
  );
}
