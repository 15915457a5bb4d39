// Next.js server start: open the store and resume the runs a previous server process left running,
// without waiting for the first request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { initRunManager } = await import("@/lib/server/runs");
  try {
    await initRunManager();
  } catch (err) {
    console.error("[fathom] could not open the store:", err);
  }
}
