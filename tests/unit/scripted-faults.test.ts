// Pins the scripted servers' seeded fault injection used by bench/soak.ts: the same seed gives the same faults, a faulted model request keeps its turn for the retry, and an injected page timeout never answers.
import { describe, expect, it } from "vitest";
import { Faults } from "@/lib/scripted/faults";
import { startScripted } from "@/lib/scripted/server";

describe("scripted faults", () => {
  it("are the same for the same seed, and about as frequent as asked", () => {
    const pick = (seed: number) => {
      const f = new Faults({ seed, modelErrorRate: 0.1, pageTimeoutRate: 0.1 });
      return Array.from({ length: 2000 }, () => `${f.modelFault()?.status ?? 200}/${f.pageTimeout() ? "hang" : "ok"}`);
    };
    expect(pick(7)).toEqual(pick(7));
    expect(pick(7)).not.toEqual(pick(8));
    const faults = pick(7);
    const model = faults.filter((f) => !f.startsWith("200")).length;
    const pages = faults.filter((f) => f.endsWith("hang")).length;
    expect(model).toBeGreaterThan(120);
    expect(model).toBeLessThan(280);
    expect(pages).toBeGreaterThan(120);
    expect(pages).toBeLessThan(280);
    expect(new Set(faults.map((f) => f.split("/")[0]))).toEqual(new Set(["200", "429", "500"]));
    const none = new Faults({ seed: 1 });
    expect(Array.from({ length: 100 }, () => none.modelFault() ?? none.pageTimeout()).every((x) => x === false)).toBe(true);
  });

  it("keep the model turn for the retry, and hang injected pages until the client leaves", async () => {
    // A seed whose first model request is faulted and whose six page requests mix hangs and answers.
    const opts = { modelErrorRate: 0.6, pageTimeoutRate: 0.6 };
    const seed = Array.from({ length: 1000 }, (_, i) => i).find((seed) => {
      const f = new Faults({ seed, ...opts });
      const hangs = Array.from({ length: 6 }, () => f.pageTimeout()).filter(Boolean).length;
      return new Faults({ seed, ...opts }).modelFault() !== undefined && hangs > 0 && hangs < 6;
    })!;
    const s = await startScripted({
      scenario: {
        format: "research-scenario/1",
        name: "faults",
        question: "q",
        model: [{ agent: "coordinator", content: "first turn" }],
        pages: [{ url: "https://example.org/a", body: "<p>hello</p>" }],
      },
      faults: { seed, ...opts },
    });
    try {
      const ask = () =>
        fetch(`${s.url}/v1/chat/completions`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ model: "m", messages: [{ role: "system", content: "You are Fathom's coordinator agent." }, { role: "user", content: "hi" }] }),
        });
      let res = await ask();
      const statuses = [res.status];
      while (res.status !== 200) {
        expect(res.status === 429 ? res.headers.get("retry-after") : "500").toBe(res.status === 429 ? "1" : "500");
        res = await ask();
        statuses.push(res.status);
      }
      expect(statuses.length).toBeGreaterThan(1);
      expect((await res.json()).choices[0].message.content).toBe("first turn");
      expect(s.remaining()).toEqual([]);
      expect(s.injected().model).toBe(statuses.length - 1);

      const pages: (number | string)[] = [];
      for (let i = 0; i < 6; i++) {
        pages.push(await fetch(`${s.url}/page?url=${encodeURIComponent("https://example.org/a")}`, { signal: AbortSignal.timeout(1500) }).then((r) => r.status, () => "timeout"));
      }
      expect(pages.filter((p) => p === "timeout").length).toBe(s.injected().page);
      expect(pages.filter((p) => p === 200).length).toBe(6 - s.injected().page);
      expect(s.injected().page).toBeGreaterThan(0);
      expect(s.injected().page).toBeLessThan(6);
    } finally {
      await s.close();
    }
  });
});
