/**
 * A Kingdee Cloud Galaxy (K3Cloud) connection (protocols/others.md §1): where the WebAPI answers, how the gateway
 * authenticates (a session from ValidateUser / LoginBySign, or signed headers on every call), and the organisation,
 * bill type and stock status every STK_MisDelivery the gateway writes carries.
 */
import { BASE_CONNECTION_KEYS, parseBaseConnection, type BaseConnectionConfig } from '../../src/config/connection';
import { ConfigError, integerAt, onlyKeys, stringAt } from '../../src/config/fields';

export interface KingdeeConnectionConfig extends BaseConnectionConfig {
  readonly erp: 'kingdee';
  /** `session`: log in (ValidateUser, or LoginBySign when there is no password and an AppID/AppSecret), send the cookie.
   * `signed`: the 第三方系统登录授权 headers on every call, no login (§1.2 b). */
  readonly auth: 'session' | 'signed';
  /** The data centre (账套) id, `acctID`. */
  readonly acctId: string;
  readonly username: string;
  /** Session mode's password (a secret: `${NAME}` or `${file:…}`); empty: LoginBySign with the AppID/AppSecret. */
  readonly password: string;
  readonly appId: string;
  /** A secret; never logged, never in an error. */
  readonly appSecret: string;
  readonly lcid: number;
  /** The organisation number of FStockOrgId, FPickOrgId, FOwnerIdHead, FOwnerId, FKeeperId. */
  readonly orgNumber: string;
  /** LoginBySign with SHA-1 (servers before 8.0.0.202205). */
  readonly legacySha1: boolean;
  /** FBillTypeID of new bills. */
  readonly billType: string;
  /** FStockStatusId of every line. */
  readonly stockStatus: string;
  /** FDeptId when the input names no department (STK_MisDelivery needs a department or a customer). */
  readonly defaultDepartment: string | null;
  /**
   * MsgCodes meaning "illegal in the bill's current status" → INVALID_TRANSITION, but only when the message also matches
   * `transitionRefusalPattern`: Kingdee uses MsgCode 11 for every validation failure (negative stock, required
   * fields, …), and only the text tells a status refusal (`单据[X]当前状态不允许审核`) from the others.
   */
  readonly transitionRefusalCodes: readonly string[];
  readonly transitionRefusalPattern: string;
}

const KINGDEE_KEYS = [
  ...BASE_CONNECTION_KEYS,
  'auth', 'acctId', 'username', 'password', 'appId', 'appSecret', 'lcid', 'orgNumber', 'legacySha1', 'billType', 'stockStatus',
  'defaultDepartment', 'transitionRefusalCodes', 'transitionRefusalPattern',
] as const;

export const KINGDEE_DEFAULTS = {
  auth: 'signed',
  lcid: 2052,
  orgNumber: '100',
  billType: 'QTCKD01_SYS',
  stockStatus: 'KCZT01_SYS',
  transitionRefusalCodes: ['11'],
  transitionRefusalPattern: '状态',
} as const;

function optionalString(record: Record<string, unknown>, key: string, path: string): string {
  const value = record[key];
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string' && typeof value !== 'number') throw new ConfigError(path, 'must be a string');
  return String(value);
}

function booleanAt(record: Record<string, unknown>, key: string, path: string, fallback: boolean): boolean {
  const value = record[key] ?? fallback;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new ConfigError(path, 'must be true or false');
}

export function parseKingdeeConnection(id: string, record: Record<string, unknown>, path: string): KingdeeConnectionConfig {
  onlyKeys(record, path, KINGDEE_KEYS);
  const base = parseBaseConnection(id, 'kingdee', record, path);
  const auth = stringAt(record, 'auth', `${path}.auth`, KINGDEE_DEFAULTS.auth);
  if (auth !== 'session' && auth !== 'signed') throw new ConfigError(`${path}.auth`, 'must be session (ValidateUser / LoginBySign) or signed (signed headers)');
  const password = optionalString(record, 'password', `${path}.password`);
  const appId = optionalString(record, 'appId', `${path}.appId`);
  const appSecret = optionalString(record, 'appSecret', `${path}.appSecret`);
  if (auth === 'signed' && (!appId || !appSecret)) {
    throw new ConfigError(`${path}.${appId ? 'appSecret' : 'appId'}`, 'is required when auth is signed');
  }
  if (auth === 'session' && !password && (!appId || !appSecret)) {
    throw new ConfigError(`${path}.password`, 'is required in session mode unless appId and appSecret are given (LoginBySign)');
  }
  const codes = record.transitionRefusalCodes ?? KINGDEE_DEFAULTS.transitionRefusalCodes;
  if (!Array.isArray(codes) || !codes.every((code) => typeof code === 'string' || typeof code === 'number')) {
    throw new ConfigError(`${path}.transitionRefusalCodes`, 'must be a list of MsgCodes');
  }
  const pattern = typeof record.transitionRefusalPattern === 'string' ? record.transitionRefusalPattern : KINGDEE_DEFAULTS.transitionRefusalPattern;
  if (record.transitionRefusalPattern !== undefined && typeof record.transitionRefusalPattern !== 'string') throw new ConfigError(`${path}.transitionRefusalPattern`, 'must be a regular expression');
  try {
    new RegExp(pattern);
  } catch {
    throw new ConfigError(`${path}.transitionRefusalPattern`, 'must be a valid regular expression');
  }
  const department = optionalString(record, 'defaultDepartment', `${path}.defaultDepartment`);
  return {
    ...base,
    erp: 'kingdee',
    auth,
    acctId: stringAt(record, 'acctId', `${path}.acctId`),
    username: stringAt(record, 'username', `${path}.username`),
    password,
    appId,
    appSecret,
    lcid: integerAt(record, 'lcid', `${path}.lcid`, KINGDEE_DEFAULTS.lcid, 1, 65535),
    orgNumber: stringAt(record, 'orgNumber', `${path}.orgNumber`, KINGDEE_DEFAULTS.orgNumber),
    legacySha1: booleanAt(record, 'legacySha1', `${path}.legacySha1`, false),
    billType: stringAt(record, 'billType', `${path}.billType`, KINGDEE_DEFAULTS.billType),
    stockStatus: stringAt(record, 'stockStatus', `${path}.stockStatus`, KINGDEE_DEFAULTS.stockStatus),
    defaultDepartment: department.trim() === '' ? null : department,
    transitionRefusalCodes: codes.map(String),
    transitionRefusalPattern: pattern,
  };
}
