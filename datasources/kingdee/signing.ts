/**
 * Kingdee K3Cloud WebAPI signatures (protocols/others.md §1.2), as pure functions shared by the client transport and
 * the sandbox: the signed-header mode (第三方系统登录授权: X-Api-Signature, X-Kd-Appdata, X-Kd-Signature) and the
 * LoginBySign `sign`. Secrets go in, signatures come out; nothing here logs or throws with a secret in the text.
 */
import { createHash, createHmac } from 'node:crypto';

/** The XOR key of the SDKs' clientSec derivation (§1.2 step 2). */
const CLIENT_SEC_KEY = Buffer.from('0054f397c6234378b09ca7d3e5debce7', 'ascii');

/** §1.2 step 1: the request path from its first `/`, URL-encoded with `/` → `%2F`. */
export function encodePath(path: string): string {
  return encodeURIComponent(path);
}

/** §1.2 step 2: `{clientId}_{32-char base64}` → base64(decode(part2) XOR key); otherwise "". */
export function clientSecret(appId: string): string {
  const parts = appId.split('_');
  if (parts.length !== 2 || parts[1].length !== 32) return '';
  const decoded = Buffer.from(parts[1], 'base64');
  const mixed = Buffer.alloc(decoded.length);
  for (let i = 0; i < decoded.length; i++) mixed[i] = decoded[i] ^ CLIENT_SEC_KEY[i % CLIENT_SEC_KEY.length];
  return mixed.toString('base64');
}

/** The clientId part of an AppID (`224477` of `224477_…`), or the whole AppID when it has no `_`. */
export function clientIdOf(appId: string): string {
  return appId.split('_')[0];
}

/** §1.2 steps 3–4: base64 of the lowercase hex HMAC-SHA256 of the canonical message, keyed by clientSec. */
export function apiSignature(appId: string, path: string, timestamp: string, nonce: string): string {
  const message = `POST\n${encodePath(path)}\n\nx-api-nonce:${nonce}\nx-api-timestamp:${timestamp}\n`;
  return Buffer.from(createHmac('sha256', clientSecret(appId)).update(message, 'utf8').digest('hex'), 'ascii').toString('base64');
}

/** The `acctId,userName,lcid,orgNum` text of §1.2 steps 5–6. */
export function appDataText(acctId: string, username: string, lcid: number | string, orgNum: number | string): string {
  return `${acctId},${username},${lcid},${orgNum}`;
}

/** §1.2 step 5. */
export function kdAppData(acctId: string, username: string, lcid: number | string, orgNum: number | string): string {
  return Buffer.from(appDataText(acctId, username, lcid, orgNum), 'utf8').toString('base64');
}

/** §1.2 step 6: base64(hexlower(HMAC-SHA256(AppSecret, AppID + appData))). */
export function kdSignature(appId: string, appSecret: string, appData: string): string {
  return Buffer.from(createHmac('sha256', appSecret).update(appId + appData, 'utf8').digest('hex'), 'ascii').toString('base64');
}

/** LoginBySign: hex SHA-256 (SHA-1 on servers before 8.0.0.202205) of the five values sorted ordinally, concatenated. */
export function loginSign(acctId: string, username: string, appId: string, appSecret: string, timestamp: string, legacySha1 = false): string {
  const joined = [acctId, username, appId, appSecret, timestamp].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).join('');
  return createHash(legacySha1 ? 'sha1' : 'sha256').update(joined, 'utf8').digest('hex');
}

export interface SignedHeaderInput {
  readonly appId: string;
  readonly appSecret: string;
  readonly acctId: string;
  readonly username: string;
  readonly lcid: number;
  readonly orgNum: string;
  /** The request path as sent (`/k3cloud/Kingdee.BOS.WebApi.ServicesStub….kdsvc`). */
  readonly path: string;
  readonly timestamp: string;
  readonly nonce: string;
}

/** Every header of the signed mode (§1.2 step 7). */
export function signedHeaders(input: SignedHeaderInput): Record<string, string> {
  const appData = appDataText(input.acctId, input.username, input.lcid, input.orgNum);
  return {
    'X-Api-ClientID': clientIdOf(input.appId),
    'X-Api-Auth-Version': '2.0',
    'x-api-timestamp': input.timestamp,
    'x-api-nonce': input.nonce,
    'x-api-signheaders': 'x-api-timestamp,x-api-nonce',
    'X-Api-Signature': apiSignature(input.appId, input.path, input.timestamp, input.nonce),
    'X-Kd-Appkey': input.appId,
    'X-Kd-Appdata': Buffer.from(appData, 'utf8').toString('base64'),
    'X-Kd-Signature': kdSignature(input.appId, input.appSecret, appData),
  };
}
