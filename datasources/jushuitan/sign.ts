/**
 * Jushuitan's request signature (protocols/others.md §2.1), pure and shared by the client and the sandbox:
 * `hexlower(MD5(utf8(app_secret + k1 + v1 + k2 + v2 …)))` over every form field except `sign`, keys in ascending
 * byte order, empty fields skipped. The secret is only prefixed. `biz` is signed exactly as it is sent.
 */
import { createHash } from 'node:crypto';

/** Form fields in any order: a Map, or pairs (never a plain object built from untrusted names). */
export type SignFields = ReadonlyMap<string, string> | readonly (readonly [string, string])[];

function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** The text that is hashed, secret included (for tests only; never log it). */
export function jushuitanSignText(secret: string, fields: SignFields): string {
  const pairs = (fields instanceof Map ? [...fields.entries()] : [...(fields as readonly (readonly [string, string])[])]).filter(
    ([key, value]) => key !== 'sign' && value !== '' && value !== undefined && value !== null,
  );
  pairs.sort(([a], [b]) => byteOrder(a, b));
  return secret + pairs.map(([key, value]) => key + value).join('');
}

export function jushuitanSign(secret: string, fields: SignFields): string {
  return createHash('md5').update(jushuitanSignText(secret, fields), 'utf8').digest('hex');
}

/** Constant-time comparison of two hex signatures (the sandbox's check). */
export function sameSign(a: string, b: string): boolean {
  const left = Buffer.from(a.toLowerCase(), 'utf8');
  const right = Buffer.from(b.toLowerCase(), 'utf8');
  if (left.length !== right.length) return false;
  let diff = 0;
  for (let i = 0; i < left.length; i += 1) diff |= left[i]! ^ right[i]!;
  return diff === 0;
}
