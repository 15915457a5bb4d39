// Pure content extraction for the crawler: type sniffing, HTML→markdown (Readability + Turndown/GFM), PDF/text/JSON → text.
import { JSDOM, VirtualConsole } from "jsdom";
import { Readability } from "@mozilla/readability";
import TurndownService from "turndown";
// @ts-expect-error: the plugin ships no type declarations
import * as gfmPlugin from "@joplin/turndown-plugin-gfm";
import { extractText, getDocumentProxy, getMeta } from "unpdf";

export type ContentKind = "html" | "pdf" | "text" | "json" | "unsupported";

/** Readability output shorter than this is suspicious (C18: parse "succeeded" with nothing in it). */
const MIN_ARTICLE_CHARS = 200;
/** Body text must reach this to be used as the fallback when Readability fails. */
const MIN_BODY_CHARS = 80;
/** Anything with less visible text than this is "no extractable content". */
const MIN_CONTENT_CHARS = 20;

export function mimeOf(contentType: string | undefined): string {
  return (contentType ?? "").split(";")[0]!.trim().toLowerCase();
}

export function charsetOf(contentType: string | undefined): string | undefined {
  const m = /charset\s*=\s*"?([\w.:-]+)"?/i.exec(contentType ?? "");
  return m?.[1]?.toLowerCase();
}

const MAGIC: [bytes: number[], mime: string][] = [
  [[0x89, 0x50, 0x4e, 0x47], "image/png"],
  [[0xff, 0xd8, 0xff], "image/jpeg"],
  [[0x47, 0x49, 0x46, 0x38], "image/gif"],
  [[0x50, 0x4b, 0x03, 0x04], "application/zip"],
  [[0x1f, 0x8b], "application/gzip"],
  [[0x42, 0x5a, 0x68], "application/x-bzip2"],
  [[0x37, 0x7a, 0xbc, 0xaf], "application/x-7z-compressed"],
  [[0x7f, 0x45, 0x4c, 0x46], "application/x-elf"],
  [[0x00, 0x61, 0x73, 0x6d], "application/wasm"],
  [[0x4f, 0x67, 0x67, 0x53], "audio/ogg"],
  [[0x49, 0x44, 0x33], "audio/mpeg"],
  [[0x1a, 0x45, 0xdf, 0xa3], "video/webm"],
  [[0xd0, 0xcf, 0x11, 0xe0], "application/msword"],
];

const startsWith = (b: Uint8Array, sig: number[], at = 0) => sig.every((x, i) => b[at + i] === x);

function isPdf(b: Uint8Array): boolean {
  // The spec lets junk precede the header; readers look within the first 1 KB.
  return Buffer.from(b.subarray(0, 1024)).indexOf("%PDF-") >= 0;
}

function looksLikeHtml(b: Uint8Array): boolean {
  const head = Buffer.from(b.subarray(0, 1024)).toString("latin1").replace(/^\uFEFF|^\xEF\xBB\xBF/, "").trimStart().toLowerCase();
  return /^(<!doctype html|<html|<head|<body|<!--|<meta|<title|<div|<p[\s>])/.test(head);
}

function isValidUtf8(b: Uint8Array): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(b);
    return true;
  } catch {
    return false;
  }
}

function looksLikeText(b: Uint8Array): boolean {
  const sample = b.subarray(0, 4096);
  let control = 0;
  for (const x of sample) if (x === 0 || (x < 0x20 && x !== 9 && x !== 10 && x !== 13 && x !== 12)) control++;
  return control <= sample.length * 0.01 && (isValidUtf8(sample.subarray(0, sample.length - 4)) || control === 0);
}

/** Decides the content type from the bytes first and the Content-Type header second, never from the URL (C16). */
export function sniffKind(bytes: Uint8Array, contentType: string | undefined): { kind: ContentKind; mime: string } {
  const mime = mimeOf(contentType);
  if (isPdf(bytes)) return { kind: "pdf", mime: "application/pdf" };
  if (bytes[0] === 0x52 && bytes[1] === 0x49 && bytes[2] === 0x46 && bytes[3] === 0x46) return { kind: "unsupported", mime: "application/x-riff (image/audio/video)" };
  if (startsWith(bytes, [0x66, 0x74, 0x79, 0x70], 4)) return { kind: "unsupported", mime: "video/mp4" };
  for (const [sig, m] of MAGIC) if (startsWith(bytes, sig)) return { kind: "unsupported", mime: m };
  if (mime === "text/html" || mime === "application/xhtml+xml") return { kind: "html", mime };
  if (mime === "application/json" || mime === "text/json" || mime.endsWith("+json")) return { kind: "json", mime };
  if (mime.startsWith("text/") || mime === "application/xml" || mime.endsWith("+xml")) return { kind: "text", mime };
  if (/^(image|audio|video|font|model)\//.test(mime)) return { kind: "unsupported", mime };
  // Missing, generic or lying types (application/pdf with an HTML body): judge by the bytes.
  if (looksLikeHtml(bytes)) return { kind: "html", mime: mime || "text/html" };
  const first = Buffer.from(bytes.subarray(0, 64)).toString("utf8").trimStart()[0];
  if ((first === "{" || first === "[") && looksLikeText(bytes)) return { kind: "json", mime: mime || "application/json" };
  if ((mime === "" || mime.endsWith("octet-stream")) && bytes.length > 0 && looksLikeText(bytes)) return { kind: "text", mime: mime || "text/plain" };
  return { kind: "unsupported", mime: mime || "application/octet-stream" };
}

/** Decodes text with the header's charset (GBK, Shift_JIS … via ICU); unknown labels fall back to UTF-8. */
export function decodeText(bytes: Uint8Array, charset?: string): string {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset ?? "utf-8");
  } catch {
    decoder = new TextDecoder("utf-8");
  }
  return decoder.decode(bytes);
}

/** True when text is mostly replacement characters or control bytes: binary, or the wrong encoding (C16). */
export function looksGarbled(text: string): boolean {
  if (!text) return false;
  let bad = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c === 0xfffd || (c < 0x20 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || (c >= 0x7f && c < 0xa0)) bad++;
  }
  return bad > 8 && bad / text.length > 0.01;
}

export type HtmlExtraction =
  | { kind: "ok"; title: string; markdown: string; via: "readability" | "body" }
  | { kind: "blocked"; reason: string; title: string }
  | { kind: "empty"; title: string };

/** The content type jsdom should decode with: header charset, else a BOM/meta (jsdom sniffs), else UTF-8 if valid. */
function htmlContentType(bytes: Uint8Array, contentType?: string): string {
  const cs = charsetOf(contentType);
  if (cs) {
    try {
      new TextDecoder(cs);
      return `text/html; charset=${cs}`;
    } catch {
      /* unknown label: let jsdom sniff */
    }
  }
  const head = Buffer.from(bytes.subarray(0, 4096)).toString("latin1");
  if (/^(\xEF\xBB\xBF|\xFE\xFF|\xFF\xFE)/.test(head) || /<meta[^>]+charset/i.test(head)) return "text/html";
  return isValidUtf8(bytes) ? "text/html; charset=utf-8" : "text/html";
}

function turndown(): TurndownService {
  const td = new TurndownService({ headingStyle: "atx", codeBlockStyle: "fenced", bulletListMarker: "-", emDelimiter: "_" });
  td.use((gfmPlugin as { gfm: TurndownService.Plugin }).gfm);
  td.remove(["script", "style", "noscript", "template", "iframe", "object", "embed", "form", "button", "select"] as TurndownService.Filter);
  td.addRule("dropDataImages", {
    // Inline data: images are huge base64 blobs and tracking pixels are noise for the model.
    filter: (node) => node.nodeName === "IMG" && (/^data:/i.test(node.getAttribute("src") ?? "") || node.getAttribute("width") === "1"),
    replacement: () => "",
  });
  td.addRule("scriptLinks", {
    filter: (node) => node.nodeName === "A" && /^\s*javascript:/i.test(node.getAttribute("href") ?? ""),
    replacement: (content) => content,
  });
  return td;
}

function toMarkdown(root: Element): string {
  normalizeTables(root);
  return turndown()
    .turndown(root as unknown as HTMLElement)
    .replace(/[ \t]+$/gm, "")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** HTML bytes → markdown of the main content, or a classified failure (bot wall, nothing readable). */
export function htmlToMarkdown(input: Uint8Array | string, opts: { url: string; contentType?: string; status?: number }): HtmlExtraction {
  const bytes = typeof input === "string" ? Buffer.from(input, "utf8") : input;
  const dom = new JSDOM(Buffer.from(bytes), {
    url: opts.url,
    contentType: typeof input === "string" ? "text/html; charset=utf-8" : htmlContentType(bytes, opts.contentType),
    virtualConsole: new VirtualConsole(),
  });
  try {
    const doc = dom.window.document;
    const title = (doc.title || doc.querySelector("h1")?.textContent || "").replace(/\s+/g, " ").trim();
    const text = visibleText(doc);
    const wall = findBotWall({ status: opts.status ?? 200, title, text, html: doc.documentElement?.outerHTML ?? "" });
    if (wall) return { kind: "blocked", reason: wall, title };
    if (text.length < MIN_CONTENT_CHARS) return { kind: "empty", title };
    absolutizeLinks(doc);

    // Readability mutates what it parses, so it gets a clone and the body fallback keeps the original.
    const article = new Readability(doc.cloneNode(true) as Document).parse();
    const articleText = (article?.textContent ?? "").replace(/\s+/g, " ").trim();
    if (article?.content && articleText.length >= Math.min(MIN_ARTICLE_CHARS, text.length * 0.5)) {
      const holder = doc.createElement("div");
      holder.innerHTML = article.content;
      const markdown = toMarkdown(holder);
      if (markdown.length >= MIN_CONTENT_CHARS) return { kind: "ok", title: article.title?.trim() || title, markdown, via: "readability" };
    }
    if (text.length < MIN_BODY_CHARS && !doc.body?.querySelector("table")) return { kind: "empty", title };
    const body = doc.body?.cloneNode(true) as HTMLElement | undefined;
    if (!body) return { kind: "empty", title };
    for (const el of body.querySelectorAll("nav, header, footer, aside, [role=navigation], [role=banner], [role=contentinfo], [aria-hidden=true]")) el.remove();
    const markdown = toMarkdown(body);
    return markdown.length >= MIN_CONTENT_CHARS ? { kind: "ok", title, markdown, via: "body" } : { kind: "empty", title };
  } finally {
    dom.window.close();
  }
}

/** PDF bytes → text with pages separated by blank lines (unpdf / PDF.js, no worker). */
export async function pdfToText(bytes: Uint8Array): Promise<{ title: string; text: string; pages: number }> {
  // No eval in PDF.js (font programs from untrusted PDFs), no console noise.
  const pdf = await getDocumentProxy(new Uint8Array(bytes), { isEvalSupported: false, verbosity: 0, disableFontFace: true });
  try {
    const { totalPages, text } = await extractText(pdf, { mergePages: false });
    let title = "";
    try {
      const meta = await getMeta(pdf);
      title = typeof meta.info?.Title === "string" ? meta.info.Title.trim() : "";
    } catch {
      /* metadata is optional */
    }
    const joined = text.map((t) => t.replace(/[ \t]+\n/g, "\n").trim()).filter(Boolean).join("\n\n");
    return { title, text: joined, pages: totalPages };
  } finally {
    await pdf.destroy().catch(() => undefined);
  }
}

/** Pretty JSON when it parses; the raw text otherwise. */
export function jsonToText(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** Cuts text to maxChars (preferring a line break near the end) with a visible marker the model can see (C15). */
export function truncateText(text: string, maxChars: number): { text: string; truncated: boolean; dropped: number } {
  if (text.length <= maxChars) return { text, truncated: false, dropped: 0 };
  let cut = text.lastIndexOf("\n", maxChars);
  if (cut < maxChars * 0.8) cut = text.lastIndexOf(" ", maxChars);
  if (cut < maxChars * 0.8) cut = maxChars;
  const dropped = text.length - cut;
  return { text: `${text.slice(0, cut).trimEnd()}\n\n[truncated ${dropped} chars]`, truncated: true, dropped };
}

// ---- DOM helpers -------------------------------------------------------------------------------------------

/** Text a reader would see: no scripts, styles or <noscript> fallbacks (an SPA shell's "enable JS" is not content). */
function visibleText(doc: Document): string {
  const body = doc.body?.cloneNode(true) as HTMLElement | undefined;
  if (!body) return "";
  for (const el of body.querySelectorAll("script, style, noscript, template, svg, iframe")) el.remove();
  return (body.textContent ?? "").replace(/\s+/g, " ").trim();
}

// Markers of bot-protection interstitials (Cloudflare, DataDome, PerimeterX, Incapsula, Sucuri, DDoS-Guard).
const WALL_HTML = /cf-browser-verification|cf_chl_opt|id="challenge-form"|cf-challenge-running|px-captcha|captcha-delivery\.com|_Incapsula_Resource|sucuri_cloudproxy|ddos-guard\.net\/|\/cdn-cgi\/challenge-platform\/h\//i;
const WALL_TITLE = /^(just a moment|attention required|please wait|checking your browser|ddos-guard|verifying you are human|security check|one more step|are you a (robot|human)|pardon our interruption|access denied|robot check|human verification)\b/i;
const WALL_TEXT = /enable javascript and cookies|(enable|turn on|turn) javascript (on )?(and|to) (reload|continue)|please (enable|turn on) (javascript|cookies)|checking (if the site connection is secure|your browser)|verify(ing)? (that )?you are (a )?human|complete the security check|unusual traffic from your (computer|network)|are you a robot|press (&|and) hold|captcha/i;

/** Why a page is a bot wall rather than content, or null. Weak text markers count only on short or 4xx/5xx pages. */
function findBotWall(p: { status: number; title: string; text: string; html: string }): string | null {
  if (WALL_TITLE.test(p.title) && (p.text.length < 3000 || p.status >= 400)) return `bot-protection page "${p.title}"`;
  if (WALL_HTML.test(p.html) && p.text.length < 3000) return "bot-protection challenge page";
  const m = WALL_TEXT.exec(p.text);
  if (m && (p.text.length < 1500 || p.status === 403 || p.status === 429 || p.status === 503)) return `bot-protection page ("${m[0]}")`;
  return null;
}

/** Turndown reads attributes, so relative links and images must become absolute before conversion. */
function absolutizeLinks(doc: Document): void {
  for (const a of doc.querySelectorAll("a[href]")) a.setAttribute("href", (a as HTMLAnchorElement).href);
  for (const img of doc.querySelectorAll("img[src]")) img.setAttribute("src", (img as HTMLImageElement).src);
}

/**
 * Makes tables convertible to GFM (C18 A): the gfm plugin only emits a pipe table when the first row is all <th>
 * and counts whitespace text nodes as cells, and keeps tables with block content as raw HTML. So: drop
 * whitespace/caption/colgroup noise, promote the first row to a header, and flatten block elements in cells.
 */
function normalizeTables(root: Element): void {
  const doc = root.ownerDocument;
  for (const table of Array.from(root.querySelectorAll("table")).reverse()) {
    if (table.querySelector("table")) continue; // layout table around data tables: the plugin unwraps it
    for (const node of Array.from(table.querySelectorAll("*")).concat(table)) {
      if (!/^(TABLE|THEAD|TBODY|TFOOT|TR)$/.test(node.nodeName)) continue;
      for (const child of Array.from(node.childNodes)) {
        if ((child.nodeType === 3 && !child.textContent?.trim()) || child.nodeType === 8) child.remove();
      }
    }
    const caption = table.querySelector("caption");
    if (caption?.textContent?.trim()) {
      const p = doc.createElement("p");
      p.innerHTML = `<strong>${escapeHtml(caption.textContent.trim())}</strong>`;
      table.before(p);
    }
    for (const el of table.querySelectorAll("caption, colgroup, col")) el.remove();
    const thead = table.tHead;
    if (thead && !thead.textContent?.trim()) thead.remove();
    const rows = (table as HTMLTableElement).rows;
    const first = rows[0];
    if (first && !table.tHead) {
      for (const cell of Array.from(first.cells)) {
        if (cell.nodeName === "TH") continue;
        const th = doc.createElement("th");
        while (cell.firstChild) th.appendChild(cell.firstChild);
        for (const attr of ["colspan", "align"]) if (cell.hasAttribute(attr)) th.setAttribute(attr, cell.getAttribute(attr)!);
        cell.replaceWith(th);
      }
    }
    for (const cell of table.querySelectorAll("td, th")) {
      for (const block of Array.from(cell.querySelectorAll("ul, ol, h1, h2, h3, h4, h5, h6, blockquote, pre, hr, p, div"))) {
        if (!cell.contains(block)) continue; // already replaced together with an outer block
        const items = block.matches("ul, ol") ? Array.from(block.querySelectorAll("li")).map((li) => li.textContent?.trim() ?? "") : null;
        const span = doc.createElement("span");
        span.textContent = items ? items.filter(Boolean).join("; ") : `${block.textContent?.trim() ?? ""} `;
        block.replaceWith(span);
      }
    }
  }
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
