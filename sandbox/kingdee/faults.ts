/**
 * The Kingdee sandbox's faults: sandbox/common/faults.ts's `{api, mode, count, ms}` contract, with the Kingdee modes
 * of protocols/others.md (preamble, §1.8 item 10) that the shared injector does not list yet: `session_lost` (drops
 * every session) and `partial` (BatchSave models with an odd DIndex fail with MsgCode 11). `api` is the Kingdee
 * method (`BatchSave`, `ExecuteBillQuery` …, case-insensitive) or `*`.
 */
export const KINGDEE_FAULT_MODES = ['error', 'http500', 'timeout', 'garbage', 'empty', 'lost_reply', 'session_lost', 'partial', 'delay'] as const;
export type KingdeeFaultMode = (typeof KINGDEE_FAULT_MODES)[number];

export interface KingdeeFault {
  readonly api: string;
  readonly mode: KingdeeFaultMode;
  count: number;
  readonly ms?: number;
}

export class KingdeeFaults {
  private faults: KingdeeFault[] = [];

  add(spec: { api?: unknown; mode?: unknown; count?: unknown; ms?: unknown }): KingdeeFault {
    const mode = String(spec.mode ?? '');
    if (!(KINGDEE_FAULT_MODES as readonly string[]).includes(mode)) throw new Error(`unknown fault mode "${mode}" (modes: ${KINGDEE_FAULT_MODES.join(', ')})`);
    const count = spec.count === undefined ? 1 : Number(spec.count);
    if (!Number.isInteger(count) || count < 1) throw new Error('count must be a whole number of at least 1');
    const api = spec.api === undefined ? '*' : String(spec.api);
    if (api.trim() === '') throw new Error('api must name a method or be *');
    let ms: number | undefined;
    if (mode === 'delay') {
      ms = Number(spec.ms);
      if (!Number.isInteger(ms) || ms < 0 || ms > 60_000) throw new Error('delay needs ms, a whole number from 0 to 60000');
    }
    const fault: KingdeeFault = { api, mode: mode as KingdeeFaultMode, count, ...(ms === undefined ? {} : { ms }) };
    this.faults.push(fault);
    return { ...fault };
  }

  clear(): void {
    this.faults = [];
  }

  list(): KingdeeFault[] {
    return this.faults.map((fault) => ({ ...fault }));
  }

  take(api: string, applies: (mode: KingdeeFaultMode) => boolean = () => true): KingdeeFault | undefined {
    const fault = this.faults.find((candidate) => (candidate.api === '*' || candidate.api.toLowerCase() === api.toLowerCase()) && applies(candidate.mode));
    if (!fault) return undefined;
    fault.count -= 1;
    if (fault.count <= 0) this.faults = this.faults.filter((candidate) => candidate !== fault);
    return { ...fault };
  }
}
