// Report exports besides .md: a self-contained styled HTML page (citations stay links, images stay
// <img>), DOCX (@turbodocx/html-to-docx) and PDF (Chromium's page.pdf() through playwright-core).
// Markdown becomes HTML with unified (remark-gfm for tables); raw HTML in the markdown is dropped and
// the result is sanitized. The server never downloads report images itself: DOCX links them, and the
// PDF's Chromium may load only the report's own public http(s) images.
import { existsSync } from "node:fs";
import { unified } from "unified";
import remarkParse from "remark-parse";
import remarkGfm from "remark-gfm";
import remarkRehype from "remark-rehype";
import rehypeSanitize, { defaultSchema } from "rehype-sanitize";
import rehypeStringify from "rehype-stringify";
import type { Element, ElementContent, Root } from "hast";
import pLimit from "p-limit";
import { checkUrl } from "@/tools/net-guard";

export interface ExportableReport {
  title: string;
  markdown: string;
  /** BCP 47 language of the report (html lang, DOCX language). */
  locale?: string;
}

export class ExportUnavailable extends Error {}

// remark-rehype already prefixes footnote ids; a second prefix would break their links.
const schema = { ...defaultSchema, clobberPrefix: "" };

/** Replaces every image with a link to it (DOCX: the server does not fetch remote images). */
function imagesAsLinks() {
  const swap = (node: Root | Element) => {
    node.children = node.children.map((child): ElementContent => {
      if (child.type !== "element") return child as ElementContent;
      if (child.tagName === "img") {
        const src = String(child.properties.src ?? "");
        const alt = String(child.properties.alt ?? "") || "image";
        return { type: "element", tagName: "a", properties: { href: src }, children: [{ type: "text", value: `[Image: ${alt}]` }] };
      }
      swap(child);
      return child;
    }) as Root["children"] & Element["children"];
  };
  return (tree: Root) => swap(tree);
}

/** The report body as sanitized HTML (no <html> wrapper). */
export async function markdownToHtml(markdown: string, opts: { imagesAsLinks?: boolean } = {}): Promise<string> {
  const processor = unified().use(remarkParse).use(remarkGfm).use(remarkRehype).use(rehypeSanitize, schema);
  if (opts.imagesAsLinks) processor.use(imagesAsLinks);
  const file = await processor.use(rehypeStringify).process(markdown);
  return String(file);
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #fafafa; color: #18181b; font: 16px/1.65 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "PingFang SC", "Microsoft YaHei", sans-serif; }
main { max-width: 48rem; margin: 0 auto; padding: 2.5rem 1.5rem 4rem; background: #fff; }
h1 { font-size: 2rem; line-height: 1.25; margin: 0 0 1.25rem; }
h2 { font-size: 1.45rem; margin: 2.2rem 0 .8rem; padding-bottom: .3rem; border-bottom: 1px solid #e4e4e7; }
h3 { font-size: 1.15rem; margin: 1.6rem 0 .6rem; }
p, ul, ol, table, blockquote, pre { margin: 0 0 1rem; }
a { color: #4f46e5; text-decoration: none; }
a:hover { text-decoration: underline; }
img { max-width: 100%; height: auto; border-radius: .5rem; }
table { width: 100%; border-collapse: collapse; font-size: .92rem; display: block; overflow-x: auto; }
th, td { border: 1px solid #e4e4e7; padding: .45rem .65rem; text-align: left; vertical-align: top; }
th { background: #f4f4f5; }
blockquote { border-left: 3px solid #c7d2fe; padding: .2rem 1rem; color: #52525b; }
code { font: .9em ui-monospace, SFMono-Regular, Menlo, monospace; background: #f4f4f5; padding: .1rem .3rem; border-radius: .25rem; }
pre { background: #18181b; color: #fafafa; padding: 1rem; border-radius: .5rem; overflow-x: auto; }
pre code { background: none; padding: 0; }
footer { max-width: 48rem; margin: 0 auto; padding: 1rem 1.5rem 2rem; color: #71717a; font-size: .8rem; }
@media print { body { background: #fff; } main { padding: 0; } a { color: #3730a3; } table { display: table; } h2, h3 { break-after: avoid; } tr, img { break-inside: avoid; } }
`;

/** A self-contained, styled HTML document of the report. */
export async function reportToHtml(report: ExportableReport, generatedAt = new Date()): Promise<string> {
  const body = await markdownToHtml(report.markdown);
  const lang = escapeHtml(report.locale ?? "en");
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Fathom">
<title>${escapeHtml(report.title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${body}
</main>
<footer>Written with Fathom deep research · ${escapeHtml(generatedAt.toISOString().slice(0, 10))}</footer>
</body>
</html>
`;
}

/** The report as a Word document. */
export async function reportToDocx(report: ExportableReport): Promise<Buffer> {
  const { default: htmlToDocx } = await import("@turbodocx/html-to-docx");
  const body = await markdownToHtml(report.markdown, { imagesAsLinks: true });
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(report.title)}</title></head><body>${body}</body></html>`;
  const out = await htmlToDocx(html, null, {
    title: report.title,
    creator: "Fathom",
    lang: report.locale ?? "en-US",
    font: "Calibri",
    table: { row: { cantSplit: true } },
    pageNumber: true,
    footer: true,
  });
  if (Buffer.isBuffer(out)) return out;
  if (out instanceof ArrayBuffer) return Buffer.from(out);
  return Buffer.from(await (out as Blob).arrayBuffer());
}

/** Chromium for PDF export: CHROMIUM_PATH, else Debian's /usr/bin/chromium; undefined when absent. */
export function chromiumPath(env: Record<string, string | undefined> = process.env): string | undefined {
  const candidates = [env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter((p): p is string => Boolean(p));
  return candidates.find((p) => existsSync(p));
}

const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage"];
/** One Chromium at a time: each takes a few hundred MB. */
const pdfSlots = pLimit(1);

/** The report as a PDF (A4), rendered from the HTML export by Chromium. */
export async function reportToPdf(report: ExportableReport, opts: { executablePath?: string; timeoutMs?: number } = {}): Promise<Buffer> {
  const executablePath = opts.executablePath ?? chromiumPath();
  if (!executablePath) {
    throw new ExportUnavailable("PDF export needs Chromium on the server: install it (e.g. apt-get install chromium) or set CHROMIUM_PATH.");
  }
  const html = await reportToHtml(report);
  const images = new Set([...report.markdown.matchAll(/!\[[^\]]*\]\(\s*<?(https?:[^)\s>]+)>?/g)].map((m) => m[1]!));
  const timeout = opts.timeoutMs ?? 20_000;
  return pdfSlots(async () => {
    const { chromium } = await import("playwright-core");
    const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, timeout });
    try {
      const page = await browser.newPage({ javaScriptEnabled: false });
      // Only the report's own images, and only from public addresses; nothing else leaves the page.
      await page.route("**/*", async (route) => {
        const url = route.request().url();
        if (url.startsWith("data:")) return route.continue();
        if (images.has(url) && (await checkUrl(url)).ok) return route.continue();
        return route.abort();
      });
      await page.setContent(html, { waitUntil: "load", timeout }).catch(() => {
        // Slow images: print what has loaded.
      });
      const pdf = await page.pdf({
        format: "A4",
        printBackground: true,
        margin: { top: "16mm", bottom: "18mm", left: "14mm", right: "14mm" },
        displayHeaderFooter: true,
        headerTemplate: "<span></span>",
        footerTemplate: '<div style="font-size:8px;width:100%;text-align:center;color:#888"><span class="pageNumber"></span> / <span class="totalPages"></span></div>',
      });
      return Buffer.from(pdf);
    } finally {
      await browser.close().catch(() => {});
    }
  });
}
