/**
 * An AI-WMS PLUS connection (protocols/others.md §4): the WMS calls us, so there is no ERP URL — only who may push
 * (static tokens, or logins for `/wms/LOGIN`) and where each push type is booked. With neither tokens nor users the
 * push endpoints are open, and the start-up log says so (as for the gateway's own API keys).
 */
import { documentKind } from '../../src/catalog';
import type { BaseConnectionConfig } from '../../src/config/connection';
import { asRecord, ConfigError, integerAt, onlyKeys, stringAt } from '../../src/config/fields';
import { DEFAULT_ROUTES, ORDER_TYPES, type PushKind, type WmsRoute } from './routes';

export interface AiWmsConnectionConfig extends BaseConnectionConfig {
  readonly erp: 'aiwms';
  readonly tokens: readonly string[];
  readonly users: readonly { readonly company: string; readonly user: string; readonly password: string }[];
  readonly tokenTtlMinutes: number;
  /** How long a push waits for a concurrent copy of itself before answering code 5. */
  readonly waitSeconds: number;
  readonly routes: Readonly<Record<PushKind, ReadonlyMap<string, WmsRoute | null>>>;
}

const KEYS = ['erp', 'tokens', 'users', 'tokenTtlMinutes', 'waitSeconds', 'routes'] as const;
const ROUTE_KEYS = ['document', 'connection', 'kind', 'subcontract', 'docType', 'billId', 'reason'] as const;

function parseRoute(value: unknown, path: string): WmsRoute | null {
  if (value === null || value === false) return null;
  const record = asRecord(value, path);
  onlyKeys(record, path, ROUTE_KEYS);
  const document = stringAt(record, 'document', `${path}.document`);
  if (!documentKind(document)) throw new ConfigError(`${path}.document`, `no document type ${document}`);
  const kind = record.kind === undefined ? undefined : stringAt(record, 'kind', `${path}.kind`);
  if (kind !== undefined && kind !== 'ISSUE' && kind !== 'RETURN' && kind !== 'SUPPLEMENT') throw new ConfigError(`${path}.kind`, 'must be ISSUE, RETURN or SUPPLEMENT');
  if (record.subcontract !== undefined && typeof record.subcontract !== 'boolean') throw new ConfigError(`${path}.subcontract`, 'must be true or false');
  const billId = record.billId === undefined ? undefined : stringAt(record, 'billId', `${path}.billId`);
  if (billId !== undefined && billId.length > 10) throw new ConfigError(`${path}.billId`, 'is at most 10 characters (bil_id)');
  const optional = (key: 'connection' | 'docType' | 'reason'): string | undefined => (record[key] === undefined ? undefined : stringAt(record, key, `${path}.${key}`));
  return {
    document,
    ...(optional('connection') ? { connection: optional('connection') } : {}),
    ...(kind ? { kind } : {}),
    ...(typeof record.subcontract === 'boolean' ? { subcontract: record.subcontract } : {}),
    ...(optional('docType') ? { docType: optional('docType') } : {}),
    ...(billId ? { billId } : {}),
    ...(optional('reason') ? { reason: optional('reason') } : {}),
  };
}

export function parseAiWmsConnection(id: string, record: Record<string, unknown>, path: string): AiWmsConnectionConfig {
  onlyKeys(record, path, KEYS);
  const tokens = record.tokens ?? [];
  if (!Array.isArray(tokens) || !tokens.every((token) => typeof token === 'string' && token.length >= 8)) throw new ConfigError(`${path}.tokens`, 'must be a list of tokens of at least 8 characters');
  const users = (Array.isArray(record.users) ? record.users : record.users === undefined ? [] : null)?.map((entry, index) => {
    const user = asRecord(entry, `${path}.users[${index}]`);
    onlyKeys(user, `${path}.users[${index}]`, ['company', 'user', 'password']);
    return { company: stringAt(user, 'company', `${path}.users[${index}].company`), user: stringAt(user, 'user', `${path}.users[${index}].user`), password: stringAt(user, 'password', `${path}.users[${index}].password`) };
  });
  if (!users) throw new ConfigError(`${path}.users`, 'must be a list of { company, user, password }');
  const configured = record.routes === undefined ? {} : asRecord(record.routes, `${path}.routes`);
  onlyKeys(configured, `${path}.routes`, ['entry', 'delivery']);
  const routes = {} as Record<PushKind, Map<string, WmsRoute | null>>;
  for (const push of ['entry', 'delivery'] as const) {
    const merged = new Map<string, WmsRoute | null>(DEFAULT_ROUTES[push]);
    const overrides = configured[push] === undefined ? {} : asRecord(configured[push], `${path}.routes.${push}`);
    for (const [type, value] of Object.entries(overrides)) {
      if (!ORDER_TYPES[push].has(type)) throw new ConfigError(`${path}.routes.${push}.${type}`, `is not an AI-WMS ${push} order_type (${[...ORDER_TYPES[push].keys()].join(', ')})`);
      merged.set(type, parseRoute(value, `${path}.routes.${push}.${type}`));
    }
    routes[push] = merged;
  }
  return {
    id,
    erp: 'aiwms',
    // No ERP to call: the transport settings exist only because every connection has them.
    baseUrl: '',
    timeoutMs: 1,
    maxSockets: 1,
    breakerThreshold: 1,
    breakerCooldownMs: 10,
    maxConcurrent: 1,
    maxQueued: 0,
    readRetries: 0,
    tokens: tokens as string[],
    users,
    tokenTtlMinutes: integerAt(record, 'tokenTtlMinutes', `${path}.tokenTtlMinutes`, 120, 1, 7 * 24 * 60),
    waitSeconds: integerAt(record, 'waitSeconds', `${path}.waitSeconds`, 30, 0, 300),
    routes,
  };
}
