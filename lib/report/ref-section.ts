// Finds the model's own reference list ("## References", "### Key Citations", "参考资料", footnote definitions). Client-safe.
import { bareUrlAt, parseLinkAt, type MdLine } from "./md-scan";

const REF_WORDS = [
  "references?",
  "reference list",
  "key citations?",
  "citations?",
  "sources?",
  "key sources",
  "sources? cited",
  "cited sources",
  "sources and references",
  "references and sources",
  "bibliography",
  "works cited",
  "further reading",
  "links",
  "参考资料",
  "参考文献",
  "参考来源",
  "参考链接",
  "参考",
  "引用",
  "引用来源",
  "引用文献",
  "关键引用",
  "主要引用",
  "资料来源",
  "信息来源",
  "数据来源",
  "来源",
  "出处",
  "參考資料",
  "參考文獻",
  "引用來源",
  "資料來源",
];
const REF_TITLE = new RegExp(`^(?:${REF_WORDS.join("|")})$`, "i");

/** True when a heading's text names a reference list (numbering, emphasis and a trailing colon ignored). */
export function isReferenceTitle(title: string): boolean {
  const t = title
    .replace(/[*_`]/g, "")
    .replace(/^\s*(?:\d+(?:\.\d+)*[.)、]?|[一二三四五六七八九十]+[、.．]|[IVX]+\.)\s*/i, "")
    .replace(/[:：]\s*$/, "")
    .trim();
  return REF_TITLE.test(t);
}

const HEADING = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
// A standalone "**References**" / "References:" line also opens a reference list (ends at any heading).
const PSEUDO_HEADING = /^\s{0,3}(?:\*\*|__)?([^*_#|]{2,40}?)(?:\*\*|__)?\s*$/;
const DEFINITION = /^\s{0,3}\[(\^?[^\]\s]+)\]:\s*(.*)$/;
const ENTRY_LABEL = /^\s*(?:[-*+]\s+)?(?:\[\^?(\d+)\]:?|【(\d+)】|\^?(\d+)[.)、:]\s)/;

export function headingLevel(line: string): number {
  const m = HEADING.exec(line);
  return m ? m[1]!.length : 0;
}

/** URLs written on one line: link destinations and bare URLs. */
export function urlsInLine(line: string): string[] {
  const urls: string[] = [];
  for (let i = 0; i < line.length; i++) {
    if (line[i] === "[") {
      const p = parseLinkAt(line, i);
      if (p.kind === "link") {
        urls.push(p.url);
        urls.push(...urlsInLine(p.text));
        i = p.end - 1;
        continue;
      }
    }
    const bare = bareUrlAt(line, i);
    if (bare) {
      urls.push(bare);
      i += bare.length - 1;
    }
  }
  return urls;
}

export interface ModelReferences {
  /** Line indexes to drop from the body. */
  drop: Set<number>;
  /** The model's own numbering: label ("1") → URL it claims. */
  labels: Map<string, string>;
  /** Every URL the dropped lines mention, in order. */
  urls: string[];
  /** Titles of the dropped sections. */
  sections: string[];
}

function isRefLike(line: string): boolean {
  return ENTRY_LABEL.test(line) || /^\s*[-*+]\s/.test(line) || urlsInLine(line).length > 0;
}

function record(line: string, refs: ModelReferences, label?: string): void {
  const urls = urlsInLine(line);
  refs.urls.push(...urls);
  const m = ENTRY_LABEL.exec(line);
  const key = label ?? (m ? (m[1] ?? m[2] ?? m[3]) : undefined);
  if (key && urls[0] && !refs.labels.has(key)) refs.labels.set(key, urls[0]);
}

/**
 * Locates the model-written reference sections (a heading matching REF_WORDS, up to the next heading of the
 * same or a higher level) and link/footnote definitions (`[1]: url`, `[^1]: text url`). Prose that follows the
 * last entry of a section (a closing remark) is kept.
 */
export function findModelReferences(lines: MdLine[]): ModelReferences {
  const refs: ModelReferences = { drop: new Set(), labels: new Map(), urls: [], sections: [] };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.code) continue;
    const h = HEADING.exec(line.text);
    const pseudo = !h && (i === 0 || !lines[i - 1]!.text.trim()) ? PSEUDO_HEADING.exec(line.text) : null;
    const title = h ? h[2]! : pseudo ? pseudo[1]! : "";
    if (title && isReferenceTitle(title)) {
      const level = h ? h[1]!.length : 7;
      let end = i + 1;
      while (end < lines.length) {
        const l = lines[end]!;
        const lv = l.code ? 0 : headingLevel(l.text);
        if (lv && lv <= level) break;
        end++;
      }
      let last = i;
      for (let k = i + 1; k < end; k++) {
        const l = lines[k]!;
        if (l.code || isRefLike(l.text) || headingLevel(l.text)) last = k;
      }
      // Continuation lines of the last entry belong to it; the first blank line ends it.
      while (last + 1 < end && lines[last + 1]!.text.trim() && !headingLevel(lines[last + 1]!.text)) last++;
      refs.sections.push(title.replace(/[*_:：]/g, "").trim());
      for (let k = i; k <= last; k++) {
        refs.drop.add(k);
        if (!lines[k]!.code) record(lines[k]!.text, refs);
      }
      i = last;
      continue;
    }
    const d = DEFINITION.exec(line.text);
    if (d) {
      refs.drop.add(i);
      record(line.text.replace(DEFINITION, "$2"), refs, d[1]!.replace(/^\^/, ""));
    }
  }
  return refs;
}
