// A deterministic, realistic research report in markdown for the render benchmark: headings, cited
// paragraphs, lists, GFM tables, code and images, plus its sources; and a token-like cut into deltas.
import type { SourceView } from "@/lib/client/run-view";
import { seededRandom } from "@/lib/seeded-random";


const WORDS = (
  "capacity auction tariff levelized cost generation storage battery grid interconnection demand forecast " +
  "installed utility-scale rooftop module turbine offshore onshore financing capital subsidy policy market " +
  "share growth decline efficiency output region province household industrial commercial benchmark median " +
  "average estimate survey report analysis trend decade investment price supply chain manufacturing export"
).split(" ");
const TOPICS = ["Solar PV", "Onshore Wind", "Battery Storage", "Grid Investment", "Financing Costs", "Policy Support", "Regional Markets", "Supply Chains", "Outlook"];

export function generateReport(minBytes: number, seed = 7): { markdown: string; sources: SourceView[] } {
  const r = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const num = () => (r() * 900 + 10).toFixed(r() < 0.5 ? 0 : 1);
  const sources: SourceView[] = Array.from({ length: 24 }, (_, i) => {
    const domain = pick(["irena.org", "iea.org", "lazard.com", "carbonbrief.org", "ourworldindata.org", "nrel.gov", "bnef.com", "ember-climate.org"]);
    return { id: i + 1, url: `https://www.${domain}/research/item-${i + 1}`, title: `${pick(TOPICS)} ${pick(WORDS)} data, 2024`, domain, snippet: `${pick(WORDS)} and ${pick(WORDS)} figures for 2024.`, kind: "page" };
  });
  const cite = () => {
    const s = pick(sources);
    return ` [[${s.id}]](${s.url})`;
  };
  const sentence = () => {
    const n = 10 + Math.floor(r() * 14);
    const words = Array.from({ length: n }, () => pick(WORDS));
    if (r() < 0.5) words.splice(Math.floor(r() * n), 0, `**${num()}%**`);
    if (r() < 0.3) words.splice(Math.floor(r() * n), 0, `$${num()}/MWh`);
    const s = words.join(" ");
    return `${s[0]!.toUpperCase()}${s.slice(1)}${r() < 0.7 ? cite() : ""}.`;
  };
  const paragraph = () => Array.from({ length: 3 + Math.floor(r() * 4) }, sentence).join(" ");
  const list = () => Array.from({ length: 3 + Math.floor(r() * 4) }, () => `- ${sentence()}`).join("\n");
  const table = () => {
    const rows = Array.from({ length: 5 + Math.floor(r() * 5) }, (_, i) => `| ${pick(TOPICS)} ${i + 1} | ${num()} | ${num()} | ${num()}% | ${pick(WORDS)} |`);
    return ["| Segment | 2010 | 2024 | Change | Note |", "|---|---:|---:|---:|---|", ...rows].join("\n");
  };
  const code = () =>
    ["```python", "rates = {}", "for tech, (start, end) in costs.items():", "    rates[tech] = (end / start) ** (1 / 14) - 1", `    print(f"{tech}: {rates[tech]:.2%} per year")`, "```"].join("\n");
  const image = (i: number) => `![${pick(TOPICS)} cost trend, 2010-2024](https://www.irena.org/media/chart-${i}.png)`;

  const parts = ["# Utility-Scale Renewables: Costs, Markets and Outlook, 2010-2024", "## Key Points", list()];
  let i = 0;
  while (parts.join("\n\n").length < minBytes) {
    parts.push(`## ${TOPICS[i % TOPICS.length]} ${Math.floor(i / TOPICS.length) + 1}`, paragraph(), paragraph());
    parts.push(`### ${pick(TOPICS)} by ${pick(["region", "year", "segment"])}`, paragraph(), list());
    if (i % 2 === 0) parts.push(table(), paragraph());
    if (i % 3 === 1) parts.push(image(i), paragraph());
    if (i % 4 === 2) parts.push("The calculation used:", code());
    i++;
  }
  parts.push("## References", sources.map((s) => `- [${s.title}](${s.url})`).join("\n"));
  return { markdown: `${parts.join("\n\n")}\n`, sources };
}

/** Cuts text into about `count` pieces of varying size, like a model's streamed tokens (2-40 chars). */
export function cutIntoDeltas(text: string, count: number, seed = 11): string[] {
  const r = seededRandom(seed);
  const mean = text.length / count;
  const out: string[] = [];
  let pos = 0;
  while (pos < text.length) {
    const size = Math.max(1, Math.round(mean * (0.1 + r() * 1.8)));
    out.push(text.slice(pos, pos + size));
    pos += size;
  }
  return out;
}
