/**
 * What every connection has, whatever its ERP: an id, the ERP family, and the transport policy the shared
 * transport base enforces (datasources/common/http-transport.ts). Each family extends it with its own keys.
 */
import type { Erp } from '../catalog/types';
import { ConfigError, integerAt, stringAt } from './fields';

export interface BaseConnectionConfig {
  readonly id: string;
  readonly erp: Erp;
  /** Where the ERP answers, e.g. http://erp:8080/wtopprd. Never logged with credentials. */
  readonly baseUrl: string;
  readonly timeoutMs: number;
  readonly maxSockets: number;
  /** Consecutive transport failures that open the connection's circuit. */
  readonly breakerThreshold: number;
  /** How long an open circuit fails fast before one trial call. */
  readonly breakerCooldownMs: number;
  /** Calls in flight at once against this ERP (bulkhead), and how many more may wait. */
  readonly maxConcurrent: number;
  readonly maxQueued: number;
  /** Retries of a read after an outage (jittered backoff); writes are never retried. */
  readonly readRetries: number;
}

/** The keys every family's connection accepts, besides its own. */
export const BASE_CONNECTION_KEYS = ['erp', 'baseUrl', 'timeoutMs', 'maxSockets', 'breakerThreshold', 'breakerCooldownMs', 'maxConcurrent', 'maxQueued', 'readRetries'] as const;

const TRANSPORT_DEFAULTS = { timeoutMs: 15000, maxSockets: 16, breakerThreshold: 5, breakerCooldownMs: 10_000, maxQueued: 1000, readRetries: 2 } as const;

/** The shared part of a connection, validated with key paths. */
export function parseBaseConnection<E extends Erp>(id: string, erp: E, record: Record<string, unknown>, path: string): BaseConnectionConfig & { erp: E } {
  const baseUrl = stringAt(record, 'baseUrl', `${path}.baseUrl`);
  if (!/^https?:\/\/[^\s/]+/.test(baseUrl)) throw new ConfigError(`${path}.baseUrl`, 'must be an http(s) URL');
  // Credentials come from environment variables into their own keys, never inside a URL (which gets logged).
  if (/^https?:\/\/[^/]*@/.test(baseUrl)) throw new ConfigError(`${path}.baseUrl`, 'must not carry user:password; put credentials in their own keys, from environment variables');
  return {
    id,
    erp,
    baseUrl: baseUrl.replace(/\/+$/, ''),
    timeoutMs: integerAt(record, 'timeoutMs', `${path}.timeoutMs`, TRANSPORT_DEFAULTS.timeoutMs, 1, 600_000),
    maxSockets: integerAt(record, 'maxSockets', `${path}.maxSockets`, TRANSPORT_DEFAULTS.maxSockets, 1, 1024),
    breakerThreshold: integerAt(record, 'breakerThreshold', `${path}.breakerThreshold`, TRANSPORT_DEFAULTS.breakerThreshold, 1, 1000),
    breakerCooldownMs: integerAt(record, 'breakerCooldownMs', `${path}.breakerCooldownMs`, TRANSPORT_DEFAULTS.breakerCooldownMs, 10, 3_600_000),
    // By default as many calls in flight as sockets: more would only queue inside the agent, unbounded.
    maxConcurrent: integerAt(record, 'maxConcurrent', `${path}.maxConcurrent`, integerAt(record, 'maxSockets', `${path}.maxSockets`, TRANSPORT_DEFAULTS.maxSockets, 1, 1024), 1, 1024),
    maxQueued: integerAt(record, 'maxQueued', `${path}.maxQueued`, TRANSPORT_DEFAULTS.maxQueued, 0, 100_000),
    readRetries: integerAt(record, 'readRetries', `${path}.readRetries`, TRANSPORT_DEFAULTS.readRetries, 0, 10),
  };
}
