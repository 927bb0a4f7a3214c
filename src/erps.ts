/** The ERP families this gateway speaks: one line each (docs/architecture.md, "Adding an ERP"). */
import type { Erp } from './catalog/types';
import type { ErpFamily } from './erp-family';
import type { SandboxHandle } from './server/sandbox-admin';
import { t100Family } from '../datasources/t100/family';
import { tiptopFamily } from '../datasources/tiptop/family';
import { aiwmsFamily } from '../datasources/aiwms/family';
import { kingdeeFamily } from '../datasources/kingdee/family';
import { jushuitanFamily } from '../datasources/jushuitan/family';
import { sunlikeFamily } from '../datasources/sunlike/family';

export const ERP_FAMILIES: readonly ErpFamily[] = [t100Family, tiptopFamily, sunlikeFamily, kingdeeFamily, jushuitanFamily, aiwmsFamily];

const byErp = new Map(ERP_FAMILIES.map((family) => [family.erp, family]));

export function erpFamily(erp: Erp): ErpFamily | undefined {
  return byErp.get(erp);
}

/**
 * Every registered family's sandbox, one after another (`npm start` with no config, `npm run sandbox`), each with
 * the connection record that points at it, named after its ERP. If one fails to start, those started are closed.
 */
export async function startSandboxes(options: {
  dataDir: string;
  clock?: () => Date;
  host?: string;
  /** The port of the i-th sandbox (ephemeral when absent or 0). */
  port?: (index: number) => number;
  /** A family's connection overrides, which its sandbox may honour (design §3). */
  settings?: (erp: Erp) => Readonly<Record<string, unknown>> | undefined;
}): Promise<{ sandboxes: SandboxHandle[]; connections: Record<string, Record<string, unknown>> }> {
  const sandboxes: SandboxHandle[] = [];
  const connections: Record<string, Record<string, unknown>> = {};
  try {
    for (const family of ERP_FAMILIES) {
      if (!family.startSandbox) {
        if (family.embeddedConnection) connections[family.erp] = { ...family.embeddedConnection, ...options.settings?.(family.erp) };
        continue;
      }
      const settings = options.settings?.(family.erp);
      const started = await family.startSandbox({ dataDir: options.dataDir, id: family.erp, clock: options.clock, settings, host: options.host, port: options.port?.(sandboxes.length) });
      sandboxes.push(started.handle);
      connections[family.erp] = { ...started.connection, ...settings };
    }
  } catch (error) {
    await Promise.all(sandboxes.map((sandbox) => sandbox.close()));
    throw error;
  }
  return { sandboxes, connections };
}
