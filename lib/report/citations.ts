// Report post-processor: verified, renumbered `[[n]](url)` citations and a References list built from the registry. Client-safe.
import type { Source } from "@/lib/protocol/events";
import { findLinks, scanLines, type MdLine } from "./md-scan";
import { findModelReferences } from "./ref-section";
import { registryLookup } from "./registry";
import { findSource, matchArtifact, mdUrl, transformInline, type Artifact, type InlineCtx, type InlineMessages } from "./inline";

export { citationLink, mdUrl, type Artifact } from "./inline";

/** A citation in final markdown: a link whose text is `[n]`, e.g. `[[3]](https://example.org/a)`. Use with matchAll. */
export const CITATION_LINK_RE = /\[\[(\d+)\]\]\(([^\s()<>]+)\)/g;
/** Link text of a citation, as the UI's link renderer sees it: "[3]". */
export const CITATION_TEXT_RE = /^\[(\d+)\]$/;

/** The citation number when a rendered link's text is `[n]`, else null. */
export function citationNumber(linkText: string): number | null {
  const m = CITATION_TEXT_RE.exec(linkText.trim());
  return m ? Number(m[1]) : null;
}

export interface CitationRef {
  n: number;
  url: string;
  start: number;
  end: number;
}

/** Citation links outside code, in order. */
export function findCitations(markdown: string): CitationRef[] {
  return findLinks(markdown)
    .filter((l) => !l.image && CITATION_TEXT_RE.test(l.text))
    .map((l) => ({ n: citationNumber(l.text)!, url: l.url, start: l.start, end: l.end }));
}

export function isZhLocale(locale: string): boolean {
  return locale.trim().toLowerCase().startsWith("zh");
}

interface Messages extends InlineMessages {
  references: string;
  furtherReading: string;
  incomplete: string;
  removedSection: (title: string) => string;
}

const EN: Messages = {
  references: "References",
  furtherReading: "Further reading",
  incomplete: "⚠ This report is incomplete: the model's output was cut off.",
  removedSection: (t) => `Removed the model-written reference list "${t}"; references are rebuilt from retrieved sources.`,
  unverifiedLink: (u) => `Removed a link to a page that was never retrieved: ${u}`,
  unverifiedCitation: (l, u) => `Removed citation [${l}]: ${u} was never retrieved.`,
  unknownCitation: (l) => `Removed citation [${l}]: no such source.`,
  removedImage: (u) => `Removed an image that no tool returned: ${u}`,
};

const ZH: Messages = {
  references: "参考资料",
  furtherReading: "延伸阅读",
  incomplete: "⚠ 本报告不完整：模型输出被截断。",
  removedSection: (t) => `已移除模型自行编写的参考列表“${t}”；参考资料根据实际检索到的来源重建。`,
  unverifiedLink: (u) => `已移除未检索过的页面链接：${u}`,
  unverifiedCitation: (l, u) => `已移除引用 [${l}]：${u} 从未被检索。`,
  unknownCitation: (l) => `已移除引用 [${l}]：没有对应的来源。`,
  removedImage: (u) => `已移除非工具返回的图片：${u}`,
};

/** Every heading the References section may carry (for readers of final markdown). */
export const REFERENCES_HEADINGS = [EN.references, ZH.references] as const;

export function referencesHeading(locale: string): string {
  return (isZhLocale(locale) ? ZH : EN).references;
}

export interface FinalizeOptions {
  locale: string;
  incomplete?: boolean;
  artifacts?: Artifact[];
}

export interface FinalReport {
  markdown: string;
  /** Cited sources in citation order; `cited[k-1]` is citation `[k]`. Ids stay the registry ids. */
  cited: Source[];
  removedLinks: string[];
  removedImages: string[];
  warnings: string[];
}

function makeCtx(sources: Source[], artifacts: Artifact[], mode: InlineCtx["mode"], labels: Map<string, string>, msg: InlineMessages): InlineCtx {
  return {
    lookup: registryLookup(sources),
    byId: new Map(sources.map((s) => [s.id, s])),
    artifacts,
    mode,
    labels,
    order: new Map(),
    cited: [],
    removedLinks: new Set(),
    removedImages: new Set(),
    warnings: new Set(),
    msg,
  };
}

const EMPTIED = /^\s*(?:[-*+]|\d+[.)]|>)?\s*$/;

function tidy(line: string): string {
  return line
    .replace(/\(\s*\)|（\s*）/g, "")
    .replace(/(\S)[ \t]{2,}(?=\S)/g, "$1 ")
    .replace(/(\S)[ \t]+([,.;:!?，。；：！？、])(?=\s|$)/g, "$1$2");
}

/** Rewrites the kept lines; returns them without runs of blank lines. */
function rewrite(lines: MdLine[], drop: Set<number>, ctx: InlineCtx, holdBackTail: boolean): string[] {
  let last = lines.length - 1;
  while (last >= 0 && (drop.has(last) || !lines[last]!.text.trim())) last--;
  const out: string[] = [];
  lines.forEach((line, i) => {
    if (drop.has(i)) return;
    let text = line.text;
    if (!line.code) {
      const next = transformInline(text, ctx, holdBackTail && i === last);
      if (next !== text) {
        text = tidy(next);
        if (line.text.trim() && EMPTIED.test(text)) return;
      }
      if (!text.trim() && out.length && !out[out.length - 1]!.trim()) return;
    }
    out.push(text);
  });
  return out;
}

function referenceList(cited: Source[]): string {
  return cited
    .map((s, i) => {
      const title = (s.title || s.domain || s.url).replace(/\s+/g, " ").trim().replace(/([\\[\]])/g, "\\$1");
      return `${i + 1}. [${title}](${mdUrl(s.url)})${s.domain ? ` — ${s.domain}` : ""}`;
    })
    .join("\n");
}

/**
 * Turns the reporter's raw markdown into the final report: the model's own reference list is dropped,
 * inline `[n]`/links/bare URLs that point at retrieved sources become `[[k]](url)` citations numbered by
 * first appearance, anything not retrieved is unlinked or removed, and References are appended from the
 * registry (cited sources only). Code is left untouched.
 */
export function finalizeReport(raw: string, sources: Source[], opts: FinalizeOptions): FinalReport {
  const zh = isZhLocale(opts.locale);
  const msg = zh ? ZH : EN;
  const { lines, openFence } = scanLines(raw.replace(/\r\n?/g, "\n"));
  const refs = findModelReferences(lines);
  const ctx = makeCtx(sources, opts.artifacts ?? [], "renumber", refs.labels, msg);
  for (const title of refs.sections) ctx.warnings.add(msg.removedSection(title));

  const body = rewrite(lines, refs.drop, ctx, !!opts.incomplete);
  while (body.length && !body[0]!.trim()) body.shift();
  // A rule or blank lines left dangling where the model's reference list was.
  if (!openFence) while (body.length && /^\s*(?:-{3,}|\*{3,}|_{3,})?\s*$/.test(body[body.length - 1]!)) body.pop();
  if (openFence && !refs.drop.has(lines.length - 1)) body.push(openFence.trim());
  // URLs the model listed in its own references that were never retrieved are fabrications too.
  for (const url of refs.urls) {
    if (!ctx.removedLinks.has(url) && !findSource(url, ctx) && !matchArtifact(url, ctx.artifacts)) {
      ctx.removedLinks.add(url);
      ctx.warnings.add(msg.unverifiedLink(url));
    }
  }

  // Retrieved pages the model listed in its own reference list without citing them inline: kept as
  // verified further reading (unnumbered, so they are not orphan references).
  const listed: Source[] = [];
  for (const url of refs.urls) {
    const s = findSource(url, ctx);
    if (s && s.kind === "page" && !ctx.cited.some((c) => c.id === s.id) && !listed.some((l) => l.id === s.id)) listed.push(s);
  }

  const parts = [body.join("\n").trimEnd()];
  if (opts.incomplete) parts.push(`> ${msg.incomplete}`);
  if (listed.length) parts.push(`## ${msg.furtherReading}`, referenceList(listed).replace(/^\d+\. /gm, "- "));
  if (ctx.cited.length) parts.push(`## ${msg.references}`, referenceList(ctx.cited));
  return {
    markdown: `${parts.filter(Boolean).join("\n\n")}\n`,
    cited: ctx.cited,
    removedLinks: [...ctx.removedLinks],
    removedImages: [...ctx.removedImages],
    warnings: [...ctx.warnings],
  };
}

/**
 * Safe rendering of a report while it streams: registry ids stay as they are (`[3]` → `[[3]](url)`),
 * unverified links/images and the model's own reference list are stripped, and an unfinished link,
 * image or tag at the very end is held back. Unclosed code fences are left as code.
 */
export function sanitizeStreamingBlock(block: string, sources: Source[], artifacts: Artifact[] = []): string {
  const { lines } = scanLines(block.replace(/\r\n?/g, "\n"));
  const refs = findModelReferences(lines);
  const ctx = makeCtx(sources, artifacts, "ids", refs.labels, EN);
  return rewrite(lines, refs.drop, ctx, true).join("\n");
}
