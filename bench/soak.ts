/**
 * The soak: the single read at fixed concurrency for BENCH_SOAK_SECONDS (120 s, the 2 minutes; 5 s with
 * BENCH_QUICK=1), with the gateway process's RSS taken at the start and the end, its peak sampled throughout, and
 * every failed request counted (socket errors, non-2xx, GraphQL `errors`).
 */
import { CONNECTIONS, graphqlOk, load, QUICK, rssOf } from './load';

export const SOAK_SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? (QUICK ? 5 : 120));

export interface SoakResult {
  readonly seconds: number;
  readonly connections: number;
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
  readonly rssStartMiB: number;
  readonly rssEndMiB: number;
  /** (end − start) / start, in %. */
  readonly rssGrowthPercent: number;
  readonly peakRssMiB: number;
  /** Heap used after a forced GC before and after, when the process can be asked for it. */
  readonly heapAfterGcMiB?: { readonly start: number; readonly end: number };
}

export async function soak(options: {
  url: string;
  body: string;
  headers: Record<string, string>;
  pid: number;
  memoryAfterGc?: () => Promise<NodeJS.MemoryUsage>;
  seconds?: number;
}): Promise<SoakResult> {
  const seconds = options.seconds ?? SOAK_SECONDS;
  const heapStart = await options.memoryAfterGc?.();
  // Taken after the GC, so both ends are measured the same way: RSS with the heap as small as it gets now.
  const rssStartMiB = rssOf(options.pid).rssMiB;
  const run = await load({ url: options.url, body: options.body, headers: options.headers, perRequestKey: true, verify: graphqlOk, seconds, pid: options.pid });
  const rssEndMiB = rssOf(options.pid).rssMiB;
  const heapEnd = await options.memoryAfterGc?.();
  return {
    seconds,
    connections: CONNECTIONS,
    requests: run.requests,
    requestsPerSecond: run.requestsPerSecond,
    p50: run.p50,
    p99: run.p99,
    errors: run.errors,
    rssStartMiB,
    rssEndMiB,
    rssGrowthPercent: ((rssEndMiB - rssStartMiB) / rssStartMiB) * 100,
    peakRssMiB: run.peakRssMiB ?? rssEndMiB,
    ...(heapStart && heapEnd ? { heapAfterGcMiB: { start: heapStart.heapUsed / 2 ** 20, end: heapEnd.heapUsed / 2 ** 20 } } : {}),
  };
}
