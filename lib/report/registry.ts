// Source registry: every retrieved page/image gets one stable id, keyed by its normalised URL. Client-safe.
import type { Source } from "@/lib/protocol/events";

/** One thing a tool retrieved: a search hit, a search image, or a crawled page. */
export interface Retrieved {
  url: string;
  title: string;
  snippet: string;
  /** The text that was read (search content or crawled markdown). */
  text?: string;
  kind: "page" | "image";
}

const TRACKING_PARAM = /^(utm_.*|fbclid|gclid|dclid|msclkid|mc_eid|mc_cid|_ga|yclid|igshid)$/i;

function safeDecode(s: string): string {
  try {
    return decodeURI(s);
  } catch {
    return s;
  }
}

/**
 * Canonical form used to compare URLs: lowercase scheme and host, no default port, no fragment,
 * no tracking parameters (utm_*, fbclid, gclid, …), no trailing slash, percent-decoding of the path
 * unified. `www.` is kept (it can be a different host). Unparseable input is returned trimmed.
 */
export function normalizeUrl(url: string): string {
  const raw = url.trim();
  let u: URL;
  try {
    u = new URL(/^www\./i.test(raw) ? `http://${raw}` : raw);
  } catch {
    return raw;
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") return raw.replace(/#.*$/, "");
  const params = [...u.searchParams.entries()].filter(([k]) => !TRACKING_PARAM.test(k));
  const query = params.length ? `?${new URLSearchParams(params).toString()}` : "";
  let path = safeDecode(u.pathname).replace(/\/+$/, "");
  if (path === "/") path = "";
  const port = u.port ? `:${u.port}` : ""; // URL already drops default ports
  return `${u.protocol}//${u.hostname.toLowerCase()}${port}${path}${query}`;
}

/** Hostname without a leading `www.` ("" when the URL cannot be parsed). */
export function domainOf(url: string): string {
  try {
    return new URL(/^www\./i.test(url.trim()) ? `http://${url.trim()}` : url.trim()).hostname
      .toLowerCase()
      .replace(/^www\./, "");
  } catch {
    return "";
  }
}

function richer(old: string | undefined, next: string | undefined): string | undefined {
  const a = (old ?? "").trim();
  const b = (next ?? "").trim();
  return b.length > a.length ? next : old;
}

function betterTitle(old: string, next: string, url: string): string {
  const a = old.trim();
  const b = next.trim();
  if (!b) return old;
  if (!a || a === url || normalizeUrl(a) === normalizeUrl(url)) return next;
  // Search titles are often cut ("… - Site ..."); a crawl's full title is richer.
  if (/(\.\.\.|…)$/.test(a) && b.length > a.length) return next;
  return old;
}

/**
 * Adds retrieved items to the registry without mutating it. The same normalised URL is the same
 * source: it keeps its first id, and a richer title/snippet/text (e.g. a crawl after a search) upgrades it.
 * New ids continue after the largest existing id, in order of first retrieval.
 */
export function addToRegistry(sources: Source[], retrieved: Retrieved[]): Source[] {
  const out = sources.slice();
  const index = new Map<string, number>();
  out.forEach((s, i) => index.set(normalizeUrl(s.url), i));
  let nextId = out.reduce((m, s) => Math.max(m, s.id), 0) + 1;
  for (const r of retrieved) {
    const url = (r.url ?? "").trim();
    if (!url) continue;
    const key = normalizeUrl(url);
    const at = index.get(key);
    if (at === undefined) {
      const s: Source = {
        id: nextId++,
        url,
        title: (r.title ?? "").trim() || url,
        domain: domainOf(url),
        snippet: r.snippet ?? "",
        kind: r.kind,
      };
      if (r.text) s.text = r.text;
      index.set(key, out.length);
      out.push(s);
      continue;
    }
    const old = out[at]!;
    const title = betterTitle(old.title, r.title ?? "", old.url);
    const snippet = richer(old.snippet, r.snippet) ?? "";
    const text = richer(old.text, r.text);
    const kind = old.kind === "image" && r.kind === "page" ? "page" : old.kind;
    if (title === old.title && snippet === old.snippet && text === old.text && kind === old.kind) continue;
    const upgraded: Source = { ...old, title, snippet, kind };
    if (text !== undefined) upgraded.text = text;
    out[at] = upgraded;
  }
  return out;
}

/** Map from normalised URL to source, for checking a URL against what was actually retrieved. */
export function registryLookup(sources: Source[]): Map<string, Source> {
  const map = new Map<string, Source>();
  for (const s of sources) {
    const key = normalizeUrl(s.url);
    if (!map.has(key)) map.set(key, s);
  }
  return map;
}
