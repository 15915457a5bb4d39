// Tests for lib/report — Every recorded scenario's real reporter output through finalizeReport, computeQuality and the streaming sanitiser.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Source } from "@/lib/protocol/events";
import { finalizeReport, sanitizeStreamingBlock } from "@/lib/report/citations";
import { findLinks } from "@/lib/report/md-scan";
import { computeQuality } from "@/lib/report/quality";
import { addToRegistry, normalizeUrl, registryLookup, type Retrieved } from "@/lib/report/registry";

const dir = path.resolve(process.cwd(), "../shared/scenarios");
const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".json")) : [];

interface Scenario {
  locale: string;
  model: { agent: string; content?: string; finish_reason?: string }[];
  search: { response: { status: number; body?: { results?: Record<string, string>[]; images?: ({ url: string; description?: string } | string)[] } } }[];
  pages: { url: string; status: number; body?: string }[];
}

function registryOf(s: Scenario): Source[] {
  const items: Retrieved[] = [];
  for (const q of s.search) {
    const body = q.response.body ?? {};
    for (const r of body.results ?? []) {
      items.push({ url: r.url!, title: r.title ?? "", snippet: (r.content ?? "").slice(0, 300), text: r.raw_content || r.content, kind: "page" });
    }
    for (const i of body.images ?? []) {
      const url = typeof i === "string" ? i : i.url;
      const description = typeof i === "string" ? "" : (i.description ?? "");
      items.push({ url, title: description, snippet: description, kind: "image" });
    }
  }
  for (const p of s.pages) if (p.status === 200) items.push({ url: p.url, title: "", snippet: "", text: p.body, kind: "page" });
  return addToRegistry([], items);
}

describe.skipIf(!existsSync(dir))("real reporter output from every scenario", () => {
  it("has scenarios", () => expect(files.length).toBeGreaterThan(0));

  for (const file of files) {
    it(file, () => {
      const s = JSON.parse(readFileSync(path.join(dir, file), "utf8")) as Scenario;
      const sources = registryOf(s);
      const lookup = registryLookup(sources);
      const reporter = s.model.filter((t) => t.agent === "reporter" && t.content);
      expect(reporter.length).toBeGreaterThan(0);
      for (const turn of reporter) {
        const incomplete = turn.finish_reason === "length";
        const r = finalizeReport(turn.content!, sources, { locale: s.locale, incomplete });
        const q = computeQuality({ ...r, sources, incomplete });
        expect(q.citationValidity).toBe(1);
        expect(q.danglingReferences).toBe(0);
        expect(q.orphanReferences).toBe(0);
        expect(q.citedLinks).toBe(q.validCitedLinks);
        // The model's own list is gone; any References section is ours.
        expect(r.markdown).not.toMatch(/^#+\s*(Key Citations|关键引用)\s*$/m);
        for (const link of findLinks(r.markdown)) {
          const src = lookup.get(normalizeUrl(link.url));
          expect(src, link.url).toBeDefined();
          if (link.image) expect(src!.kind, link.url).toBe("image");
        }
        // While streaming, no prefix ever renders an unretrieved link or image.
        const text = turn.content!;
        for (let cut = 97; cut < text.length; cut += 397) {
          for (const link of findLinks(sanitizeStreamingBlock(text.slice(0, cut), sources))) {
            expect(lookup.has(normalizeUrl(link.url)), link.url).toBe(true);
          }
        }
        if (file.startsWith("nanjing")) {
          expect(r.removedLinks).toEqual(
            expect.arrayContaining([
              "https://en.wikipedia.org/wiki/Jinling_Hotel",
              "http://jinling.hotelnanjing.cn/en",
              "https://www.jumeirah.com/en/stay/nanjing/jumeirah-nanjing/dining/nanjing-zhuo-xian",
            ]),
          );
          expect(r.removedImages).toEqual([
            "https://cdn.tasteatlas.com/images/dishes/4193a4937e36487293315290f40f1874.jpg",
            "https://upload.wikimedia.org/wikipedia/commons/thumb/9/94/Shaomai.jpg/800px-Shaomai.jpg",
            "https://upload.wikimedia.org/wikipedia/commons/thumb/3/37/Guotie2.JPG/800px-Guotie2.JPG",
            "https://upload.wikimedia.org/wikipedia/commons/thumb/9/94/Stinkytofu.JPG/800px-Stinkytofu.JPG",
          ]);
          expect(r.markdown).toContain("![Nanjing Salted Duck](https://thewoksoflife.com/");
          expect(r.markdown).not.toContain("Stinkytofu");
        } else {
          expect(r.removedImages).toEqual([]);
          expect(r.removedLinks).toEqual([]);
        }
        if (s.locale.startsWith("zh") && r.cited.length) expect(r.markdown).toContain("## 参考资料");

        // The same report if the model had cited its list inline: verified links become citations.
        const listed = findLinks(text).filter((l) => !l.image);
        const inline = `${text.replace(/\n(#+ *(Key Citations|关键引用))/, `\n${listed.map((l) => `[${l.text}](${l.url})`).join(" ")}\n\n$1`)}`;
        const withCites = finalizeReport(inline, sources, { locale: s.locale });
        const verified = new Set(listed.map((l) => lookup.get(normalizeUrl(l.url))?.id).filter((id) => id !== undefined));
        expect(withCites.cited.length).toBeGreaterThan(0);
        expect(withCites.cited.map((c) => c.id).sort()).toEqual([...verified].sort());
        const q2 = computeQuality({ ...withCites, sources, incomplete: false });
        expect(q2).toMatchObject({ citationValidity: 1, danglingReferences: 0, orphanReferences: 0, uniqueSources: verified.size });
        if (s.locale.startsWith("zh")) expect(withCites.markdown).toContain("\n## 参考资料\n");
        else expect(withCites.markdown).toContain("\n## References\n");
      }
    });
  }
});
