/**
 * The Jushuitan sandbox's fault list (protocols/others.md preamble and §2.3). The shared FaultInjector
 * (sandbox/common/faults.ts) has no `rate_limit` or `token_expired` mode, so this folder keeps its own small list
 * with the same surface (`add`, `clear`, `list`, `take`; `{api, mode, count, ms?}`), `api` being the path
 * (`/open/inventory/count/query`) or `*`:
 * - `error` → code 130 (`参数不符合规范：sandbox fault`), `rate_limit` → 199, `token_expired` → 100;
 * - `http500` (HTML 500), `timeout` (never answers), `garbage` (HTTP 200, half a JSON body), `delay` (waits `ms`,
 *   then answers normally), `lost_reply` (answers nothing after running: for a read, the same as a dropped line).
 */
export const JUSHUITAN_FAULT_MODES = ['error', 'rate_limit', 'token_expired', 'http500', 'timeout', 'garbage', 'delay', 'lost_reply'] as const;
export type JushuitanFaultMode = (typeof JUSHUITAN_FAULT_MODES)[number];

export interface JushuitanFault {
  readonly api: string;
  readonly mode: JushuitanFaultMode;
  count: number;
  readonly ms?: number;
}

export class JushuitanFaults {
  private faults: JushuitanFault[] = [];

  /** Validates and adds a fault; throws with a message fit for a 400 answer. */
  add(spec: { api?: unknown; mode?: unknown; count?: unknown; ms?: unknown }): JushuitanFault {
    const mode = String(spec.mode ?? '');
    if (!(JUSHUITAN_FAULT_MODES as readonly string[]).includes(mode)) throw new Error(`unknown fault mode "${mode}" (modes: ${JUSHUITAN_FAULT_MODES.join(', ')})`);
    const count = spec.count === undefined ? 1 : Number(spec.count);
    if (!Number.isInteger(count) || count < 1) throw new Error('count must be a whole number of at least 1');
    const api = spec.api === undefined ? '*' : String(spec.api);
    if (api.trim() === '') throw new Error('api must name a path or be *');
    let ms: number | undefined;
    if (mode === 'delay') {
      ms = Number(spec.ms);
      if (!Number.isInteger(ms) || ms < 0 || ms > 60_000) throw new Error('delay needs ms, a whole number from 0 to 60000');
    }
    const fault: JushuitanFault = { api, mode: mode as JushuitanFaultMode, count, ...(ms === undefined ? {} : { ms }) };
    this.faults.push(fault);
    return { ...fault };
  }

  clear(): void {
    this.faults = [];
  }

  list(): JushuitanFault[] {
    return this.faults.map((fault) => ({ ...fault }));
  }

  /** The fault for this call, if any, using one count. */
  take(api: string): JushuitanFault | undefined {
    const fault = this.faults.find((candidate) => candidate.api === '*' || candidate.api === api);
    if (!fault) return undefined;
    fault.count -= 1;
    if (fault.count <= 0) this.faults = this.faults.filter((candidate) => candidate !== fault);
    return { ...fault };
  }
}
