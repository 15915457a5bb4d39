// Streaming splitter that routes inline <think>…</think> reasoning away from the visible content.
/*
 * Policy (see bug case C07):
 * - `<think>` / `<thinking>` (optionally after leading whitespace) opens reasoning; everything up to the
 *   matching `</think>` / `</thinking>` goes to `thinking`. An unterminated block stays reasoning.
 * - A reply that does NOT start with an opening tag may still be reasoning if it later contains a bare
 *   `</think>` (chat-template bug). So its start is buffered until we are sure:
 *     · a closing tag appears → the buffered text was reasoning, the rest is content;
 *     · the reply starts with an unmistakable content marker (`# ` heading, ``` fence, `{` or `[`)
 *       → it is content, streamed at once;
 *     · `maxHold` chars (default 4,000) arrive without a closing tag, or the stream ends → content.
 *   A stray closing tag that shows up later is dropped, never shown.
 * - A possible partial tag at a chunk end (`…</th`) is held back until the next chunk decides it.
 * - Whitespace right after an opening or closing tag is stripped. Tags are matched in lower case.
 */

export type ThinkSplit = { content: string; thinking: string };
export type ThinkSplitter = { push(chunk: string): ThinkSplit; end(): ThinkSplit };
export type ThinkSplitterOptions = { maxHold?: number };

const OPEN_TAGS = ["<think>", "<thinking>"];
const ALL_TAGS = ["<think>", "<thinking>", "</think>", "</thinking>"];
const TAG_RE = /<(\/?)think(?:ing)?>/;
const CLOSE_RE = /<\/think(?:ing)?>/;
const CONTENT_START_RE = /^(#{1,6}\s|```|\{|\[)/;

/** Length of the longest suffix of `s` that is a proper prefix of one of `tags`. */
function partialTagSuffix(s: string, tags: string[]): number {
  const from = s.lastIndexOf("<");
  if (from === -1) return 0;
  const tail = s.slice(from);
  return tags.some((t) => t.length > tail.length && t.startsWith(tail)) ? tail.length : 0;
}

type State = "start" | "orphan" | "think" | "content";

export function createThinkSplitter(options: ThinkSplitterOptions = {}): ThinkSplitter {
  const maxHold = options.maxHold ?? 4000;
  let state: State = "start";
  let buf = "";
  let stripWs = false;

  function run(final: boolean): ThinkSplit {
    let content = "";
    let thinking = "";
    for (;;) {
      if (stripWs) {
        const trimmed = buf.replace(/^\s+/, "");
        buf = trimmed;
        if (buf === "" && !final) return { content, thinking };
        stripWs = false;
      }
      if (state === "start") {
        const t = buf.replace(/^\s+/, "");
        const open = OPEN_TAGS.find((tag) => t.startsWith(tag));
        if (open) {
          buf = t.slice(open.length);
          state = "think";
          stripWs = true;
          continue;
        }
        const mayBeTag = OPEN_TAGS.some((tag) => tag.startsWith(t));
        if (!final && (t === "" || mayBeTag || (t.length < 3 && !CONTENT_START_RE.test(t)))) {
          return { content, thinking };
        }
        state = CONTENT_START_RE.test(t) ? "content" : "orphan";
        continue;
      }
      if (state === "orphan") {
        const m = TAG_RE.exec(buf);
        if (m && m[1] === "/") {
          thinking += buf.slice(0, m.index);
          buf = buf.slice(m.index + m[0].length);
          state = "content";
          stripWs = true;
          continue;
        }
        if (m || final || buf.length >= maxHold) {
          state = "content"; // an opening tag later on is handled by the content state
          continue;
        }
        return { content, thinking };
      }
      if (state === "think") {
        const m = CLOSE_RE.exec(buf);
        if (m) {
          thinking += buf.slice(0, m.index);
          buf = buf.slice(m.index + m[0].length);
          state = "content";
          stripWs = true;
          continue;
        }
        const hold = final ? 0 : partialTagSuffix(buf, ["</think>", "</thinking>"]);
        thinking += buf.slice(0, buf.length - hold);
        buf = buf.slice(buf.length - hold);
        return { content, thinking };
      }
      // content
      const m = TAG_RE.exec(buf);
      if (m) {
        content += buf.slice(0, m.index);
        buf = buf.slice(m.index + m[0].length);
        if (m[1] !== "/") state = "think"; // a stray closing tag is just dropped
        stripWs = true;
        continue;
      }
      const hold = final ? 0 : partialTagSuffix(buf, ALL_TAGS);
      content += buf.slice(0, buf.length - hold);
      buf = buf.slice(buf.length - hold);
      return { content, thinking };
    }
  }

  let ended = false;
  return {
    push(chunk: string): ThinkSplit {
      if (ended) throw new Error("think splitter: push() after end()");
      buf += chunk;
      return run(false);
    },
    end(): ThinkSplit {
      if (ended) return { content: "", thinking: "" };
      ended = true;
      return run(true);
    },
  };
}

/** Whole-text version of the splitter (same policy as streaming). */
export function splitThink(text: string, options?: ThinkSplitterOptions): ThinkSplit {
  const s = createThinkSplitter(options);
  const a = s.push(text);
  const b = s.end();
  return { content: a.content + b.content, thinking: a.thinking + b.thinking };
}
