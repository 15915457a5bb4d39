// File names for downloaded reports and CLI output: non-ASCII kept, characters illegal in file names replaced. Client-safe.

export const MAX_FILE_NAME_CHARS = 120;

// Illegal on Windows/macOS/Linux: / \ : * ? " < > | and control characters.
// eslint-disable-next-line no-control-regex
const ILLEGAL = /[/\\:*?"<>|\u0000-\u001f\u007f-\u009f]/g;
const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

function clean(title: string, spacesToDash: boolean): string {
  let s = title.normalize("NFC").replace(ILLEGAL, "-").replace(/\s+/g, spacesToDash ? "-" : " ");
  s = s.replace(/-{2,}/g, "-");
  if (spacesToDash) s = s.replace(/-+/g, "-");
  s = s.replace(/^[-.\s]+|[-.\s]+$/g, "");
  const chars = Array.from(s); // code points: never cut a surrogate pair
  if (chars.length > MAX_FILE_NAME_CHARS) s = chars.slice(0, MAX_FILE_NAME_CHARS).join("").replace(/[-.\s]+$/g, "");
  if (RESERVED.test(s)) s = `${s}-report`;
  return s;
}

/** Download name for a report: `全面分析京东和美团的外卖大战.md`, `a-b- c.md` for `a/b: c?`; "report.md" when empty. */
export function reportFileName(title: string): string {
  return `${clean(title, false) || "report"}.md`;
}

/** CLI file-name stem: same rules, whitespace → "-", ASCII lowercased, no extension ("report" when empty). */
export function slugify(title: string): string {
  return clean(title, true).replace(/[A-Z]+/g, (c) => c.toLowerCase()) || "report";
}
