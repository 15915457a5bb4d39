// JSON error responses for API routes: a code, a human message, an optional hint. Never a stack.
import type { ErrorCode } from "@/lib/protocol/events";

export function jsonError(status: number, code: ErrorCode, message: string, hint?: string): Response {
  return Response.json({ error: { code, message, ...(hint ? { hint } : {}) } }, { status });
}

export async function readJson(req: Request, maxBytes = 64_000): Promise<unknown> {
  const text = await req.text();
  if (text.length > maxBytes) throw new Error(`The request body is larger than ${maxBytes} bytes.`);
  return text ? JSON.parse(text) : {};
}
