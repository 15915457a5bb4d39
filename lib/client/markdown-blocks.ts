// Splits (streamed) markdown into top-level blocks so the report view can memoize finished blocks
// and re-render only the last one per delta. Pure. Never splits inside a fenced code block, a list
// (items separated by blank lines) or indented continuation lines; merging is always safe, splitting
// is only done at blank lines between independent blocks.

export interface BlockSplit {
  text: string;
  blocks: string[];
  /** Offset in `text` where each block starts. */
  starts: number[];
}

interface Fence {
  char: string;
  len: number;
}

const FENCE_OPEN = /^[ \t]*(`{3,}|~{3,})([^`]*)$/;
const FENCE_CLOSE = /^[ \t]*(`{3,}|~{3,})[ \t\r]*$/;
const LIST_ITEM = /^ {0,3}(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)/;
const BLANK = /^[ \t\r]*$/;

function openFence(line: string): Fence | null {
  const m = FENCE_OPEN.exec(line);
  if (!m || !m[1]) return null;
  if (m[1][0] === "`" && (m[2] ?? "").includes("`")) return null;
  return { char: m[1][0] ?? "`", len: m[1].length };
}

function closesFence(line: string, fence: Fence): boolean {
  const m = FENCE_CLOSE.exec(line);
  return !!m && !!m[1] && m[1][0] === fence.char && m[1].length >= fence.len;
}

/** Does a block starting with `line` continue the block that started with `prevFirst`? */
function continues(prevFirst: string, line: string): boolean {
  if (line.startsWith(" ") || line.startsWith("\t")) return true;
  return LIST_ITEM.test(prevFirst) && LIST_ITEM.test(line);
}

/** Scans text from `from` (which must be the start of a block, outside any fence). */
function scan(text: string, from: number): { blocks: string[]; starts: number[] } {
  const blocks: string[] = [];
  const starts: number[] = [];
  let start = -1;
  let end = -1;
  let firstLine = "";
  let fence: Fence | null = null;
  const close = () => {
    if (start < 0) return;
    blocks.push(text.slice(start, end));
    starts.push(start);
    start = -1;
  };
  let pos = from;
  while (pos < text.length) {
    const nl = text.indexOf("\n", pos);
    const lineEnd = nl < 0 ? text.length : nl;
    const line = text.slice(pos, lineEnd);
    if (fence) {
      if (closesFence(line, fence)) fence = null;
      end = lineEnd;
    } else if (BLANK.test(line)) {
      close();
    } else {
      if (start < 0) {
        const prevStart = starts.at(-1);
        if (prevStart !== undefined && continues(firstLine, line)) {
          blocks.pop();
          starts.pop();
          start = prevStart;
        } else {
          start = pos;
          firstLine = line;
        }
      }
      fence = openFence(line);
      end = lineEnd;
    }
    pos = lineEnd + 1;
  }
  close();
  return { blocks, starts };
}

/** All top-level blocks of `text`, each without its trailing blank lines. */
export function splitMarkdownBlocks(text: string): string[] {
  return scan(text, 0).blocks;
}

/** Does `text` extend `prev`? With `appendOnly` the caller vouches for the prefix; only its tail is checked (O(1)). */
function extendsPrev(prev: string, text: string, appendOnly: boolean): boolean {
  if (text.length < prev.length) return false;
  if (!appendOnly) return text.startsWith(prev);
  const tail = Math.max(0, prev.length - 64);
  return text.startsWith(prev.slice(tail), tail);
}

/**
 * Incremental split: re-scans only from the second-to-last block, so a streamed report costs
 * O(delta + last blocks) per update and finished blocks keep their identity (cheap memo checks).
 * Pass `appendOnly` when the text is known to only grow (a stream), to skip the O(n) prefix check.
 * Falls back to a full scan when `text` does not extend `prev.text`.
 */
export function splitIncremental(prev: BlockSplit | null, text: string, appendOnly = false): BlockSplit {
  if (prev && prev.text === text) return prev;
  if (!prev || prev.blocks.length < 2 || !extendsPrev(prev.text, text, appendOnly)) {
    return { text, ...scan(text, 0) };
  }
  const keep = prev.blocks.length - 2;
  const from = prev.starts[keep] ?? 0;
  const tail = scan(text, from);
  return {
    text,
    blocks: [...prev.blocks.slice(0, keep), ...tail.blocks],
    starts: [...prev.starts.slice(0, keep), ...tail.starts],
  };
}

/** Holds the last split; `update` is idempotent for the same text (safe under React's double render). */
export class BlockSplitter {
  private last: BlockSplit | null = null;
  update(text: string, appendOnly = false): string[] {
    this.last = splitIncremental(this.last, text, appendOnly);
    return this.last.blocks;
  }
}
