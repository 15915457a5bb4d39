// Rewrites one markdown line: verified citations/links/images kept, invented ones stripped. Client-safe.
import type { Source } from "@/lib/protocol/events";
import { backtickRun, bareUrlAt, codeSpanEnd, parseLinkAt } from "./md-scan";
import { normalizeUrl } from "./registry";

export interface Artifact {
  name: string;
  url: string;
}

export interface InlineMessages {
  unverifiedLink: (url: string) => string;
  unverifiedCitation: (label: string, url: string) => string;
  unknownCitation: (label: string) => string;
  removedImage: (url: string) => string;
}

export interface InlineCtx {
  lookup: Map<string, Source>;
  byId: Map<number, Source>;
  artifacts: Artifact[];
  /** "renumber": 1..k by first appearance; "ids": registry ids as they are (streaming). */
  mode: "renumber" | "ids";
  /** The model's own labels (from its reference list / definitions) → the URL it claimed. */
  labels: Map<string, string>;
  order: Map<number, number>;
  cited: Source[];
  removedLinks: Set<string>;
  removedImages: Set<string>;
  warnings: Set<string>;
  msg: InlineMessages;
}

/** Markdown link destination for a URL: whitespace, parentheses and angle brackets percent-encoded. */
export function mdUrl(url: string): string {
  return url.replace(/[\s()<>]/g, (c) => (c === "(" ? "%28" : c === ")" ? "%29" : encodeURIComponent(c)));
}

/** The portable citation form: `[[n]](url)` — a link whose text is `[n]`. */
export function citationLink(n: number, url: string): string {
  return `[[${n}]](${mdUrl(url)})`;
}

// `[1]`, `[1, 2]`, `[1-3]`, `[^1]`, `【1】` (not a link text: no "(" after it).
const CITE_GROUP = /^(?:\[\^?\s*(\d{1,4}(?:\s*(?:[,，、;]|[-–—~])\s*\^?\d{1,4})*)\s*\]|【\s*(\d{1,4}(?:\s*(?:[,，、;]|[-–—~])\s*\d{1,4})*)\s*】)(?!\()/;
const CITATION_LIKE_TEXT = /^\s*(?:\[\s*\^?\s*\d{1,4}\s*\]|\^?\d{1,4}|【\d{1,4}】)\s*$/;

function expandGroup(spec: string): string[] {
  const out: string[] = [];
  for (const part of spec.split(/\s*[,，、;]\s*/)) {
    const range = /^\^?(\d+)\s*[-–—~]\s*\^?(\d+)$/.exec(part);
    if (range && Number(range[2]) - Number(range[1]) <= 20 && Number(range[2]) >= Number(range[1])) {
      for (let n = Number(range[1]); n <= Number(range[2]); n++) out.push(String(n));
    } else out.push(part.replace(/^\^/, ""));
  }
  return out;
}

function trimTail(out: string): string {
  return /\S/.test(out) ? out.replace(/[ \t]+$/, "") : out;
}

function cite(out: string, source: Source, ctx: InlineCtx): string {
  let n = source.id;
  if (ctx.mode === "renumber") {
    const known = ctx.order.get(source.id);
    if (known === undefined) {
      ctx.cited.push(source);
      n = ctx.cited.length;
      ctx.order.set(source.id, n);
    } else n = known;
  }
  const link = citationLink(n, source.url);
  return out.trimEnd().endsWith(link) ? out : out + link;
}

/** Registry hit for a URL; http and https of the same address count as the same page. */
export function findSource(url: string, ctx: Pick<InlineCtx, "lookup">): Source | undefined {
  const key = normalizeUrl(url);
  const hit = ctx.lookup.get(key);
  if (hit || !/^https?:/.test(key)) return hit;
  return ctx.lookup.get(key.startsWith("https:") ? `http:${key.slice(6)}` : `https:${key.slice(5)}`);
}

/** Artifact for an image/link path: exact URL, or by file name for `sandbox:`/relative/local paths. */
export function matchArtifact(url: string, artifacts: Artifact[]): Artifact | undefined {
  const exact = artifacts.find((a) => a.url === url);
  if (exact || /^(https?:|data:|mailto:)/i.test(url) || /^\/\//.test(url)) return exact;
  let name = url.split(/[?#]/)[0]!.split(/[\\/]/).pop() ?? "";
  try {
    name = decodeURIComponent(name);
  } catch {
    /* keep as is */
  }
  return name
    ? (artifacts.find((a) => a.name === name) ?? artifacts.find((a) => a.name.toLowerCase() === name.toLowerCase()))
    : undefined;
}

function removeLink(url: string, ctx: InlineCtx): void {
  ctx.removedLinks.add(url);
  ctx.warnings.add(ctx.msg.unverifiedLink(url));
}

function citeLabel(out: string, label: string, ctx: InlineCtx, whole: string): string {
  const claimed = ctx.mode === "renumber" ? ctx.labels.get(label) : undefined;
  if (claimed !== undefined) {
    const s = findSource(claimed, ctx);
    if (s) return cite(out, s, ctx);
    ctx.removedLinks.add(claimed);
    ctx.warnings.add(ctx.msg.unverifiedCitation(label, claimed));
    return trimTail(out);
  }
  const s = ctx.byId.get(Number(label));
  if (s) return cite(out, s, ctx);
  if (Number(label) >= 1000 || Number(label) === 0) return out + whole; // "[2024]" is a year, not a citation
  ctx.warnings.add(ctx.msg.unknownCitation(label));
  return trimTail(out);
}

function handleLink(out: string, text: string, url: string, ctx: InlineCtx): string {
  const dest = url.trim();
  const inner = CITATION_LIKE_TEXT.test(text) ? "" : transformInline(text, ctx);
  if (dest.startsWith("#")) return `${out}[${inner}](${dest})`;
  const s = findSource(dest, ctx);
  if (s) {
    if (!inner.trim()) return cite(out, s, ctx);
    return cite(`${out}${inner.trimEnd()} `, s, ctx);
  }
  const artifact = matchArtifact(dest, ctx.artifacts);
  if (artifact) return `${out}[${inner}](${mdUrl(artifact.url)})`;
  removeLink(dest, ctx);
  return inner.trim() ? out + inner : trimTail(out);
}

function handleImage(out: string, alt: string, url: string, ctx: InlineCtx): string {
  const dest = url.trim();
  const s = findSource(dest, ctx);
  if (s) return `${out}![${alt}](${mdUrl(s.url)})`;
  const artifact = matchArtifact(dest, ctx.artifacts);
  if (artifact) return `${out}![${alt}](${mdUrl(artifact.url)})`;
  ctx.removedImages.add(dest);
  ctx.warnings.add(ctx.msg.removedImage(dest));
  return out;
}

function handleBare(out: string, url: string, ctx: InlineCtx): string {
  const s = findSource(url, ctx);
  if (s) return cite(out, s, ctx);
  removeLink(url, ctx);
  return trimTail(out);
}

const HTML_IMG = /^<img\b[^>]*?\bsrc\s*=\s*["']([^"']*)["'][^>]*>/i;
const HTML_A = /^<a\b[^>]*?\bhref\s*=\s*["']([^"']*)["'][^>]*>(.*?)<\/a\s*>/i;
const AUTOLINK = /^<((?:https?:\/\/|www\.)[^\s<>]+)>/i;

/**
 * Rewrites one line (outside fenced code). Code spans are copied untouched. With `tail` (the end of a
 * streaming text), an unfinished link/image/tag at the end is held back instead of rendered broken.
 */
export function transformInline(s: string, ctx: InlineCtx, tail = false): string {
  let out = "";
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c === "\\") {
      out += s.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (c === "`") {
      const e = codeSpanEnd(s, i);
      const end = e > 0 ? e : i + backtickRun(s, i);
      out += s.slice(i, end);
      i = end;
      continue;
    }
    if (c === "[" || c === "【") {
      const g = CITE_GROUP.exec(s.slice(i));
      if (g) {
        for (const label of expandGroup(g[1] ?? g[2]!)) out = citeLabel(out, label, ctx, g[0]);
        i += g[0].length;
        continue;
      }
    }
    if (c === "[" || (c === "!" && s[i + 1] === "[")) {
      const img = c === "!";
      const p = parseLinkAt(s, img ? i + 1 : i);
      if (p.kind === "incomplete" && tail) {
        return img || p.text === undefined ? out : out + transformInline(p.text, ctx);
      }
      if (p.kind === "link" || (p.kind === "ref" && ctx.labels.has(p.label))) {
        const url = p.kind === "link" ? p.url : ctx.labels.get(p.label)!;
        out = img ? handleImage(out, p.text, url, ctx) : handleLink(out, p.text, url, ctx);
        i = p.end;
        continue;
      }
      out += img ? "![" : "[";
      i += img ? 2 : 1;
      continue;
    }
    if (c === "<") {
      const rest = s.slice(i);
      const auto = AUTOLINK.exec(rest);
      const im = auto ? null : HTML_IMG.exec(rest);
      const a = auto || im ? null : HTML_A.exec(rest);
      if (auto) out = handleBare(out, auto[1]!, ctx);
      else if (im) out = handleImage(out, "", im[1]!, ctx);
      else if (a) out = handleLink(out, a[2]!, a[1]!, ctx);
      else if (tail && /^<[a-z!/][^>]*$/i.test(rest)) return out;
      if (auto || im || a) {
        i += (auto ?? im ?? a)![0].length;
        continue;
      }
    }
    const bare = bareUrlAt(s, i);
    if (bare) {
      out = handleBare(out, bare, ctx);
      i += bare.length;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}
