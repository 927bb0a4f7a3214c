/**
 * Sandbox mode: start the embedded sandbox ERPs on ephemeral loopback ports, point one connection at each,
 * and start the gateway in front of them. `npm start` with no GATEWAY_CONFIG runs this.
 */
import path from 'node:path';
import type { Logger } from 'pino';
import { startT100Sandbox } from '../sandbox/t100/server';
import { parseConfig, type GatewayConfig } from './config';
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
}

export interface EmbeddedGateway extends RunningGateway {
  readonly sandboxes: readonly SandboxHandle[];
}

export async function startEmbedded(options: EmbeddedOptions = {}): Promise<EmbeddedGateway> {
  const dataDir = path.resolve(options.dataDir ?? process.env.GATEWAY_DATA_DIR ?? './data');
  const t100 = await startT100Sandbox({ dataDir: path.join(dataDir, 'sandbox'), id: 't100', clock: options.clock });
  const sandboxes: SandboxHandle[] = [t100];
  try {
    const config = parseConfig(
      {
        port: options.port ?? Number(process.env.PORT ?? 4000),
        host: options.host ?? process.env.HOST ?? '127.0.0.1',
        dataDir,
        defaultConnection: 't100',
        ...(options.introspection === undefined ? {} : { introspection: options.introspection }),
        ...(options.graphiql === undefined ? {} : { graphiql: options.graphiql }),
        connections: {
          t100: { erp: 't100', baseUrl: t100.baseUrl, enterprise: '99', site: 'DSCTC', user: 'tiptop', ...options.connections?.t100 },
        },
      },
      { ...process.env, GATEWAY_API_KEYS: options.apiKeys ? JSON.stringify(options.apiKeys) : process.env.GATEWAY_API_KEYS },
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
