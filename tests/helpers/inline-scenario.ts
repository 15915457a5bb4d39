// Builds small hand-written scenarios for fault tests and writes them to a temp file.
import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { ScenarioInput } from "@/lib/scripted/scenario";

type Turn = ScenarioInput["model"][number];

export function planJson(title: string, steps: { title: string; processing?: boolean }[], locale = "en-US"): string {
  return JSON.stringify({
    locale,
    has_enough_context: false,
    thought: "Test plan.",
    title,
    steps: steps.map((s) => ({ need_search: !s.processing, step_type: s.processing ? "processing" : "research", title: s.title, description: `Do ${s.title}.` })),
  });
}

export const handoff = (topic = "topic"): Turn => ({ agent: "coordinator", tool_calls: [{ name: "handoff_to_planner", args: { research_topic: topic, locale: "en-US" } }] });

export function searchEntry(query: string, urls: string[], images: string[] = []) {
  return {
    query,
    response: {
      status: 200,
      body: {
        query,
        answer: null,
        images: images.map((url) => ({ url, description: `Image ${url}` })),
        results: urls.map((url, i) => ({ title: `Result ${i + 1} for ${query}`, url, content: `Content about ${query}: 42% growth in 2024.`, score: 0.9 - i * 0.1, raw_content: null })),
        response_time: 0.1,
        follow_up_questions: null,
      },
    },
  };
}

export async function writeScenario(partial: Partial<ScenarioInput> & Pick<ScenarioInput, "question" | "model">): Promise<string> {
  const scenario: ScenarioInput = { format: "research-scenario/1", name: "inline", origin: "test", locale: "en-US", search: [], pages: [], ...partial };
  const dir = await mkdtemp(path.join(os.tmpdir(), "fathom-scn-"));
  const file = path.join(dir, "inline.json");
  await writeFile(file, JSON.stringify(scenario));
  return file;
}
