/**
 * Reading a config document field by field, every problem reported with the key path that caused it. Shared by
 * the gateway's own settings and every ERP family's connection parser (datasources/<erp>/config.ts).
 */
import { readFileSync } from 'node:fs';

export class ConfigError extends Error {
  constructor(
    readonly key: string,
    problem: string,
  ) {
    super(`invalid gateway configuration at "${key}": ${problem}`);
  }
}

export type Env = Readonly<Record<string, string | undefined>>;

/** `${NAME}` → the environment variable, or a ConfigError naming the key that needed it. */
/** A secret file's content (Docker / Kubernetes secrets), without its trailing newline; never echoed in an error. */
function secretFile(file: string, key: string): string {
  try {
    return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  } catch {
    throw new ConfigError(key, `secret file ${file} cannot be read`);
  }
}

/**
 * `${NAME}` is the environment variable NAME — or, when NAME is unset and NAME_FILE is set, the content of that
 * file — and `${file:/run/secrets/t100_user}` the content of a file: credentials never need to be in the config.
 */
export function interpolate(value: unknown, key: string, env: Env): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{(?:file:([^}]+)|([A-Za-z_][A-Za-z0-9_]*))\}/g, (_, file: string | undefined, name: string | undefined) => {
      if (file !== undefined) return secretFile(file.trim(), key);
      const found = env[name!];
      if (found !== undefined) return found;
      const fromFile = env[`${name}_FILE`];
      if (fromFile !== undefined) return secretFile(fromFile, key);
      throw new ConfigError(key, `environment variable ${name} is not set (nor ${name}_FILE)`);
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

export function asRecord(value: unknown, key: string): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new ConfigError(key, 'must be a mapping');
  return value as Record<string, unknown>;
}

export function onlyKeys(record: Record<string, unknown>, key: string, allowed: readonly string[]): void {
  for (const name of Object.keys(record)) {
    if (!allowed.includes(name)) {
      throw new ConfigError(key ? `${key}.${name}` : name, `unknown key (allowed: ${allowed.join(', ')})`);
    }
  }
}

export function stringAt(record: Record<string, unknown>, key: string, path: string, fallback?: string): string {
  const value = record[key] ?? fallback;
  if (value === undefined) throw new ConfigError(path, 'is required');
  if (typeof value !== 'string' && typeof value !== 'number') throw new ConfigError(path, 'must be a string');
  const text = String(value);
  if (text.trim() === '') throw new ConfigError(path, 'must not be empty');
  return text;
}

export function integerAt(record: Record<string, unknown>, key: string, path: string, fallback: number, min: number, max: number): number {
  const value = record[key] ?? fallback;
  const number = typeof value === 'string' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < min || number > max) {
    throw new ConfigError(path, `must be an integer from ${min} to ${max}`);
  }
  return number;
}


/** Whether a config string is a regular expression JavaScript accepts (pattern lists are checked at start). */
export function validRegExp(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}
