// Report quality numbers, computed by reading the final markdown back against the source registry. Client-safe.
import type { QualitySummary, Source } from "@/lib/protocol/events";
import { CITATION_TEXT_RE, REFERENCES_HEADINGS, findCitations } from "./citations";
import { plainText, splitSentences } from "./evidence";
import { findLinks, scanLines } from "./md-scan";
import { normalizeUrl, registryLookup } from "./registry";

export interface QualityInput {
  /** The final markdown (finalizeReport's output). */
  markdown: string;
  /** What the builder says it cited; informational only — every number is re-derived from `markdown`. */
  cited: Source[];
  /** The whole registry. */
  sources: Source[];
  removedLinks: string[];
  removedImages: string[];
  incomplete: boolean;
}

/** A paragraph counts when its plain text is at least this long (CJK characters count double). */
export const MIN_PARAGRAPH_CHARS = 200;

const UNITS_EN =
  "million|billion|trillion|thousand|bn|mn|k|km|cm|mm|m|kg|g|mg|lbs?|t|tons?|tonnes?|meters?|metres?|feet|foot|ft|inch(?:es)?|miles?|mph|km/h|wh/kg|kwh|mwh|gwh|twh|kw|mw|gw|w|v|hz|mhz|ghz|kb|mb|gb|tb|usd|eur|rmb|cny|yuan|dollars?|euros?|people|persons?|users|customers|employees|cycles|times|x|years?|months?|weeks?|days?|hours?|minutes?|seconds?|°c|°f|orders|units|stores|cities|countries";
const UNITS_ZH = "万亿|万|亿|千|百万|元|美元|人民币|米|公里|千米|吨|辆|人|家|座|单|次|倍|年|个月|月|日|天|个|件|台|小时|分钟|秒|平方米|平米|公斤|千克|克|座城市";
const NUM = String.raw`\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?`;
const NUMBER_RE = new RegExp(
  String.raw`[$€£¥￥]\s?(${NUM})|(${NUM})\s?(?:%|％|percent\b|per cent\b|个百分点|(?:${UNITS_ZH})|(?:${UNITS_EN})(?![\p{L}\p{N}]))|(?<![\d.,])((?:1[6-9]|20)\d{2})(?!\d|[.,]\d)`,
  "giu",
);

/** Numbers worth checking in a sentence: with a unit or currency, percentages, and years. Separators removed. */
export function extractNumbers(sentence: string): string[] {
  const out: string[] = [];
  for (const m of sentence.matchAll(NUMBER_RE)) out.push((m[1] ?? m[2] ?? m[3]!).replace(/[,，]/g, ""));
  return out;
}

function normaliseDigits(text: string): string {
  return text.replace(/(\d)[,，\u00a0\u202f\u2009 ](?=\d{3}(?!\d))/g, "$1");
}

function containsNumber(text: string, value: string): boolean {
  const escaped = value.replace(/\./g, "\\.");
  return new RegExp(`(?<![\\d.])${escaped}(?!\\d|\\.\\d)`).test(text);
}

function weightedLength(text: string): number {
  let n = 0;
  for (const ch of text) n += /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]/.test(ch) ? 2 : 1;
  return n;
}

/** Splits the final markdown at its References heading (the last one, outside code). */
function splitReferences(markdown: string): { body: string; refs: string } {
  const { lines } = scanLines(markdown);
  let at = -1;
  lines.forEach((l, i) => {
    const m = /^\s{0,3}#{1,6}\s+(.*?)\s*$/.exec(l.text);
    if (!l.code && m && (REFERENCES_HEADINGS as readonly string[]).includes(m[1]!)) at = i;
  });
  if (at < 0) return { body: markdown, refs: "" };
  return { body: lines.slice(0, at).map((l) => l.text).join("\n"), refs: lines.slice(at + 1).map((l) => l.text).join("\n") };
}

/** Prose paragraphs: runs of non-blank lines outside code that are not headings, lists, tables, quotes or HTML. */
function paragraphs(body: string): string[] {
  const out: string[] = [];
  let buf: string[] = [];
  const flush = () => {
    if (buf.length) out.push(buf.join("\n"));
    buf = [];
  };
  for (const l of scanLines(body).lines) {
    const t = l.text;
    if (l.code || !t.trim() || /^\s*(#{1,6}\s|[-*+]\s|\d+[.)]\s|\||>|<|!\[|---|\*\*\*)/.test(t)) flush();
    else buf.push(t);
  }
  flush();
  return out;
}

/**
 * Quality summary. citationValidity = links whose URL is in the registry / all links (body citations and
 * reference entries); 1 when there are no links (0/0) — see citedLinks/validCitedLinks for the counts.
 * Dangling = citation numbers in the text with no matching reference entry (or a different URL); orphan =
 * reference entries never cited. readSourcesCited = share (0..1) of read sources (page with text) cited.
 * Numeric grounding checks numbers with units, percentages and years in sentences that carry a citation
 * against the cited sources' text (or snippet when no text was kept).
 */
export function computeQuality(input: QualityInput): QualitySummary {
  const lookup = registryLookup(input.sources);
  const { body, refs } = splitReferences(input.markdown);

  const links = findLinks(input.markdown).filter((l) => !l.image);
  const validCitedLinks = links.filter((l) => lookup.has(normalizeUrl(l.url))).length;

  const entries = new Map<number, string>();
  for (const line of refs.split("\n")) {
    const m = /^\s*(\d+)\.\s/.exec(line);
    const link = m ? findLinks(line).find((l) => !l.image && !CITATION_TEXT_RE.test(l.text)) : undefined;
    if (m && link && !entries.has(Number(m[1]))) entries.set(Number(m[1]), normalizeUrl(link.url));
  }
  const citations = findCitations(body);
  const citedNumbers = new Set(citations.map((c) => c.n));
  const dangling = new Set(
    citations.filter((c) => entries.get(c.n) !== normalizeUrl(c.url)).map((c) => c.n),
  );
  const orphans = [...entries.keys()].filter((n) => !citedNumbers.has(n));

  const citedSources = new Map<number, Source>();
  for (const c of citations) {
    const s = lookup.get(normalizeUrl(c.url));
    if (s) citedSources.set(s.id, s);
  }
  const read = input.sources.filter((s) => s.kind === "page" && !!s.text?.trim());
  const readCited = read.filter((s) => citedSources.has(s.id)).length;

  const paras = paragraphs(body);
  const uncited = paras.filter((p) => weightedLength(plainText(p)) >= MIN_PARAGRAPH_CHARS && !findCitations(p).length);

  let numbersChecked = 0;
  let numbersGrounded = 0;
  for (const line of scanLines(body).lines) {
    if (line.code) continue;
    for (const sentence of splitSentences(line.text)) {
      const cites = findCitations(sentence.text);
      if (!cites.length) continue;
      const texts = cites
        .map((c) => lookup.get(normalizeUrl(c.url)))
        .map((s) => normaliseDigits(s?.text || s?.snippet || ""))
        .filter(Boolean);
      if (!texts.length) continue;
      for (const value of extractNumbers(plainText(sentence.text))) {
        numbersChecked++;
        if (texts.some((t) => containsNumber(t, value))) numbersGrounded++;
      }
    }
  }

  return {
    citationValidity: links.length ? validCitedLinks / links.length : 1,
    citedLinks: links.length,
    validCitedLinks,
    danglingReferences: dangling.size,
    orphanReferences: orphans.length,
    uniqueSources: citedSources.size,
    uniqueDomains: new Set([...citedSources.values()].map((s) => s.domain)).size,
    readSourcesCited: read.length ? readCited / read.length : 0,
    paragraphsWithoutCitation: uncited.length,
    numbersChecked,
    numbersGrounded,
    removedLinks: input.removedLinks,
    removedImages: input.removedImages,
    incomplete: input.incomplete,
  };
}
