// Small display formatters shared by the research components. Pure.

export function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, "0")}m`;
}

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return "";
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

export function formatChars(chars: number): string {
  if (chars < 1000) return `${chars} chars`;
  if (chars < 1_000_000) return `${(chars / 1000).toFixed(chars < 10_000 ? 1 : 0)}k chars`;
  return `${(chars / 1_000_000).toFixed(1)}M chars`;
}

export function formatPercent(ratio: number): string {
  const pct = ratio <= 1 ? ratio * 100 : ratio;
  return `${Math.round(pct)}%`;
}

/** First letter or digit of a domain, for a letter avatar (no favicon fetches). */
export function domainLetter(domain: string): string {
  const m = /[\p{L}\p{N}]/u.exec(domain.replace(/^www\./, ""));
  return (m?.[0] ?? "?").toUpperCase();
}

/** A stable hue (0–359) for a string. */
export function hueOf(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) >>> 0;
  return h % 360;
}

export function localeLabel(locale: string | undefined): string {
  if (!locale) return "";
  if (locale.toLowerCase().startsWith("zh")) return "中文";
  if (locale.toLowerCase().startsWith("en")) return "English";
  return locale;
}

/** Normalized URL used to match citation links against the run's sources. */
export function urlKey(url: string): string {
  try {
    const u = new URL(url);
    const host = u.hostname.toLowerCase().replace(/^www\./, "");
    const path = u.pathname.replace(/\/+$/, "");
    return `${host}${path}${u.search}`;
  } catch {
    return url.trim().replace(/\/+$/, "");
  }
}
