// A small, forgiving markdown reader for the one block of a report that is still being streamed, so each
// delta costs a few string scans instead of a full markdown parse. Pure. Covers what reports use (headings,
// paragraphs, lists, GFM tables, fences, quotes, rules; strong, em, strike, code, links, images); anything
// else shows as text until the block is complete and the real renderer takes over.

export type Inline =
  | { t: "text"; text: string }
  | { t: "strong" | "em" | "del"; children: Inline[] }
  | { t: "code"; text: string }
  | { t: "link"; href: string; children: Inline[] }
  | { t: "image"; src: string; alt: string };

export type Align = "left" | "center" | "right" | undefined;

/** Inline content stays as source (`src`), parsed with parseInline where it is rendered (memoized per piece). */
export type LiteBlock =
  | { t: "heading"; level: number; src: string }
  | { t: "paragraph"; src: string }
  | { t: "list"; ordered: boolean; start: number; items: { depth: number; src: string }[] }
  | { t: "table"; align: Align[]; head: string[]; rows: string[][] }
  | { t: "code"; lang: string; text: string }
  | { t: "quote"; src: string }
  | { t: "rule" };

const URL_PART = String.raw`(?:[^()\s]|\([^()\s]*\))+`;
const TOKEN = new RegExp(
  String.raw`(!?)\[(\[\d{1,3}\]|[^\[\]\n]*)\]\((${URL_PART})\)|\*\*(?=\S)([^]*?\S)\*\*|~~(?=\S)([^]*?\S)~~|` +
    String.raw`\x60([^\x60\n]+)\x60|\*(?=[^\s*])([^*\n]*?[^\s*])\*`,
  "g",
);

/** Only web, mail and in-page links; anything else renders as its text. */
export function safeHref(url: string): string | undefined {
  return /^(https?:\/\/|mailto:|#|\/(?!\/))/i.test(url) ? url : undefined;
}

export function parseInline(src: string): Inline[] {
  const out: Inline[] = [];
  let last = 0;
  for (const m of src.matchAll(TOKEN)) {
    if (m.index > last) out.push({ t: "text", text: src.slice(last, m.index) });
    last = m.index + m[0].length;
    if (m[3] !== undefined) {
      const href = safeHref(m[3]);
      if (m[1]) out.push(href ? { t: "image", src: href, alt: m[2] ?? "" } : { t: "text", text: m[2] ?? "" });
      else if (href) out.push({ t: "link", href, children: parseInline(m[2] ?? "") });
      else out.push({ t: "text", text: m[2] ?? "" });
    } else if (m[4] !== undefined) out.push({ t: "strong", children: parseInline(m[4]) });
    else if (m[5] !== undefined) out.push({ t: "del", children: parseInline(m[5]) });
    else if (m[6] !== undefined) out.push({ t: "code", text: m[6] });
    else if (m[7] !== undefined) out.push({ t: "em", children: parseInline(m[7]) });
  }
  if (last < src.length) out.push({ t: "text", text: src.slice(last) });
  return out;
}

/** Drops a link or image whose markdown is still arriving at the very end (`… [[3]](https://exa`). */
export function trimOpenLink(text: string): string {
  let i = text.lastIndexOf("[");
  if (i < 0) return text;
  if (text[i - 1] === "[") i--;
  if (text[i - 1] === "!") i--;
  const rest = text.slice(i);
  const open = /^!?\[(?:\[\d{0,3}\]?\]?|[^[\]\n]*\]?)$/.test(rest) || new RegExp(String.raw`^!?\[(?:\[\d{1,3}\]|[^\[\]\n]*)\]\((?:[^()\s]|\([^()\s]*\)?)*$`).test(rest);
  return open && rest.length < 2048 ? text.slice(0, i) : text;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const RULE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const ITEM = /^([ \t]*)([-+*]|\d{1,9}[.)])(?:[ \t]+(.*))?$/;
const QUOTE = /^ {0,3}>[ \t]?(.*)$/;
const BLANK = /^[ \t]*$/;
const DELIMITER = /^\|?(?:[ \t]*:?-*:?[ \t]*\|?)+$/;

const cells = (line: string): string[] => {
  const inner = line.trim().replace(/^\|/, "").replace(/(?<!\\)\|$/, "");
  return inner.split(/(?<!\\)\|/).map((c) => c.trim());
};
const startsBlock = (line: string) =>
  FENCE.test(line) || HEADING.test(line) || RULE.test(line) || ITEM.test(line) || QUOTE.test(line);

function table(lines: string[]): LiteBlock {
  const head = cells(lines[0] ?? "");
  const hasDelimiter = lines.length > 1 && DELIMITER.test(lines[1]!.trim());
  const align: Align[] = hasDelimiter
    ? cells(lines[1]!).map((c) => (c.startsWith(":") && c.endsWith(":") && c.length > 1 ? "center" : c.endsWith(":") ? "right" : c.startsWith(":") ? "left" : undefined))
    : [];
  const fit = (row: string[]) => head.map((_, i) => row[i] ?? "");
  return { t: "table", align, head, rows: lines.slice(hasDelimiter ? 2 : 1).map((l) => fit(cells(l))) };
}

/** Blocks of a (possibly unfinished) markdown block. */
export function parseLite(src: string): LiteBlock[] {
  const lines = src.replace(/\r/g, "").split("\n");
  const out: LiteBlock[] = [];
  let i = 0;
  const take = (ok: (line: string) => boolean): string[] => {
    const got: string[] = [];
    while (i < lines.length && ok(lines[i]!)) got.push(lines[i++]!);
    return got;
  };
  while (i < lines.length) {
    const line = lines[i]!;
    let m: RegExpExecArray | null;
    if (BLANK.test(line)) i++;
    else if ((m = FENCE.exec(line))) {
      const fence = m[1]!;
      i++;
      const body = take((l) => !(l.trim().startsWith(fence[0]!.repeat(fence.length)) && BLANK.test(l.trim().replace(/^[`~]+/, ""))));
      i++;
      out.push({ t: "code", lang: m[2] ?? "", text: body.length ? `${body.join("\n")}\n` : "" });
    } else if ((m = HEADING.exec(line))) {
      out.push({ t: "heading", level: m[1]!.length, src: m[2] ?? "" });
      i++;
    } else if (RULE.test(line)) {
      out.push({ t: "rule" });
      i++;
    } else if (line.trimStart().startsWith("|")) {
      out.push(table(take((l) => l.trimStart().startsWith("|"))));
    } else if (QUOTE.test(line)) {
      const body = take((l) => QUOTE.test(l)).map((l) => QUOTE.exec(l)![1]!);
      out.push({ t: "quote", src: body.join("\n") });
    } else if ((m = ITEM.exec(line))) {
      const ordered = /\d/.test(m[2]!);
      const items: { depth: number; src: string }[] = [];
      while (i < lines.length) {
        const l = lines[i]!;
        const it = ITEM.exec(l);
        if (it) items.push({ depth: it[1]!.replace(/\t/g, "    ").length >= 2 ? 1 : 0, src: it[3] ?? "" });
        else if (BLANK.test(l) && i + 1 < lines.length && (ITEM.test(lines[i + 1]!) || /^[ \t]+\S/.test(lines[i + 1]!))) {
          i++;
          continue;
        } else if (!BLANK.test(l) && !startsBlock(l) && items.length) items[items.length - 1]!.src += `\n${l.trim()}`;
        else break;
        i++;
      }
      out.push({ t: "list", ordered, start: ordered ? parseInt(m[2]!, 10) : 1, items });
    } else {
      const body = [line];
      i++;
      body.push(...take((l) => !BLANK.test(l) && !startsBlock(l)));
      out.push({ t: "paragraph", src: body.join("\n") });
    }
  }
  return out;
}
