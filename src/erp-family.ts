/**
 * The seam an ERP family plugs into (docs/architecture.md): how its connections are configured, how a datasource
 * is made for one, and, for sandbox mode, how its simulator starts. An ERP is `datasources/<erp>/` +
 * `sandbox/<erp>/` + one line in src/erps.ts.
 */
import type { Erp } from './catalog/types';
import type { BaseConnectionConfig } from './config/connection';
import type { GatewayMetrics } from './observability/metrics';
import type { SandboxHandle } from './server/sandbox-admin';
import type { ErpDatasource } from '../datasources/types';
import type { Router } from 'express';
import type { GatewayRuntime } from './context';

export interface EmbeddedSandbox {
  readonly handle: SandboxHandle;
  /** The connection record (as a config file would write it) that points at this sandbox. */
  readonly connection: Record<string, unknown>;
}

export interface ErpFamily<Config extends BaseConnectionConfig = BaseConnectionConfig> {
  readonly erp: Erp;
  /** Validates one `connections.<id>` record (ConfigError naming the key); the `erp` key is already known. */
  parseConnection(id: string, record: Record<string, unknown>, path: string): Config;
  createDatasource(config: Config, metrics: GatewayMetrics, clock?: () => Date): ErpDatasource;
  /**
   * Starts the family's sandbox (for `npm start` with no config, and `npm run sandbox`), on `port` (ephemeral when
   * absent) of `host` (loopback when absent); `settings` are the connection's overrides, which a sandbox may honour
   * where they describe the ERP's own setup.
   */
  startSandbox?(options: {
    dataDir: string;
    id: string;
    clock?: () => Date;
    settings?: Readonly<Record<string, unknown>>;
    host?: string;
    port?: number;
  }): Promise<EmbeddedSandbox>;
  /** What GraphiQL opens on for this family's connection: a query that shows its documents. */
  readonly graphiqlExample?: string;
  /**
   * A system that calls the gateway (AI-WMS PLUS pushes): its routes, mounted at `path` on the gateway's own port for
   * the one connection of this family. They book through the runtime (datasources, idempotency, saga journal).
   */
  readonly inbound?: { readonly path: string; router(config: Config, runtime: GatewayRuntime): Router };
  /** Sandbox mode, for a family with nothing to simulate (it calls us): the connection record to configure. */
  readonly embeddedConnection?: Readonly<Record<string, unknown>>;
}

/** Registers a family with its own config type; the registry sees only the base type. */
export function defineErpFamily<Config extends BaseConnectionConfig>(family: ErpFamily<Config>): ErpFamily {
  return family as unknown as ErpFamily;
}
