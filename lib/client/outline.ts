// Report outline (h2/h3) from markdown blocks, and the heading slugs shared with the renderer so
// the table of contents links match the rendered heading ids. Pure; per-block results are cached.

export interface OutlineItem {
  level: 2 | 3;
  text: string;
  id: string;
}

/** Lowercase, letters/digits of any script kept, everything else collapsed to "-". */
export function slugify(text: string): string {
  const slug = text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "");
  return slug ? `h-${slug}` : "h-section";
}

/** Heading source → the plain text the renderer will show (links, emphasis, code marks removed). */
export function plainHeadingText(src: string): string {
  return src
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]*)\]\[[^\]]*\]/g, "$1")
    .replace(/<[^>]+>/g, "")
    .replace(/\\([\\`*_{}[\]()#+\-.!])/g, "$1")
    .replace(/[*_`~]/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

const HEADING = /^ {0,3}(#{2,3})[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$/;
const FENCE = /^[ \t]*(`{3,}|~{3,})/;

function scanBlock(block: string): OutlineItem[] {
  const items: OutlineItem[] = [];
  let inFence = false;
  for (const line of block.split("\n")) {
    if (FENCE.test(line)) {
      inFence = !inFence;
      continue;
    }
    if (inFence) continue;
    const m = HEADING.exec(line.replace(/\r$/, ""));
    if (!m || !m[1] || !m[2]) continue;
    const text = plainHeadingText(m[2]);
    if (text) items.push({ level: m[1].length === 2 ? 2 : 3, text, id: slugify(text) });
  }
  return items;
}

const cache = new Map<string, OutlineItem[]>();

export function outlineOf(blocks: readonly string[]): OutlineItem[] {
  if (cache.size > 5000) cache.clear();
  const out: OutlineItem[] = [];
  for (const block of blocks) {
    if (!block.includes("#")) continue;
    let items = cache.get(block);
    if (!items) {
      items = scanBlock(block);
      cache.set(block, items);
    }
    out.push(...items);
  }
  return out;
}
