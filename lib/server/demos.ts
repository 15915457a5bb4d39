// Demo scenarios: the recorded sessions offered as one-click runs when no model is configured.
import { listScenarios } from "@/lib/scripted/scenario";

export interface DemoInfo {
  id: string;
  file: string;
  title: string;
  question: string;
  locale: string;
}

export async function listDemos(dirs: string[]): Promise<DemoInfo[]> {
  const found: DemoInfo[] = [];
  for (const dir of dirs) {
    try {
      for (const s of await listScenarios(dir)) {
        if (!found.some((d) => d.id === s.id)) found.push({ id: s.id, file: s.file, title: s.title, question: s.question, locale: s.locale });
      }
    } catch (err) {
      console.error(`[fathom] could not read demo scenarios in ${dir}:`, err instanceof Error ? err.message : err);
    }
  }
  return found;
}

export async function findDemo(dirs: string[], id: string): Promise<DemoInfo | undefined> {
  return (await listDemos(dirs)).find((d) => d.id === id);
}
