// Small code-aware markdown scanner: fenced blocks, code spans, inline links/images, bare URLs. Client-safe.

export interface MdLine {
  text: string;
  /** Inside a fenced code block (fence lines included). */
  code: boolean;
}

const FENCE = /^\s*(`{3,}|~{3,})/;

/** Splits markdown into lines, marking fenced code. `openFence` is set when the text ends inside a fence. */
export function scanLines(md: string): { lines: MdLine[]; openFence: string | null } {
  const lines: MdLine[] = [];
  let fence: string | null = null;
  for (const text of md.split("\n")) {
    const m = FENCE.exec(text);
    if (fence) {
      lines.push({ text, code: true });
      if (m && m[1]![0] === fence[0] && m[1]!.length >= fence.length && text.trim() === m[1]) fence = null;
    } else if (m && !(m[1]![0] === "`" && text.slice(text.indexOf(m[1]!) + m[1]!.length).includes("`"))) {
      fence = m[1]!;
      lines.push({ text, code: true });
    } else {
      lines.push({ text, code: false });
    }
  }
  return { lines, openFence: fence };
}

/** End index (exclusive) of the code span starting at `i` (a backtick run), or -1 when it is never closed. */
export function codeSpanEnd(s: string, i: number): number {
  let n = 0;
  while (s[i + n] === "`") n++;
  let j = i + n;
  while (j < s.length) {
    const k = s.indexOf("`", j);
    if (k < 0) return -1;
    let m = 0;
    while (s[k + m] === "`") m++;
    if (m === n) return k + m;
    j = k + m;
  }
  return -1;
}

export function backtickRun(s: string, i: number): number {
  let n = 0;
  while (s[i + n] === "`") n++;
  return n;
}

export type LinkParse =
  | { kind: "link"; text: string; url: string; end: number }
  | { kind: "ref"; text: string; label: string; end: number }
  | { kind: "text"; text: string; end: number } // `[text]` not followed by a destination
  | { kind: "incomplete"; text?: string }; // ran off the end of the string

/** Parses `[text](url "title")`, `[text][label]` or `[text]` starting at s[i] === "[". */
export function parseLinkAt(s: string, i: number): LinkParse {
  let depth = 0;
  let j = i;
  for (; j < s.length; j++) {
    const c = s[j];
    if (c === "\\") {
      j++;
      continue;
    }
    if (c === "`") {
      const e = codeSpanEnd(s, j);
      if (e > 0) j = e - 1;
      continue;
    }
    if (c === "[") depth++;
    else if (c === "]" && --depth === 0) break;
  }
  if (j >= s.length) return { kind: "incomplete" };
  const text = s.slice(i + 1, j);
  if (s[j + 1] === "[") {
    const close = s.indexOf("]", j + 2);
    if (close < 0) return { kind: "text", text, end: j + 1 };
    return { kind: "ref", text, label: s.slice(j + 2, close), end: close + 1 };
  }
  if (s[j + 1] !== "(") return { kind: "text", text, end: j + 1 };
  let k = j + 2;
  while (s[k] === " ") k++;
  let url = "";
  if (s[k] === "<") {
    const close = s.indexOf(">", k);
    if (close < 0) return { kind: "incomplete", text };
    url = s.slice(k + 1, close);
    k = close + 1;
  } else {
    let par = 0;
    const start = k;
    for (; k < s.length; k++) {
      const c = s[k]!;
      if (c === "\\") {
        k++;
        continue;
      }
      if (/\s/.test(c)) break;
      if (c === "(") par++;
      else if (c === ")") {
        if (par === 0) break;
        par--;
      }
    }
    url = s.slice(start, k);
  }
  while (s[k] === " ") k++;
  const q = s[k];
  if (q === '"' || q === "'" || q === "(") {
    const closeCh = q === "(" ? ")" : q;
    const close = s.indexOf(closeCh, k + 1);
    if (close < 0) return { kind: "incomplete", text };
    k = close + 1;
    while (s[k] === " ") k++;
  }
  if (k >= s.length) return { kind: "incomplete", text };
  if (s[k] !== ")") return { kind: "text", text, end: j + 1 };
  return { kind: "link", text, url, end: k + 1 };
}

// CJK ideographs/punctuation and fullwidth forms end a bare URL (models write "见https://x.com。").
const BARE_URL = /^(?:https?:\/\/|www\.)[^\s<>"'`[\]{}|\\^\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+/i;

/** A bare URL starting at s[i] (GFM autolink literal rules, roughly), or null. */
export function bareUrlAt(s: string, i: number): string | null {
  if (i > 0 && /[\p{L}\p{N}_/.@:-]/u.test(s[i - 1]!)) return null;
  const m = BARE_URL.exec(s.slice(i));
  if (!m) return null;
  let url = m[0];
  for (;;) {
    const last = url[url.length - 1]!;
    if (/[.,:;!?*_~'"]/.test(last)) url = url.slice(0, -1);
    else if (last === ")" && (url.match(/\(/g)?.length ?? 0) < (url.match(/\)/g)?.length ?? 0)) url = url.slice(0, -1);
    else break;
  }
  return /^(https?:\/\/|www\.)[^/]*[a-z0-9]/i.test(url) ? url : null;
}

export interface FoundLink {
  text: string;
  url: string;
  image: boolean;
  /** Offset in the whole markdown. */
  start: number;
  end: number;
}

/** Every inline link and image outside code (images inside link text included), with offsets. */
export function findLinks(md: string): FoundLink[] {
  const out: FoundLink[] = [];
  let offset = 0;
  for (const line of scanLines(md).lines) {
    if (!line.code) collectLinks(line.text, offset, out);
    offset += line.text.length + 1;
  }
  return out;
}

function collectLinks(s: string, base: number, out: FoundLink[]): void {
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "\\") {
      i++;
    } else if (c === "`") {
      const e = codeSpanEnd(s, i);
      i = e > 0 ? e - 1 : i + backtickRun(s, i) - 1;
    } else if (c === "[") {
      const p = parseLinkAt(s, i);
      if (p.kind !== "link") continue;
      const image = i > 0 && s[i - 1] === "!";
      out.push({ text: p.text, url: p.url, image, start: base + i - (image ? 1 : 0), end: base + p.end });
      collectLinks(p.text, base + i + 1, out);
      i = p.end - 1;
    }
  }
}
