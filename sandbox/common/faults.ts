/**
 * Fault injection shared by every sandbox ERP (design §3): `{ api, mode, count }`, where api is the ERP's own
 * operation name (T100 service name, Kingdee method …) or `*`. Each matching call uses up one count.
 * A sandbox with its own modes (Kingdee's `session_lost`, Jushuitan's `rate_limit` …, protocols/others.md preamble)
 * passes them to the constructor; one that names an api in more than one way passes a matcher.
 */
export const FAULT_MODES = ['error', 'http500', 'timeout', 'garbage', 'lost_reply', 'platform', 'empty', 'post_fails', 'soap_fault', 'delay'] as const;
export type FaultMode = (typeof FAULT_MODES)[number];

export interface Fault<M extends string = FaultMode> {
  readonly api: string;
  readonly mode: M;
  count: number;
  /** `delay`: how long the call waits before it runs normally. */
  readonly ms?: number;
}

export interface FaultInjectorOptions {
  /** What `api` names, for the 400 message (`an API`, `a method`, `a path` …). */
  readonly apiNoun?: string;
  /** Whether a fault's api (never `*`, which matches every call) matches this call's; default: the same text. */
  readonly matches?: (faultApi: string, api: string) => boolean;
}

export class FaultInjector<M extends string = FaultMode> {
  private faults: Fault<M>[] = [];
  private readonly modes: readonly M[];
  private readonly apiNoun: string;
  private readonly apiMatches: (faultApi: string, api: string) => boolean;

  /** `modes`: the modes this sandbox knows (default FAULT_MODES). */
  constructor(modes?: readonly M[], options: FaultInjectorOptions = {}) {
    this.modes = modes ?? (FAULT_MODES as readonly string[] as readonly M[]);
    this.apiNoun = options.apiNoun ?? 'an API';
    this.apiMatches = options.matches ?? ((faultApi, api) => faultApi === api);
  }

  /** Validates and adds a fault; throws with a message fit for a 400 answer. */
  add(spec: { api?: unknown; mode?: unknown; count?: unknown; ms?: unknown }): Fault<M> {
    const mode = String(spec.mode ?? '');
    if (!(this.modes as readonly string[]).includes(mode)) throw new Error(`unknown fault mode "${mode}" (modes: ${this.modes.join(', ')})`);
    const count = spec.count === undefined ? 1 : Number(spec.count);
    if (!Number.isInteger(count) || count < 1) throw new Error('count must be a whole number of at least 1');
    const api = spec.api === undefined ? '*' : String(spec.api);
    if (api.trim() === '') throw new Error(`api must name ${this.apiNoun} or be *`);
    let ms: number | undefined;
    if (mode === 'delay') {
      ms = Number(spec.ms);
      if (!Number.isInteger(ms) || ms < 0 || ms > 60_000) throw new Error('delay needs ms, a whole number from 0 to 60000');
    }
    const fault: Fault<M> = { api, mode: mode as M, count, ...(ms === undefined ? {} : { ms }) };
    this.faults.push(fault);
    return { ...fault };
  }

  clear(): void {
    this.faults = [];
  }

  list(): Fault<M>[] {
    return this.faults.map((fault) => ({ ...fault }));
  }

  /** The fault for this call, if any, using one count. `applies` lets a caller skip modes that do not fit. */
  take(api: string, applies: (mode: M) => boolean = () => true): Fault<M> | undefined {
    const fault = this.faults.find((candidate) => (candidate.api === '*' || this.apiMatches(candidate.api, api)) && applies(candidate.mode));
    if (!fault) return undefined;
    fault.count -= 1;
    if (fault.count <= 0) this.faults = this.faults.filter((candidate) => candidate !== fault);
    return { ...fault };
  }
}
