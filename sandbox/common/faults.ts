/**
 * Fault injection shared by every sandbox ERP (design §3): `{ api, mode, count }`, where api is the ERP's own
 * operation name (T100 service name, Kingdee method …) or `*`. Each matching call uses up one count.
 */
const FAULT_MODES = ['error', 'http500', 'timeout', 'garbage', 'lost_reply', 'platform', 'empty', 'post_fails', 'soap_fault', 'delay'] as const;
export type FaultMode = (typeof FAULT_MODES)[number];

export interface Fault {
  readonly api: string;
  readonly mode: FaultMode;
  count: number;
  /** `delay`: how long the call waits before it runs normally. */
  readonly ms?: number;
}

export class FaultInjector {
  private faults: Fault[] = [];

  /** Validates and adds a fault; throws with a message fit for a 400 answer. */
  add(spec: { api?: unknown; mode?: unknown; count?: unknown; ms?: unknown }): Fault {
    const mode = String(spec.mode ?? '');
    if (!(FAULT_MODES as readonly string[]).includes(mode)) throw new Error(`unknown fault mode "${mode}" (modes: ${FAULT_MODES.join(', ')})`);
    const count = spec.count === undefined ? 1 : Number(spec.count);
    if (!Number.isInteger(count) || count < 1) throw new Error('count must be a whole number of at least 1');
    const api = spec.api === undefined ? '*' : String(spec.api);
    if (api.trim() === '') throw new Error('api must name an API or be *');
    let ms: number | undefined;
    if (mode === 'delay') {
      ms = Number(spec.ms);
      if (!Number.isInteger(ms) || ms < 0 || ms > 60_000) throw new Error('delay needs ms, a whole number from 0 to 60000');
    }
    const fault: Fault = { api, mode: mode as FaultMode, count, ...(ms === undefined ? {} : { ms }) };
    this.faults.push(fault);
    return { ...fault };
  }

  clear(): void {
    this.faults = [];
  }

  list(): Fault[] {
    return this.faults.map((fault) => ({ ...fault }));
  }

  /** The fault for this call, if any, using one count. `applies` lets a caller skip modes that do not fit. */
  take(api: string, applies: (mode: FaultMode) => boolean = () => true): Fault | undefined {
    const fault = this.faults.find((candidate) => (candidate.api === '*' || candidate.api === api) && applies(candidate.mode));
    if (!fault) return undefined;
    fault.count -= 1;
    if (fault.count <= 0) this.faults = this.faults.filter((candidate) => candidate !== fault);
    return { ...fault };
  }
}
