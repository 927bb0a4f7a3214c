/**
 * Gateway configuration. With no GATEWAY_CONFIG the gateway runs its embedded sandbox ERPs (src/main.ts);
 * with one, a YAML file describes real connections. Secrets come from environment variables written as
 * `${NAME}` in the file, never from the file itself. Every problem is reported with the key path that caused it.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { Erp } from '../catalog/types';
import { ERPS } from '../catalog/types';

export type Scope = 'read' | 'write';

export interface ApiKey {
  readonly key: string;
  readonly scopes: readonly Scope[];
}

/** A connection to one T100 instance through the integration-platform envelope. */
export interface T100ConnectionConfig {
  readonly id: string;
  readonly erp: 't100';
  /** Host + web area, e.g. http://erp:8080/wtopprd; routes /ws/r/awsp920 and /ws/r/awsp900 hang off it. */
  readonly baseUrl: string;
  /** Encoding for OpenAPI calls: json (v1, awsp920), json-v2 (digi-* headers via ESP /CROSS/RESTful) or xml
   * (SOAP invokeSrv, awsp900). Customized APIs are always XML (seed 000). */
  readonly format: 'json' | 'json-v2' | 'xml';
  readonly timeoutMs: number;
  readonly maxSockets: number;
  /** datakey.EntId */
  readonly enterprise: string;
  /** datakey.CompanyId */
  readonly site: string;
  /** host.acct: the ERP login the platform checks. */
  readonly user: string;
  readonly lang: string;
  /** service.id: the ERP instance (topprd). */
  readonly instance: string;
  /** ERP message ids that mean "illegal in the document's current status" → INVALID_TRANSITION. */
  readonly transitionRefusalCodes: readonly string[];
  /** Consecutive transport failures that open the connection's circuit. */
  readonly breakerThreshold: number;
  /** How long an open circuit fails fast before one trial call. */
  readonly breakerCooldownMs: number;
}

export type ConnectionConfig = T100ConnectionConfig;

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
}

export class ConfigError extends Error {
  constructor(
    readonly key: string,
    problem: string,
  ) {
    super(`invalid gateway configuration at "${key}": ${problem}`);
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** `${NAME}` → the environment variable, or a ConfigError naming the key that needed it. */
function interpolate(value: unknown, key: string, env: Env): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
      const found = env[name];
      if (found === undefined) throw new ConfigError(key, `environment variable ${name} is not set`);
      return found;
    });
  }
  if (Array.isArray(value)) return value.map((item, index) => interpolate(item, `${key}[${index}]`, env));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([child, item]) => [child, interpolate(item, key ? `${key}.${child}` : child, env)]),
    );
  }
  return value;
}

function asRecord(value: unknown, key: string): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new ConfigError(key, 'must be a mapping');
  return value as Record<string, unknown>;
}

function onlyKeys(record: Record<string, unknown>, key: string, allowed: readonly string[]): void {
  for (const name of Object.keys(record)) {
    if (!allowed.includes(name)) {
      throw new ConfigError(key ? `${key}.${name}` : name, `unknown key (allowed: ${allowed.join(', ')})`);
    }
  }
}

function stringAt(record: Record<string, unknown>, key: string, path: string, fallback?: string): string {
  const value = record[key] ?? fallback;
  if (value === undefined) throw new ConfigError(path, 'is required');
  if (typeof value !== 'string' && typeof value !== 'number') throw new ConfigError(path, 'must be a string');
  const text = String(value);
  if (text.trim() === '') throw new ConfigError(path, 'must not be empty');
  return text;
}

function integerAt(record: Record<string, unknown>, key: string, path: string, fallback: number, min: number, max: number): number {
  const value = record[key] ?? fallback;
  const number = typeof value === 'string' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < min || number > max) {
    throw new ConfigError(path, `must be an integer from ${min} to ${max}`);
  }
  return number;
}

const T100_KEYS = [
  'erp',
  'baseUrl',
  'format',
  'timeoutMs',
  'maxSockets',
  'enterprise',
  'site',
  'user',
  'lang',
  'instance',
  'transitionRefusalCodes',
  'breakerThreshold',
  'breakerCooldownMs',
] as const;

/** Defaults shared by configured and embedded T100 connections. */
export const T100_DEFAULTS = {
  format: 'json',
  timeoutMs: 15000,
  maxSockets: 16,
  lang: 'zh_TW',
  instance: 'topprd',
  // sbx-00002 is the sandbox's "illegal in this status" id (protocols/digiwin.md §3.2, ASSUMPTION).
  transitionRefusalCodes: ['sbx-00002'],
  breakerThreshold: 5,
  breakerCooldownMs: 10_000,
} as const;

function parseT100(id: string, record: Record<string, unknown>, path: string): T100ConnectionConfig {
  onlyKeys(record, path, T100_KEYS);
  const baseUrl = stringAt(record, 'baseUrl', `${path}.baseUrl`);
  if (!/^https?:\/\/[^\s/]+/.test(baseUrl)) throw new ConfigError(`${path}.baseUrl`, 'must be an http(s) URL');
  const format = stringAt(record, 'format', `${path}.format`, T100_DEFAULTS.format);
  if (format !== 'json' && format !== 'json-v2' && format !== 'xml') throw new ConfigError(`${path}.format`, 'must be json, json-v2 or xml');
  const codes = record.transitionRefusalCodes ?? T100_DEFAULTS.transitionRefusalCodes;
  if (!Array.isArray(codes) || !codes.every((code) => typeof code === 'string')) {
    throw new ConfigError(`${path}.transitionRefusalCodes`, 'must be a list of strings');
  }
  return {
    id,
    erp: 't100',
    baseUrl: baseUrl.replace(/\/+$/, ''),
    format: format as T100ConnectionConfig['format'],
    timeoutMs: integerAt(record, 'timeoutMs', `${path}.timeoutMs`, T100_DEFAULTS.timeoutMs, 1, 600_000),
    maxSockets: integerAt(record, 'maxSockets', `${path}.maxSockets`, T100_DEFAULTS.maxSockets, 1, 1024),
    enterprise: stringAt(record, 'enterprise', `${path}.enterprise`),
    site: stringAt(record, 'site', `${path}.site`),
    user: stringAt(record, 'user', `${path}.user`),
    lang: stringAt(record, 'lang', `${path}.lang`, T100_DEFAULTS.lang),
    instance: stringAt(record, 'instance', `${path}.instance`, T100_DEFAULTS.instance),
    transitionRefusalCodes: codes as string[],
    breakerThreshold: integerAt(record, 'breakerThreshold', `${path}.breakerThreshold`, T100_DEFAULTS.breakerThreshold, 1, 1000),
    breakerCooldownMs: integerAt(record, 'breakerCooldownMs', `${path}.breakerCooldownMs`, T100_DEFAULTS.breakerCooldownMs, 10, 3_600_000),
  };
}

function parseConnection(id: string, value: unknown): ConnectionConfig {
  const path = `connections.${id}`;
  const record = asRecord(value, path);
  const erp = stringAt(record, 'erp', `${path}.erp`);
  if (!(ERPS as readonly string[]).includes(erp)) throw new ConfigError(`${path}.erp`, `must be one of ${ERPS.join(', ')}`);
  switch (erp as Erp) {
    case 't100':
      return parseT100(id, record, path);
    default:
      throw new ConfigError(`${path}.erp`, `${erp} connections are not supported yet (supported: t100)`);
  }
}

function parseApiKeys(value: unknown, path: string): ApiKey[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new ConfigError(path, 'must be a list of {key, scopes}');
  return value.map((entry, index) => {
    const at = `${path}[${index}]`;
    const record = asRecord(entry, at);
    onlyKeys(record, at, ['key', 'scopes']);
    const key = stringAt(record, 'key', `${at}.key`);
    const scopes = record.scopes ?? ['read', 'write'];
    if (!Array.isArray(scopes) || !scopes.every((scope) => scope === 'read' || scope === 'write')) {
      throw new ConfigError(`${at}.scopes`, 'must be a list of read and/or write');
    }
    return { key, scopes: scopes as Scope[] };
  });
}

const TOP_KEYS = ['port', 'host', 'dataDir', 'connections', 'defaultConnection', 'routing', 'apiKeys', 'introspection', 'graphiql'] as const;

function booleanAt(record: Record<string, unknown>, key: string, fallback: boolean): boolean {
  const value = record[key] ?? fallback;
  if (typeof value !== 'boolean') throw new ConfigError(key, 'must be true or false');
  return value;
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
  return {
    port: integerAt(root, 'port', 'port', Number(env.PORT ?? 4000), 0, 65535),
    host: stringAt(root, 'host', 'host', env.HOST ?? '127.0.0.1'),
    dataDir: stringAt(root, 'dataDir', 'dataDir', env.GATEWAY_DATA_DIR ?? './data'),
    connections,
    defaultConnection,
    routing: routing as Record<string, string>,
    apiKeys,
    introspection: booleanAt(root, 'introspection', true),
    graphiql: booleanAt(root, 'graphiql', true),
  };
}

/** GATEWAY_API_KEYS: JSON `[{"key":"…","scopes":["read","write"]}]` (design §3). */
export function apiKeysFromEnv(env: Env): unknown {
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
    throw new ConfigError('(file)', `${path} is not valid YAML: ${(error as Error).message}`);
  }
  return parseConfig(document, env);
}
