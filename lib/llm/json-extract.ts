// Finds the first balanced JSON object in free-form LLM text (fences, prose, comments, trailing commas).
import { parse, printParseErrorCode, type ParseError } from "jsonc-parser";

export type JsonExtractResult =
  | { ok: true; value: unknown }
  | { ok: false; reason: "no_json" | "truncated" | "invalid"; message: string };

/** Result of scanning one candidate object: where it closes, or that the text ended first. */
type Span = { start: number; end: number; closed: boolean };

const KEY_START = /[A-Za-z_$'\u00C0-\uFFFF]/;

/**
 * Is the `{` at `i` plausibly the start of a JSON object (rather than a brace in prose)?
 * Accepts `{"…`, `{}`, `{ // …`, and `{key:` / `{'key'` (so unquoted keys are *reported*, not skipped).
 */
function looksLikeObjectStart(text: string, i: number): boolean {
  let j = i + 1;
  while (j < text.length && /\s/.test(text[j]!)) j++;
  if (j >= text.length) return true; // `{` at the very end: a truncated object
  const c = text[j]!;
  if (c === '"' || c === "}" || c === "/") return true;
  if (!KEY_START.test(c)) return false;
  let k = j;
  while (k < text.length && /[\w$'\u00C0-\uFFFF-]/.test(text[k]!)) k++;
  while (k < text.length && /[ \t]/.test(text[k]!)) k++;
  return k >= text.length || text[k] === ":";
}

/** Index of the next plausible object start at or after `from`, or -1. */
export function findObjectStart(text: string, from = 0): number {
  for (let i = text.indexOf("{", from); i !== -1; i = text.indexOf("{", i + 1)) {
    if (looksLikeObjectStart(text, i)) return i;
  }
  return -1;
}

/**
 * Scans from the `{` at `start` to its balancing `}`, aware of strings, escapes and
 * `//` / `/* *\/` comments (braces inside those do not count).
 */
export function scanObject(text: string, start: number): Span {
  let depth = 0;
  let i = start;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
      if (i >= text.length) return { start, end: text.length, closed: false };
    } else if (c === "/" && text[i + 1] === "/") {
      const nl = text.indexOf("\n", i);
      i = nl === -1 ? text.length : nl;
      continue;
    } else if (c === "/" && text[i + 1] === "*") {
      const close = text.indexOf("*/", i + 2);
      if (close === -1) return { start, end: text.length, closed: false };
      i = close + 2;
      continue;
    } else if (c === "{" || c === "[") {
      depth++;
    } else if (c === "}" || c === "]") {
      depth--;
      if (depth === 0) return { start, end: i + 1, closed: true };
    }
    i++;
  }
  return { start, end: text.length, closed: false };
}

/** Line/column (1-based) of `offset` in `s`. */
function lineCol(s: string, offset: number): string {
  const before = s.slice(0, offset);
  const line = before.split("\n").length;
  const col = offset - before.lastIndexOf("\n");
  return `line ${line}, column ${col}`;
}

const HINTS: Partial<Record<string, string>> = {
  PropertyNameExpected: "property names must be in double quotes",
  InvalidSymbol: "unexpected character; keys and strings need double quotes",
  CommaExpected: "a comma is missing between items",
  ColonExpected: "a colon is missing after a property name",
  UnexpectedEndOfString: "a string is not closed or contains a raw line break",
};

function describeErrors(json: string, errors: ParseError[]): string {
  const parts = errors.slice(0, 3).map((e) => {
    const code = printParseErrorCode(e.error);
    const near = json.slice(Math.max(0, e.offset - 20), e.offset + 20).replace(/\s+/g, " ");
    const hint = HINTS[code] ? ` (${HINTS[code]})` : "";
    return `${code}${hint} at ${lineCol(json, e.offset)} near \`${near}\``;
  });
  const more = errors.length > 3 ? ` (+${errors.length - 3} more)` : "";
  return `invalid JSON: ${parts.join("; ")}${more}`;
}

/**
 * Extracts the first balanced top-level JSON object from `text`. Trailing commas and comments
 * outside strings are accepted (jsonc-parser); anything else malformed is reported, never repaired.
 * A brace-balanced candidate that fails to parse is skipped in favour of a later valid one.
 */
export function extractJsonObject(text: string): JsonExtractResult {
  let firstInvalid: string | null = null;
  let pos = 0;
  for (;;) {
    const start = findObjectStart(text, pos);
    if (start === -1) break;
    const span = scanObject(text, start);
    if (!span.closed) {
      return {
        ok: false,
        reason: "truncated",
        message: `the JSON object starting at character ${start} never closes (the reply was cut off after ${text.length - start} characters of JSON)`,
      };
    }
    const json = text.slice(span.start, span.end);
    const errors: ParseError[] = [];
    const value: unknown = parse(json, errors, { allowTrailingComma: true, disallowComments: false });
    if (errors.length === 0 && value !== null && typeof value === "object" && !Array.isArray(value)) {
      return { ok: true, value };
    }
    firstInvalid ??= errors.length > 0 ? describeErrors(json, errors) : "the JSON value is not an object";
    pos = span.end;
  }
  if (firstInvalid !== null) return { ok: false, reason: "invalid", message: firstInvalid };
  return { ok: false, reason: "no_json", message: "no JSON object found in the reply" };
}

/**
 * Removes comments and trailing commas outside strings (for lenient partial parsing of a
 * still-streaming object; complete objects go through `extractJsonObject`).
 */
export function stripJsonNoise(json: string): string {
  let out = "";
  let i = 0;
  while (i < json.length) {
    const c = json[i]!;
    if (c === '"') {
      let j = i + 1;
      while (j < json.length && json[j] !== '"') j += json[j] === "\\" ? 2 : 1;
      out += json.slice(i, Math.min(j + 1, json.length));
      i = j + 1;
    } else if (c === "/" && json[i + 1] === "/") {
      const nl = json.indexOf("\n", i);
      i = nl === -1 ? json.length : nl;
    } else if (c === "/" && json[i + 1] === "*") {
      const close = json.indexOf("*/", i + 2);
      i = close === -1 ? json.length : close + 2;
    } else if (c === ",") {
      let j = i + 1;
      while (j < json.length && /\s/.test(json[j]!)) j++;
      if (json[j] !== "}" && json[j] !== "]") out += c;
      i++;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}
