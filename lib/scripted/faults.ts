// Random faults for soak benchmarks, from a seeded generator so a run of the bench can be repeated:
// a model request may get a retryable 429 (Retry-After: 1) or 500 instead of its turn (the turn is
// kept for the retry), and a page request may hang until the client gives up (a timeout).
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

/** mulberry32: small, fast, good enough to pick faults. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Faults {
  private readonly modelRng: () => number;
  private readonly pageRng: () => number;
  injected = { model: 0, page: 0 };

  constructor(private readonly opts: FaultOptions) {
    this.modelRng = generator(opts.seed);
    this.pageRng = generator(opts.seed ^ 0x9e3779b9);
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
