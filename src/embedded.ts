/**
 * Sandbox mode: start the embedded sandbox ERPs on ephemeral loopback ports, point one connection at each,
 * and start the gateway in front of them. `npm start` with no GATEWAY_CONFIG runs this.
 */
import path from 'node:path';
import type { Logger } from 'pino';
import { parseConfig, type GatewayConfig } from './config';
import { startSandboxes } from './erps';
import { startGateway, type RunningGateway } from './server';
import type { SandboxHandle } from './server/sandbox-admin';

export interface EmbeddedOptions {
  readonly port?: number;
  readonly host?: string;
  readonly dataDir?: string;
  readonly apiKeys?: GatewayConfig['apiKeys'];
  readonly logger?: Logger;
  readonly clock?: () => Date;
  /** Per-connection overrides (format, timeoutMs …), e.g. `{ t100: { format: 'xml' } }`. */
  readonly connections?: Record<string, Record<string, unknown>>;
  /** Schema introspection and GraphiQL (both default on). */
  readonly introspection?: boolean;
  readonly graphiql?: boolean;
  /** Per-key rate limit, as in the config file's `rateLimit`; redisUrl (else REDIS_URL) shares it through Redis. */
  readonly rateLimit?: { requests: number; perSeconds: number };
  readonly redisUrl?: string;
  /** Bearer JWTs beside API keys, as in the config file's `jwt`. */
  readonly jwt?: Record<string, unknown>;
  /** The sync section (`inventorySync`); default: the sample maps that fit the Jushuitan and Kingdee sandboxes. */
  readonly inventorySync?: Record<string, unknown>;
}

/**
 * How the sandboxes' sample data fit together (design §3: sandbox mode works out of the box): the Jushuitan
 * sandbox's main and defective warehouses of sub-warehouse 10186 are Kingdee stocks CK001 and CK002; its other
 * sub-warehouse (10999) is deliberately unmapped, so one count shows how a mapping failure is reported.
 */
const SANDBOX_INVENTORY_SYNC = { warehouses: { '10186:1': 'CK001', '10186:4': 'CK002' }, department: 'BM000001' };

export interface EmbeddedGateway extends RunningGateway {
  readonly sandboxes: readonly SandboxHandle[];
}

export async function startEmbedded(options: EmbeddedOptions = {}): Promise<EmbeddedGateway> {
  const dataDir = path.resolve(options.dataDir ?? process.env.GATEWAY_DATA_DIR ?? './data');
  // Every registered family with a sandbox, each connection named after its ERP (design §3).
  const { sandboxes, connections } = await startSandboxes({
    dataDir: path.join(dataDir, 'sandbox'),
    clock: options.clock,
    settings: (erp) => options.connections?.[erp],
  });
  try {
    const config = parseConfig(
      {
        port: options.port ?? Number(process.env.PORT ?? 4000),
        host: options.host ?? process.env.HOST ?? '127.0.0.1',
        dataDir,
        defaultConnection: sandboxes[0]?.id,
        ...(options.introspection === undefined ? {} : { introspection: options.introspection }),
        ...(options.graphiql === undefined ? {} : { graphiql: options.graphiql }),
        ...(options.rateLimit === undefined ? {} : { rateLimit: options.rateLimit }),
        ...(options.jwt === undefined ? {} : { jwt: options.jwt }),
        ...(connections.jushuitan && connections.kingdee ? { inventorySync: options.inventorySync ?? SANDBOX_INVENTORY_SYNC } : {}),
        connections,
      },
      { ...process.env, ...(options.redisUrl ? { REDIS_URL: options.redisUrl } : {}), GATEWAY_API_KEYS: options.apiKeys ? JSON.stringify(options.apiKeys) : process.env.GATEWAY_API_KEYS },
    );
    const gateway = await startGateway({ config, sandboxes, logger: options.logger, clock: options.clock });
    return {
      ...gateway,
      sandboxes,
      async close() {
        await gateway.close();
        await Promise.all(sandboxes.map((sandbox) => sandbox.close()));
      },
    };
  } catch (error) {
    await Promise.all(sandboxes.map((sandbox) => sandbox.close()));
    throw error;
  }
}
