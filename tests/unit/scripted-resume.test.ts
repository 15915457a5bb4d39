// Pins the scripted server's restart support: skipTurns starts each (agent, step) queue after the
// turns already consumed, and onServe reports every turn taken, so a resumed demo continues its script.
import { afterEach, describe, expect, it } from "vitest";
import { startScripted, type ScriptedServer, type ServedTurnInfo } from "@/lib/scripted/server";
import type { ScenarioInput } from "@/lib/scripted/scenario";

const scenario: ScenarioInput = {
  format: "research-scenario/1",
  name: "resume-test",
  question: "What is X?",
  model: [
    { agent: "coordinator", content: "hello" },
    { agent: "researcher", step: "Step A", content: "A first" },
    { agent: "researcher", step: "Step A", content: "A second" },
    { agent: "researcher", step: "Step B", content: "B first" },
  ],
};

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function ask(s: ScriptedServer, agent: string, step?: string) {
  const res = await fetch(`${s.url}/v1/chat/completions`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      model: "m",
      stream: false,
      messages: [
        { role: "system", content: `You are Fathom's ${agent} agent.` },
        { role: "user", content: step ? `Current step: ${step}` : "hi" },
      ],
    }),
  });
  const body = (await res.json()) as { choices?: { message: { content: string } }[] };
  return { status: res.status, content: body.choices?.[0]?.message.content };
}

describe("scripted server resume", () => {
  it("serves each queue from after its skipped turns and reports what it serves", async () => {
    const seen: ServedTurnInfo[] = [];
    server = await startScripted({ scenario, skipTurns: [0, 1], onServe: (t) => seen.push(t) });
    expect(await ask(server, "researcher", "Step A")).toEqual({ status: 200, content: "A second" });
    expect(await ask(server, "researcher", "Step B")).toEqual({ status: 200, content: "B first" });
    expect((await ask(server, "coordinator")).status).toBe(500);
    expect(seen).toEqual([
      { turnIndex: 2, agent: "researcher", step: "Step A" },
      { turnIndex: 3, agent: "researcher", step: "Step B" },
    ]);
    expect(server.remaining()).toEqual([]);
  });

  it("ignores a skipped turn that is not at the head of its queue", async () => {
    server = await startScripted({ scenario, skipTurns: [2] });
    expect(await ask(server, "researcher", "Step A")).toEqual({ status: 200, content: "A first" });
  });
});
