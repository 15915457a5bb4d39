// Evidence lookup without a model: the passage of a source that best supports a sentence (BM25 + CJK bigrams). Client-safe.

export interface Passage {
  passage: string;
  /** Idf-weighted share of the sentence's terms found in the passage, 0..1. */
  score: number;
}

export interface SentenceSpan {
  text: string;
  start: number;
  end: number;
}

const CJK = /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]/;
const STOPWORDS = new Set(
  "a an and are as at be but by for from has have in into is it its of on or that the their this to was were which with than then also been being not no".split(
    " ",
  ),
);

/** Markdown → plain text: citations dropped, links/images reduced to their text, emphasis and markers removed. */
export function plainText(md: string): string {
  return md
    .replace(/[ \t]*\[\[\d+\]\]\([^\s()<>]+\)/g, "")
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/`([^`]*)`/g, "$1")
    .replace(/^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)/gm, "")
    .replace(/(\*\*|__|\*|_|~~)(?=\S)([^*_~]*?\S)\1/g, "$2")
    .replace(/[ \t]+/g, " ")
    .trim();
}

/** Search tokens: lowercase words and numbers (thousands separators removed), CJK as character bigrams. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  const norm = text.toLowerCase().replace(/(\d)[,，](?=\d{3}(?!\d))/g, "$1");
  for (const m of norm.matchAll(/[\p{L}\p{N}]+(?:\.\d+)?/gu)) {
    const run = m[0];
    // Split mixed runs into CJK and non-CJK pieces.
    for (const piece of run.match(/[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]+|[^\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]+/g) ?? []) {
      if (CJK.test(piece[0]!)) {
        if (piece.length === 1) out.push(piece);
        for (let i = 0; i + 1 < piece.length; i++) out.push(piece.slice(i, i + 2));
      } else if (!STOPWORDS.has(piece) && (piece.length > 1 || /\d/.test(piece))) {
        out.push(piece);
      }
    }
  }
  return out;
}

/** Sentence spans; a run of citations right after the end punctuation stays with its sentence. */
export function splitSentences(text: string): SentenceSpan[] {
  const spans: SentenceSpan[] = [];
  let start = 0;
  let i = 0;
  const push = (end: number) => {
    const raw = text.slice(start, end);
    if (raw.trim()) {
      const lead = raw.length - raw.trimStart().length;
      spans.push({ text: raw.trim(), start: start + lead, end: start + lead + raw.trim().length });
    }
    start = end;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === "\n") {
      push(i);
      i++;
      continue;
    }
    const cjkEnd = /[。！？；]/.test(c);
    const latinEnd = /[.!?]/.test(c) && (i + 1 >= text.length || /\s/.test(text[i + 1]!) || /[[)"'”’]/.test(text[i + 1]!));
    if (cjkEnd || latinEnd) {
      let j = i + 1;
      while (j < text.length && /[)"'”’」』]/.test(text[j]!)) j++;
      for (;;) {
        const m = /^[ \t]*(\[\[\d+\]\]\([^\s()<>]+\)|\[\d+\])/.exec(text.slice(j));
        if (!m) break;
        j += m[0].length;
      }
      push(j);
      i = j;
      continue;
    }
    i++;
  }
  push(text.length);
  return spans;
}

/** The sentence (plain text) containing `offset` in the markdown, e.g. the claim a citation supports. */
export function sentenceAround(markdown: string, offset: number): string {
  const lineStart = markdown.lastIndexOf("\n", Math.max(0, offset - 1)) + 1;
  const nl = markdown.indexOf("\n", offset);
  const line = markdown.slice(lineStart, nl < 0 ? markdown.length : nl);
  const at = offset - lineStart;
  const spans = splitSentences(line);
  const hit = spans.find((s) => at >= s.start && at < s.end) ?? spans.filter((s) => s.start <= at).pop() ?? spans[0];
  return hit ? plainText(hit.text) : "";
}

/** Passages of a source text: sentences, short ones merged, long ones cut at ~500 chars. */
export function splitPassages(text: string): string[] {
  const out: string[] = [];
  let buf = "";
  for (const s of splitSentences(text.replace(/\r/g, ""))) {
    let t = s.text;
    while (t.length > 600) {
      const cut = Math.max(t.lastIndexOf(" ", 500), t.lastIndexOf("，", 500), 300);
      out.push(t.slice(0, cut).trim());
      t = t.slice(cut).trim();
    }
    buf = buf ? `${buf} ${t}` : t;
    if (buf.length >= 40) {
      out.push(buf);
      buf = "";
    }
  }
  if (buf) out.push(buf);
  return out;
}

/**
 * Best supporting passage of `sourceText` for `sentence`: BM25 ranking over the source's passages, accepted
 * when the idf-weighted share of the sentence's terms it contains reaches `minScore` (default 0.3). No model call.
 */
export function bestPassage(sentence: string, sourceText: string, opts: { minScore?: number } = {}): Passage | null {
  const query = [...new Set(tokenize(plainText(sentence)))];
  const passages = splitPassages(sourceText);
  if (!query.length || !passages.length) return null;
  const docs = passages.map((p) => {
    const tf = new Map<string, number>();
    const toks = tokenize(p);
    for (const t of toks) tf.set(t, (tf.get(t) ?? 0) + 1);
    return { tf, len: toks.length };
  });
  const n = docs.length;
  const avg = docs.reduce((a, d) => a + d.len, 0) / n || 1;
  const idf = new Map(query.map((t) => {
    const df = docs.filter((d) => d.tf.has(t)).length;
    return [t, Math.log(1 + (n - df + 0.5) / (df + 0.5))] as const;
  }));
  const k1 = 1.2;
  const b = 0.75;
  let best = -1;
  let bestScore = 0;
  docs.forEach((d, i) => {
    let score = 0;
    for (const t of query) {
      const f = d.tf.get(t) ?? 0;
      if (f) score += idf.get(t)! * ((f * (k1 + 1)) / (f + k1 * (1 - b + (b * d.len) / avg)));
    }
    if (score > bestScore) {
      bestScore = score;
      best = i;
    }
  });
  if (best < 0) return null;
  const total = query.reduce((a, t) => a + idf.get(t)!, 0);
  const found = query.filter((t) => docs[best]!.tf.has(t));
  const coverage = found.reduce((a, t) => a + idf.get(t)!, 0) / total;
  if (coverage < (opts.minScore ?? 0.3) || found.length < Math.min(2, query.length)) return null;
  return { passage: passages[best]!, score: Math.round(coverage * 1000) / 1000 };
}
