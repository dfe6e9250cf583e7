/** One request of a load loop, as the client saw it. */
export interface RequestRecord {
  op: string;
  startedAt: number;
  endedAt: number;
  /** HTTP status, or 0 when no answer came (network error or the client's own timeout). */
  status: number;
  code?: string;
  error?: string;
  /** What the operation created, when it answered 2xx (a post id, a member email). */
  created?: string;
}

export interface TimedResult {
  status: number;
  body: unknown;
}

/** A fetch that gives up after `timeoutMs` and reports instead of throwing. */
export async function timedFetch(
  url: string,
  init: RequestInit & { timeoutMs: number },
): Promise<TimedResult & { error?: string }> {
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(init.timeoutMs) });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: res.status, body };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return { status: 0, body: null, error: cause?.code ?? (error as Error).name };
  }
}

export function codeOf(body: unknown): string | undefined {
  return typeof body === 'object' && body !== null && 'code' in body
    ? String(body.code)
    : undefined;
}

/**
 * Runs `workers` loops of `step(i)` until `stop()`; every request lands in `records`.
 * Light load: each worker waits `pauseMs` between its requests.
 */
export function runLoad(
  workers: number,
  pauseMs: number,
  step: (worker: number, i: number) => Promise<RequestRecord>,
): { records: RequestRecord[]; stop: () => Promise<void> } {
  const records: RequestRecord[] = [];
  let running = true;
  const loops = Array.from({ length: workers }, async (_, worker) => {
    for (let i = 0; running; i++) {
      records.push(await step(worker, i));
      await new Promise((done) => setTimeout(done, pauseMs));
    }
  });
  return {
    records,
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
  };
}
