// Random faults for soak benchmarks, from a seeded generator so a run of the bench can be repeated:
// a model request may get a retryable 429 (Retry-After: 1) or 500 instead of its turn (the turn is
// kept for the retry), and a page request may hang until the client gives up (a timeout).
import { seededRandom } from "@/lib/seeded-random";

export interface FaultOptions {
  seed: number;
  /** Share of model requests answered 429 or 500 (half each). */
  modelErrorRate?: number;
  /** Share of page requests that never answer. */
  pageTimeoutRate?: number;
}

export interface ModelFault {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}


export class Faults {
  private readonly modelRng: () => number;
  private readonly pageRng: () => number;
  injected = { model: 0, page: 0 };

  constructor(private readonly opts: FaultOptions) {
    this.modelRng = seededRandom(opts.seed);
    this.pageRng = seededRandom(opts.seed ^ 0x9e3779b9);
  }

  modelFault(): ModelFault | undefined {
    const r = this.modelRng();
    const rate = this.opts.modelErrorRate ?? 0;
    if (r >= rate) return undefined;
    this.injected.model++;
    return r < rate / 2
      ? { status: 429, headers: { "retry-after": "1" }, body: { error: { message: "Rate limit reached for requests (injected fault).", type: "requests", code: "rate_limit_exceeded" } } }
      : { status: 500, headers: {}, body: { error: { message: "The server had an error while processing your request (injected fault).", type: "server_error" } } };
  }

  pageTimeout(): boolean {
    if (this.pageRng() >= (this.opts.pageTimeoutRate ?? 0)) return false;
    this.injected.page++;
    return true;
  }
}
