/**
 * A Jushuitan (聚水潭) open-platform connection (protocols/others.md §2.1): the transport policy every connection
 * has, the app's key and secret, how it gets its access token, and how its counts read (local times, loss sign).
 *
 * Tokens: a static `accessToken`, and/or what renews one on code 100 — `refreshToken` (→ /openWeb/auth/refreshToken)
 * or `authCode` (→ /openWeb/auth/getInitToken, own apps only). At least one of the three is required.
 * Secrets (`appSecret`, tokens) come from `${NAME}` / `${file:…}` and are never logged or echoed in an error.
 */
import { BASE_CONNECTION_KEYS, parseBaseConnection, type BaseConnectionConfig } from '../../src/config/connection';
import { ConfigError, integerAt, onlyKeys, stringAt } from '../../src/config/fields';

export interface JushuitanConnectionConfig extends BaseConnectionConfig {
  readonly erp: 'jushuitan';
  readonly appKey: string;
  /** Prefixes the signed text (§2.1); never sent, never logged. */
  readonly appSecret: string;
  /** A static token (a self-built app's token from the console), used until the platform answers 100. */
  readonly accessToken?: string;
  /** Renews a token on code 100 (and rotates with each renewal). */
  readonly refreshToken?: string;
  /** getInitToken's 6-character `code`, used when there is no refresh token (own apps only). */
  readonly authCode?: string;
  /** Jushuitan's times are local wall-clock times without a zone: this is their offset (`+08:00`). */
  readonly utcOffset: string;
  /**
   * The sign Jushuitan gives a loss in `items.qty` / `batchs.qty`: -1 (default, §2.2 ASSUMPTION: qty = r_qty − book,
   * a loss is negative) or 1 (a loss arrives positive). Canonical quantity = qty × −lossSign, so in the canonical
   * form a gain is always positive and a loss always negative.
   */
  readonly lossSign: -1 | 1;
  /** page_size the sync asks for (§5 step 1): at most 50 (§2.2). */
  readonly pageSize: number;
  /** Base backoff after a rate-limit reply (codes 199/200), doubled each retry. */
  readonly rateLimitBackoffMs: number;
  /** How often a read is sent again after a rate-limit reply before the call fails as overloaded. */
  readonly rateLimitRetries: number;
}

const JUSHUITAN_KEYS = [
  ...BASE_CONNECTION_KEYS,
  'appKey',
  'appSecret',
  'accessToken',
  'refreshToken',
  'authCode',
  'utcOffset',
  'lossSign',
  'pageSize',
  'rateLimitBackoffMs',
  'rateLimitRetries',
] as const;

/** Production host (§2.1); the test host is https://dev-api.jushuitan.com. */
export const JUSHUITAN_PRODUCTION_URL = 'https://openapi.jushuitan.com';

export const JUSHUITAN_DEFAULTS = { utcOffset: '+08:00', lossSign: -1, pageSize: 50, rateLimitBackoffMs: 1000, rateLimitRetries: 3 } as const;

function optionalString(record: Record<string, unknown>, key: string, path: string): string | undefined {
  if (!Object.hasOwn(record, key) || record[key] === undefined || record[key] === null || record[key] === '') return undefined;
  const value = record[key];
  if (typeof value !== 'string') throw new ConfigError(path, 'must be a string');
  if (value.trim() !== value || /\s/.test(value)) throw new ConfigError(path, 'must not contain whitespace');
  return value;
}

export function parseJushuitanConnection(id: string, record: Record<string, unknown>, path: string): JushuitanConnectionConfig {
  onlyKeys(record, path, JUSHUITAN_KEYS);
  const withHost = Object.hasOwn(record, 'baseUrl') ? record : { ...record, baseUrl: JUSHUITAN_PRODUCTION_URL };
  const appSecret = optionalString(record, 'appSecret', `${path}.appSecret`);
  if (appSecret === undefined) throw new ConfigError(`${path}.appSecret`, 'is required');
  const accessToken = optionalString(record, 'accessToken', `${path}.accessToken`);
  const refreshToken = optionalString(record, 'refreshToken', `${path}.refreshToken`);
  const authCode = optionalString(record, 'authCode', `${path}.authCode`);
  if (authCode !== undefined && [...authCode].length !== 6) throw new ConfigError(`${path}.authCode`, 'must be 6 characters (getInitToken code)');
  if (accessToken === undefined && refreshToken === undefined && authCode === undefined) {
    throw new ConfigError(`${path}.accessToken`, 'give accessToken, refreshToken or authCode: without one the connection cannot get a token');
  }
  const utcOffset = stringAt(record, 'utcOffset', `${path}.utcOffset`, JUSHUITAN_DEFAULTS.utcOffset);
  if (!/^[+-](0\d|1[0-4]):[0-5]\d$/.test(utcOffset)) throw new ConfigError(`${path}.utcOffset`, 'must be an offset like +08:00');
  const lossSign = integerAt(record, 'lossSign', `${path}.lossSign`, JUSHUITAN_DEFAULTS.lossSign, -1, 1);
  if (lossSign === 0) throw new ConfigError(`${path}.lossSign`, 'must be -1 (a loss is a negative qty) or 1 (a loss is a positive qty)');
  return {
    ...parseBaseConnection(id, 'jushuitan', withHost, path),
    appKey: stringAt(record, 'appKey', `${path}.appKey`),
    appSecret,
    ...(accessToken === undefined ? {} : { accessToken }),
    ...(refreshToken === undefined ? {} : { refreshToken }),
    ...(authCode === undefined ? {} : { authCode }),
    utcOffset,
    lossSign: lossSign as -1 | 1,
    pageSize: integerAt(record, 'pageSize', `${path}.pageSize`, JUSHUITAN_DEFAULTS.pageSize, 1, 50),
    rateLimitBackoffMs: integerAt(record, 'rateLimitBackoffMs', `${path}.rateLimitBackoffMs`, JUSHUITAN_DEFAULTS.rateLimitBackoffMs, 0, 60_000),
    rateLimitRetries: integerAt(record, 'rateLimitRetries', `${path}.rateLimitRetries`, JUSHUITAN_DEFAULTS.rateLimitRetries, 0, 10),
  };
}
