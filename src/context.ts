/**
 * Per-request context: which connection serves what, the caller's scopes, and per-request DataLoaders so that
 * every `read` of the same connection × document kind in one GraphQL request becomes one batched ERP call.
 */
import DataLoader from 'dataloader';
import type { Logger } from 'pino';
import type { SyncLedger } from './sync/ledger';
import type { CanonicalDocument } from './catalog/canonical';
import type { DocumentKind } from './catalog/types';
import type { GatewayConfig, Scope } from './config';
import { BadUserInputError, ForbiddenError, UnsupportedActionError } from './errors';
import type { IdempotencyStore } from './idempotency/store';
import type { SagaJournal } from './saga/journal';
import type { GatewayMetrics } from './observability/metrics';
import type { ErpDatasource } from '../datasources/types';

/** What lives as long as the gateway: config, one datasource per connection, metrics. */
export interface GatewayRuntime {
  readonly config: GatewayConfig;
  readonly datasources: ReadonlyMap<string, ErpDatasource>;
  readonly metrics: GatewayMetrics;
  readonly idempotency: IdempotencyStore;
  /** Every composite run, before and after each ERP call (src/saga/journaled.ts). */
  readonly journal: SagaJournal;
  /** Which source records a sync has carried to which target (src/sync/ledger.ts); never pruned. */
  readonly ledger: SyncLedger;
  readonly logger: Logger;
}

export interface GatewayContext {
  readonly runtime: GatewayRuntime;
  /** null when the gateway is open (no API keys configured). */
  readonly scopes: ReadonlySet<Scope> | null;
  /** Who is asking (a hashed API key, or a JWT's issuer and subject); null when the gateway is open. Idempotency
   * keys and gateway references are scoped by it, so two clients choosing the same key never share a record. */
  readonly principal: string | null;
  /** The connections and document types the key is limited to (null: all, or the gateway is open). */
  readonly grant: { readonly connections: ReadonlySet<string> | null; readonly documents: ReadonlySet<string> | null } | null;
  /** The `Idempotency-Key` header, if sent (the server refuses it on a request with more than one mutation). */
  readonly idempotencyKey?: string;
  readonly loaders: Map<string, DataLoader<string, CanonicalDocument | null>>;
  /** Reverse-reference loaders (parent number → documents naming it), per connection × kind × reference × filter. */
  readonly inverseLoaders: Map<string, DataLoader<string, CanonicalDocument[]>>;
}

export function createContext(
  runtime: GatewayRuntime,
  identity: {
    readonly subject: string;
    readonly grant: { readonly scopes: ReadonlySet<Scope>; readonly connections: ReadonlySet<string> | null; readonly documents: ReadonlySet<string> | null };
  } | null,
  idempotencyKey?: string,
): GatewayContext {
  const grant = identity?.grant ?? null;
  return { runtime, scopes: grant?.scopes ?? null, grant, principal: identity?.subject ?? null, idempotencyKey, loaders: new Map(), inverseLoaders: new Map() };
}

/** The key under which an idempotency record is kept: the client's key, scoped by who sent it. */
export function storeKeyOf(context: GatewayContext, key: string): string {
  return context.principal ? `${context.principal}/${key}` : key;
}

/** Whether the request's key is limited to some connections or document types (an operator's key is not). */
export function isLimited(context: GatewayContext): boolean {
  return Boolean(context.grant && (context.grant.connections || context.grant.documents));
}

/** The connection a request goes to: the named one, else the kind's routing, else the default. */
export function connectionIdFor(context: GatewayContext, kind: DocumentKind, connection?: string | null): string {
  const { config } = context.runtime;
  return connection ?? (Object.hasOwn(config.routing, kind.type) ? config.routing[kind.type] : config.defaultConnection);
}

/** The datasource for a request: the named connection, else the kind's routing, else the default. */
export function datasourceFor(context: GatewayContext, kind: DocumentKind, connection?: string | null): ErpDatasource {
  const { datasources } = context.runtime;
  const id = connectionIdFor(context, kind, connection);
  const datasource = datasources.get(id);
  if (!datasource) {
    throw new BadUserInputError('connection', `Unknown connection "${id}" (configured: ${[...datasources.keys()].join(', ')})`);
  }
  if (!datasource.supports(kind)) throw new UnsupportedActionError(kind.type, 'read', id, datasource.erp);
  // Per-connection and per-document-type scopes: every path to an ERP (fields, references, nodes, mutations) comes here.
  if (context.grant?.connections && !context.grant.connections.has(id)) throw new ForbiddenError(`This API key may not use connection ${id}`);
  if (context.grant?.documents && !context.grant.documents.has(kind.type)) throw new ForbiddenError(`This API key may not use ${kind.type} documents`);
  return datasource;
}

/** The request's batching loader for one connection × kind. */
export function documentLoader(
  context: GatewayContext,
  kind: DocumentKind,
  datasource: ErpDatasource,
): DataLoader<string, CanonicalDocument | null> {
  const key = `${datasource.connection}\u0000${kind.type}`;
  let loader = context.loaders.get(key);
  if (!loader) {
    loader = new DataLoader((docNos: readonly string[]) => datasource.read(kind, docNos), { maxBatchSize: 100 });
    context.loaders.set(key, loader);
  }
  return loader;
}
