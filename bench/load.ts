/**
 * The load generator and the memory probes every bench scenario shares: autocannon at fixed concurrency (POST JSON,
 * bodies verified), and the resident set of a process read from /proc (VmRSS now, VmHWM as the kernel's peak),
 * sampled while a run lasts so each scenario has its own peak.
 */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

/** BENCH_QUICK=1: 1 s runs, a short soak, fewer repetitions — a smoke run of the whole bench. */
export const QUICK = process.env.BENCH_QUICK === '1';
export const DURATION_SECONDS = Number(process.env.BENCH_SECONDS ?? (QUICK ? 1 : 5));
export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);

export interface Run {
  readonly requestsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly requests: number;
  /** Socket errors, timeouts, non-2xx answers and bodies that failed `verify` (GraphQL errors arrive with 200). */
  readonly errors: number;
  /** Peak RSS (MiB) of the measured process during the run, when a pid was given. */
  readonly peakRssMiB?: number;
  /** CPU time (user + system) the measured process spent per request during the run, in ms, when a pid was given. */
  readonly cpuMsPerRequest?: number;
}

export interface LoadOptions {
  readonly url: string;
  readonly body: string;
  readonly headers: Record<string, string>;
  /** A fresh Authorization header per request, so no layer can deduplicate identical requests. */
  readonly perRequestKey?: boolean;
  /** A body that does not pass is counted as an error. */
  readonly verify?: (body: string) => boolean;
  readonly seconds?: number;
  readonly connections?: number;
  /** Requests per second across all connections (autocannon's overallRate); unset: as fast as answers come. */
  readonly rate?: number;
  /** The process whose RSS is sampled during the run (the server under test). */
  readonly pid?: number;
}

/** A GraphQL answer without an `errors` member. */
export const graphqlOk = (body: string): boolean => body.length > 0 && !body.includes('"errors"');

export async function load(options: LoadOptions): Promise<Run> {
  let counter = 0;
  const sampler = options.pid === undefined ? undefined : new RssSampler(options.pid);
  const cpuBefore = options.pid === undefined ? 0 : cpuMsOf(options.pid);
  const result = await autocannon({
    url: options.url,
    method: 'POST',
    connections: options.connections ?? CONNECTIONS,
    duration: options.seconds ?? DURATION_SECONDS,
    ...(options.rate ? { overallRate: options.rate } : {}),
    headers: options.headers,
    body: options.body,
    ...(options.verify ? { verifyBody: (body: string | Buffer | undefined) => options.verify!(String(body ?? '')) } : {}),
    requests: options.perRequestKey
      ? [{ setupRequest: (request) => ({ ...request, headers: { ...request.headers, authorization: `Bearer bench-${counter++}` } }) }]
      : undefined,
  });
  const peakRssMiB = sampler?.stop();
  const cpuMs = options.pid === undefined ? undefined : cpuMsOf(options.pid) - cpuBefore;
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.non2xx + result.mismatches, // errors include timeouts
    ...(peakRssMiB === undefined ? {} : { peakRssMiB }),
    ...(cpuMs === undefined || result.requests.total === 0 ? {} : { cpuMsPerRequest: cpuMs / result.requests.total }),
  };
}

/** User + system CPU time a process has used, in ms (/proc/<pid>/stat fields 14 and 15, in clock ticks of 10 ms). */
export function cpuMsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/** VmRSS of a process, in MiB; zero when it has gone. */
export function rssOf(pid: number): { rssMiB: number } {
  let status = '';
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return { rssMiB: 0 };
  }
  const kib = (name: string): number => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  return { rssMiB: kib('VmRSS') / 1024 };
}

/**
 * The highest VmRSS seen every `everyMs` until stop(). VmHWM cannot be reset per scenario without writing to
 * /proc/<pid>/clear_refs, so the peak of a scenario is sampled instead.
 */
export class RssSampler {
  private peak: number;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pid: number,
    everyMs = 50,
  ) {
    this.peak = rssOf(pid).rssMiB;
    this.timer = setInterval(() => {
      this.peak = Math.max(this.peak, rssOf(this.pid).rssMiB);
    }, everyMs);
  }

  stop(): number {
    clearInterval(this.timer);
    this.peak = Math.max(this.peak, rssOf(this.pid).rssMiB);
    return this.peak;
  }
}
