/**
 * Gateway configuration. With no GATEWAY_CONFIG the gateway runs its embedded sandbox ERPs (src/main.ts);
 * with one, a YAML file describes real connections. Secrets come from environment variables written as
 * `${NAME}` in the file, never from the file itself. Every problem is reported with the key path that caused it.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { Erp } from '../catalog/types';
import { ERPS } from '../catalog/types';
import { DOCUMENT_KINDS, documentKind } from '../catalog';
import { parseInventorySync, type InventorySyncConfig } from '../sync/config';
import { SQL_SCHEMA_NAME } from '../postgres';
import { ERP_FAMILIES, erpFamily } from '../erps';
import type { BaseConnectionConfig } from './connection';
import { asRecord, ConfigError, integerAt, interpolate, onlyKeys, stringAt, type Env } from './fields';

export { ConfigError } from './fields';
export type { BaseConnectionConfig } from './connection';

/** read: queries; write: mutations; operator: the saga journal (sagas, resolveSaga). */
export const SCOPES = ['read', 'write', 'operator'] as const;
export type Scope = (typeof SCOPES)[number];

export interface ApiKey {
  readonly key: string;
  readonly scopes: readonly Scope[];
  /** Only these connections (all when absent). */
  readonly connections?: readonly string[];
  /** Only these document types (all when absent). */
  readonly documents?: readonly string[];
}

/** Any family's connection; each family narrows it to its own type (datasources/<erp>/config.ts). */
export type ConnectionConfig = BaseConnectionConfig;

export interface GatewayConfig {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly connections: readonly ConnectionConfig[];
  /** Connection used when a request names none; per-type overrides in `routing`. */
  readonly defaultConnection: string;
  readonly routing: Readonly<Record<string, string>>;
  readonly apiKeys: readonly ApiKey[];
  /** Schema introspection (GraphiQL's docs pane, codegen); on unless turned off, also under NODE_ENV=production. */
  readonly introspection: boolean;
  /** GraphiQL at GET /graphql from a browser; on unless turned off. */
  readonly graphiql: boolean;
  /** Request limits, each refused with its own code (QUERY_TOO_DEEP, TOO_MANY_ALIASES …). */
  readonly limits: RequestLimits;
  /** Per-key rate limit (RATE_LIMITED, HTTP 429); none unless configured. Shared through Redis when REDIS_URL is set. */
  readonly rateLimit: RateLimitConfig | null;
  /** Bearer JWTs accepted beside API keys: HS256-512 with a shared secret, or RSA, EC or EdDSA keys from a JWKS file. */
  readonly jwt: JwtConfig | null;
  /** How long answered idempotency records are kept for replay (hours; default 24). */
  readonly idempotencyRetentionHours: number;
  /**
   * How long a running saga's lease lasts (seconds; default 30): its instance renews it every third of that, and
   * another instance sharing the PostgreSQL journal takes the saga over once it has run out (the instance stopped).
   */
  readonly sagaTakeoverSeconds: number;
  /**
   * How many times recovery tries a saga whose ERP is unavailable (default 10), waiting `sagaTakeoverSeconds` after
   * the first attempt and twice as long after each next (at most 10 minutes), before leaving it NEEDS_ATTENTION.
   */
  readonly sagaRecoveryAttempts: number;
  /** DATABASE_URL: idempotency records and the saga journal in PostgreSQL (several instances share them); SQLite under dataDir otherwise. */
  readonly databaseUrl?: string;
  /** DATABASE_SCHEMA: the PostgreSQL schema the gateway's tables live in (default `gateway`). */
  readonly databaseSchema: string;
  /** REDIS_URL: where rate-limit counts are shared between gateway instances. */
  readonly redisUrl?: string;
  /** The Jushuitan count → Kingdee other-outbound flow (syncInventoryCounts): connections and maps. */
  readonly inventorySync: InventorySyncConfig;
  /** OpenTelemetry traces, exported over OTLP/HTTP to `otlpUrl` (else OTEL_EXPORTER_OTLP_ENDPOINT); off without one. */
  readonly tracing: { readonly otlpUrl: string | null; readonly serviceName: string };
}

export interface JwtConfig {
  /** Shared secret (HS256/384/512), at least 32 characters; from an environment variable (`${JWT_SECRET}`). */
  readonly secret?: string;
  /** A JWKS file (`{"keys":[…]}`) of public keys (RSA, EC, EdDSA); read again when it changes (key rotation). */
  readonly jwksFile?: string;
  /** The identity provider's JWKS URL (https, or http on a loopback host); fetched when a token names a key it lacks. */
  readonly jwksUrl?: string;
  /** At most one new fetch (URL) or read (file) of the key set per this many seconds. */
  readonly jwksRefreshSeconds: number;
  readonly issuer?: string;
  readonly audience?: string;
}

const JWKS_REFRESH_SECONDS = 30;

/** Keys that decide who may call the gateway come over TLS; plain HTTP only from this machine (a local IdP, tests). */
function checkJwksUrl(value: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError('jwt.jwksUrl', 'is not a URL');
  }
  if (url.username || url.password) throw new ConfigError('jwt.jwksUrl', 'must not carry credentials');
  const loopback = url.hostname === 'localhost' || url.hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) throw new ConfigError('jwt.jwksUrl', 'must be https (http only on a loopback host)');
}

function parseJwt(value: unknown): JwtConfig | null {
  if (value === undefined || value === null) return null;
  const record = asRecord(value, 'jwt');
  onlyKeys(record, 'jwt', ['secret', 'jwksFile', 'jwksUrl', 'jwksRefreshSeconds', 'issuer', 'audience']);
  const optional = (key: string): string | undefined => (record[key] === undefined ? undefined : stringAt(record, key, `jwt.${key}`));
  const secret = optional('secret');
  const jwksFile = optional('jwksFile');
  const jwksUrl = optional('jwksUrl');
  if ([secret, jwksFile, jwksUrl].filter((given) => given !== undefined).length !== 1) throw new ConfigError('jwt', 'needs exactly one of secret, jwksFile and jwksUrl');
  if (secret !== undefined && secret.length < 32) throw new ConfigError('jwt.secret', 'must be at least 32 characters');
  if (jwksUrl !== undefined) checkJwksUrl(jwksUrl);
  const refresh = record.jwksRefreshSeconds ?? JWKS_REFRESH_SECONDS;
  if (typeof refresh !== 'number' || !Number.isFinite(refresh) || refresh < 0.1 || refresh > 86_400) throw new ConfigError('jwt.jwksRefreshSeconds', 'must be a number of seconds from 0.1 to 86400');
  const jwksRefreshSeconds = refresh;
  const issuer = optional('issuer');
  const audience = optional('audience');
  return {
    ...(secret ? { secret } : {}),
    ...(jwksFile ? { jwksFile } : {}),
    ...(jwksUrl ? { jwksUrl } : {}),
    jwksRefreshSeconds,
    ...(issuer ? { issuer } : {}),
    ...(audience ? { audience } : {}),
  };
}

export interface RateLimitConfig {
  /** Requests each API key (each client address when the gateway is open) may make … */
  readonly requests: number;
  /** … in this many seconds. */
  readonly perSeconds: number;
}

function parseTracing(value: unknown, env: Env): GatewayConfig['tracing'] {
  const record = value === undefined || value === null ? {} : asRecord(value, 'tracing');
  onlyKeys(record, 'tracing', ['otlpUrl', 'serviceName']);
  const serviceName = stringAt(record, 'serviceName', 'tracing.serviceName', 'erp-graphql-gateway');
  // `otlpUrl: null` or `false` in the file turns tracing off whatever the environment says; so does OTEL_SDK_DISABLED.
  if (Object.hasOwn(record, 'otlpUrl') && (record.otlpUrl === null || record.otlpUrl === false)) return { otlpUrl: null, serviceName };
  if (record.otlpUrl !== undefined) {
    const otlpUrl = stringAt(record, 'otlpUrl', 'tracing.otlpUrl');
    if (!/^https?:\/\/\S+$/.test(otlpUrl)) throw new ConfigError('tracing.otlpUrl', 'must be an http(s) URL, e.g. http://collector:4318/v1/traces');
    return { otlpUrl, serviceName };
  }
  if ((env.OTEL_SDK_DISABLED ?? '').toLowerCase() === 'true') return { otlpUrl: null, serviceName };
  // The OpenTelemetry variables: the traces endpoint as it is, else the base endpoint with /v1/traces (OTLP/HTTP only).
  const [variable, raw] = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT
    ? ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT]
    : ['OTEL_EXPORTER_OTLP_ENDPOINT', env.OTEL_EXPORTER_OTLP_ENDPOINT ? `${env.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces` : undefined];
  if (!raw) return { otlpUrl: null, serviceName };
  if (!/^https?:\/\/\S+$/.test(raw)) throw new ConfigError(variable, 'must be an http(s) URL of an OTLP/HTTP collector (gRPC is not supported)');
  return { otlpUrl: raw, serviceName };
}

function parseRateLimit(value: unknown): RateLimitConfig | null {
  if (value === undefined || value === null || value === false) return null;
  const record = asRecord(value, 'rateLimit');
  onlyKeys(record, 'rateLimit', ['requests', 'perSeconds']);
  if (record.requests === undefined) throw new ConfigError('rateLimit.requests', 'is required: how many requests each key may make per perSeconds');
  return {
    requests: integerAt(record, 'requests', 'rateLimit.requests', 0, 1, 10_000_000),
    perSeconds: integerAt(record, 'perSeconds', 'rateLimit.perSeconds', 1, 1, 86_400),
  };
}

export interface RequestLimits {
  readonly depth: number;
  readonly aliases: number;
  readonly tokens: number;
  readonly directives: number;
  readonly cost: number;
}

const LIMIT_DEFAULTS: RequestLimits = { depth: 12, aliases: 20, tokens: 10_000, directives: 50, cost: 5_000 };

function parseLimits(value: unknown): RequestLimits {
  if (value === undefined) return LIMIT_DEFAULTS;
  const record = asRecord(value, 'limits');
  onlyKeys(record, 'limits', Object.keys(LIMIT_DEFAULTS));
  return {
    depth: integerAt(record, 'depth', 'limits.depth', LIMIT_DEFAULTS.depth, 1, 100),
    aliases: integerAt(record, 'aliases', 'limits.aliases', LIMIT_DEFAULTS.aliases, 1, 1000),
    tokens: integerAt(record, 'tokens', 'limits.tokens', LIMIT_DEFAULTS.tokens, 100, 1_000_000),
    directives: integerAt(record, 'directives', 'limits.directives', LIMIT_DEFAULTS.directives, 1, 1000),
    cost: integerAt(record, 'cost', 'limits.cost', LIMIT_DEFAULTS.cost, 10, 10_000_000),
  };
}

function parseConnection(id: string, value: unknown): ConnectionConfig {
  const path = `connections.${id}`;
  const record = asRecord(value, path);
  const erp = stringAt(record, 'erp', `${path}.erp`);
  if (!(ERPS as readonly string[]).includes(erp)) throw new ConfigError(`${path}.erp`, `must be one of ${ERPS.join(', ')}`);
  const family = erpFamily(erp as Erp);
  if (!family) throw new ConfigError(`${path}.erp`, `${erp} connections are not supported yet (supported: ${ERP_FAMILIES.map((known) => known.erp).join(', ')})`);
  return family.parseConnection(id, record, path);
}

function parseApiKeys(value: unknown, path: string): ApiKey[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new ConfigError(path, 'must be a list of {key, scopes}');
  return value.map((entry, index) => {
    const at = `${path}[${index}]`;
    const record = asRecord(entry, at);
    onlyKeys(record, at, ['key', 'scopes', 'connections', 'documents']);
    const key = stringAt(record, 'key', `${at}.key`);
    const scopes = record.scopes ?? ['read', 'write'];
    if (!Array.isArray(scopes) || !scopes.every((scope) => (SCOPES as readonly unknown[]).includes(scope))) {
      throw new ConfigError(`${at}.scopes`, 'must be a list of read, write and/or operator');
    }
    const names = (field: 'connections' | 'documents'): string[] | undefined => {
      const value = record[field];
      if (value === undefined) return undefined;
      if (!Array.isArray(value) || value.length === 0 || !value.every((entry) => typeof entry === 'string')) {
        throw new ConfigError(`${at}.${field}`, 'must be a non-empty list of names');
      }
      return value as string[];
    };
    const connections = names('connections');
    const documents = names('documents');
    for (const type of documents ?? []) {
      if (!documentKind(type)) throw new ConfigError(`${at}.documents`, `unknown document type ${JSON.stringify(type.slice(0, 40))}`);
    }
    return { key, scopes: scopes as Scope[], ...(connections ? { connections } : {}), ...(documents ? { documents } : {}) };
  });
}

const TOP_KEYS = ['port', 'host', 'dataDir', 'connections', 'defaultConnection', 'routing', 'apiKeys', 'introspection', 'graphiql', 'limits', 'rateLimit', 'idempotencyRetentionHours', 'sagaTakeoverSeconds', 'sagaRecoveryAttempts', 'jwt', 'inventorySync', 'tracing'] as const;

function booleanAt(record: Record<string, unknown>, key: string, fallback: boolean): boolean {
  const value = record[key] ?? fallback;
  if (typeof value !== 'boolean') throw new ConfigError(key, 'must be true or false');
  return value;
}

/** A number of seconds, fractions allowed (tests take sagas over in a fraction of a second). */
function secondsAt(record: Record<string, unknown>, key: string, fallback: number, min: number, max: number): number {
  const value = record[key] ?? fallback;
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number) || number < min || number > max) throw new ConfigError(key, `must be a number of seconds from ${min} to ${max}`);
  return number;
}

function schemaName(value: string): string {
  if (!SQL_SCHEMA_NAME.test(value)) throw new ConfigError('DATABASE_SCHEMA', 'must be a lower-case SQL name (letters, digits, _)');
  return value;
}

/**
 * Routing as configured, plus a route for each kind the default connection's ERP does not serve: the first
 * connection whose ERP does (MiscIssue goes to TIPTOP when T100 is the default). A configured route always wins.
 */
function withDefaultRoutes(routing: Record<string, string>, connections: readonly BaseConnectionConfig[], defaultConnection: string): Record<string, string> {
  const routes: Record<string, string> = Object.create(null) as Record<string, string>;
  const defaultErp = connections.find((connection) => connection.id === defaultConnection)?.erp;
  for (const kind of DOCUMENT_KINDS) {
    if (defaultErp && kind.erps[defaultErp]) continue;
    const serving = connections.find((connection) => kind.erps[connection.erp]);
    if (serving) routes[kind.type] = serving.id;
  }
  for (const [type, connection] of Object.entries(routing)) routes[type] = connection;
  return routes;
}

/** Validates a parsed config document (YAML or JSON); env supplies `${NAME}` values and defaults. */
export function parseConfig(document: unknown, env: Env = process.env): GatewayConfig {
  const root = asRecord(interpolate(document ?? {}, '', env), '(root)');
  onlyKeys(root, '', TOP_KEYS);
  const connectionsRecord = asRecord(root.connections, 'connections');
  const connections = Object.entries(connectionsRecord).map(([id, value]) => parseConnection(id, value));
  if (connections.length === 0) throw new ConfigError('connections', 'must name at least one connection');
  const ids = connections.map((connection) => connection.id);
  const defaultConnection = stringAt(root, 'defaultConnection', 'defaultConnection', ids[0]);
  if (!ids.includes(defaultConnection)) throw new ConfigError('defaultConnection', `no connection named ${defaultConnection}`);
  const routing = root.routing === undefined ? {} : asRecord(root.routing, 'routing');
  for (const [type, connection] of Object.entries(routing)) {
    if (typeof connection !== 'string' || !ids.includes(connection)) {
      throw new ConfigError(`routing.${type}`, `no connection named ${String(connection)}`);
    }
  }
  const apiKeys = [...parseApiKeys(root.apiKeys, 'apiKeys'), ...parseApiKeys(apiKeysFromEnv(env), 'GATEWAY_API_KEYS')];
  apiKeys.forEach((apiKey, index) => {
    const unknown = apiKey.connections?.find((connection) => !ids.includes(connection));
    if (unknown !== undefined) throw new ConfigError(`apiKeys[${index}].connections`, `no connection named ${JSON.stringify(unknown.slice(0, 40))}`);
  });
  return {
    port: integerAt(root, 'port', 'port', Number(env.PORT ?? 4000), 0, 65535),
    host: stringAt(root, 'host', 'host', env.HOST ?? '127.0.0.1'),
    dataDir: stringAt(root, 'dataDir', 'dataDir', env.GATEWAY_DATA_DIR ?? './data'),
    connections,
    defaultConnection,
    routing: withDefaultRoutes(routing as Record<string, string>, connections, defaultConnection),
    apiKeys,
    introspection: booleanAt(root, 'introspection', true),
    graphiql: booleanAt(root, 'graphiql', true),
    limits: parseLimits(root.limits),
    rateLimit: parseRateLimit(root.rateLimit),
    jwt: parseJwt(root.jwt),
    idempotencyRetentionHours: integerAt(root, 'idempotencyRetentionHours', 'idempotencyRetentionHours', 24, 1, 24 * 365),
    sagaTakeoverSeconds: secondsAt(root, 'sagaTakeoverSeconds', 30, 0.1, 3600),
    sagaRecoveryAttempts: integerAt(root, 'sagaRecoveryAttempts', 'sagaRecoveryAttempts', 10, 1, 1000),
    inventorySync: parseInventorySync(root.inventorySync, ids),
    tracing: parseTracing(root.tracing, env),
    ...(env.REDIS_URL ? { redisUrl: env.REDIS_URL } : {}),
    ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}),
    databaseSchema: schemaName(env.DATABASE_SCHEMA ?? 'gateway'),
  };
}

/** GATEWAY_API_KEYS: JSON `[{"key":"…","scopes":["read","write"]}]` (design §3). */
function apiKeysFromEnv(env: Env): unknown {
  const text = env.GATEWAY_API_KEYS;
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new ConfigError('GATEWAY_API_KEYS', 'must be JSON: [{"key":"…","scopes":["read","write"]}]');
  }
}

export function loadConfigFile(path: string, env: Env = process.env): GatewayConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError('GATEWAY_CONFIG', `cannot read ${path}: ${(error as Error).message}`);
  }
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    // Only the position: the parser's message quotes the offending line, which may hold a secret.
    const position = (error as { linePos?: { line: number; col: number }[] }).linePos?.[0];
    throw new ConfigError('(file)', `${path} is not valid YAML${position ? ` at line ${position.line}, column ${position.col}` : ''}`);
  }
  return parseConfig(document, env);
}
