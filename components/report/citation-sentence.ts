// The sentence a citation chip supports, read from the rendered paragraph (list item, table cell…) around it:
// other chips and open cards are left out, a source title written before the chip is dropped (it is not
// part of the claim, and titles often hold a "?" or "."), and the report's own sentence splitter cuts it.
import { splitSentences } from "@/lib/report/evidence";

const BLOCK = "p, li, td, th, blockquote, h1, h2, h3, h4, h5, h6, dd, dt, figcaption";
const SKIP = "[data-testid=citation], [role=tooltip]";
const MIN_CHARS = 60;
const MAX_CHARS = 600;

/** Text of the chip's block without chips, and where the chip sits in it. */
function blockText(chip: HTMLElement): { text: string; offset: number } {
  const block = chip.closest(BLOCK) ?? chip.parentElement;
  if (!block) return { text: "", offset: 0 };
  let text = "";
  let offset = -1;
  const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const skip = n.parentElement?.closest(SKIP);
    if (skip && block.contains(skip)) {
      if (skip === chip && offset < 0) offset = text.length;
      continue;
    }
    text += n.nodeValue ?? "";
  }
  return { text, offset: offset < 0 ? text.length : offset };
}

/**
 * `before` without a trailing source title (or the start of one: link texts are often cut titles), when at
 * least 12 characters of it match, starting at a word.
 */
function stripTitle(before: string, title: string): string {
  const t = title.replace(/\s+/g, " ").trim().toLowerCase();
  const b = before.toLowerCase();
  if (t.length < 12) return before;
  for (let p = Math.max(0, b.length - t.length - 2); p <= b.length - 12; p++) {
    if (p > 0 && !/\s/.test(b[p - 1]!)) continue;
    if (t.startsWith(b.slice(p).replace(/\s+/g, " "))) return before.slice(0, p).trimEnd();
  }
  return before;
}

/**
 * The claim a chip at `offset` in `text` supports (pure, for tests): its sentence up to the chip, or the
 * whole sentence when that part is short, widened with the sentences before while under 60 characters.
 */
export function sentenceAt(text: string, offset: number, title = ""): string {
  const before = stripTitle(text.slice(0, offset).trimEnd(), title);
  const joined = before + text.slice(offset);
  // A chip right after the full stop ("… in 2024. [3]") belongs to the sentence that stop ends.
  const at = /[.!?。！？]$/.test(before) ? before.length - 1 : before.length;
  const spans = splitSentences(joined);
  let i = spans.findIndex((s) => at >= s.start && at < s.end);
  if (i < 0) i = spans.findLastIndex((s) => s.start <= at);
  if (i < 0) return clean(joined);
  const span = spans[i]!;
  const upToChip = joined.slice(span.start, at).replace(/[\s,;:，；：]+$/, "");
  let sentence = upToChip.length >= MIN_CHARS ? upToChip : span.text;
  for (let j = i - 1; j >= 0 && sentence.length < MIN_CHARS; j--) sentence = `${spans[j]!.text} ${sentence}`;
  return clean(sentence);
}

const clean = (s: string) => s.replace(/\s+/g, " ").trim().slice(0, MAX_CHARS);

export function citationSentence(chip: HTMLElement, title?: string): string {
  const { text, offset } = blockText(chip);
  return sentenceAt(text, offset, title);
}
