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
}

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
