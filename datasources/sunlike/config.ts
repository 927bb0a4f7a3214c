/**
 * A Sunlike ERP / Online ERP (天心) connection (protocols/others.md §3): the shared transport policy, the login the
 * ERP API site asks for (`/SYS/LOGIN` with comp_no, user_id, password; ASSUMPTION §3.1), and how documents are
 * numbered (auto: the ERP numbers, ML_NO sent empty; manual: ML_NO = REF_NO).
 */
import { BASE_CONNECTION_KEYS, parseBaseConnection, type BaseConnectionConfig } from '../../src/config/connection';
import { ConfigError, integerAt, onlyKeys, stringAt } from '../../src/config/fields';

export interface SunlikeConnectionConfig extends BaseConnectionConfig {
  readonly erp: 'sunlike';
  /** comp_no of the login (账套, e.g. PLUS). */
  readonly company: string;
  /** user_id of the login; also the default `USR` (制单人) of a new document. */
  readonly user: string;
  /** The login password (a secret: from `${NAME}` or `${file:…}`; never logged, never in an error). */
  readonly password: string;
  /** Default `USR_NO` (经办人) of a new document; absent: not sent. */
  readonly userNo: string | null;
  /** Where the token is issued, relative to baseUrl. */
  readonly loginPath: string;
  /** auto: ML_NO empty, the ERP numbers (`LJ{MLID}…`); manual: ML_NO = REF_NO (§3.3). Must match the ERP's setting. */
  readonly numbering: 'auto' | 'manual';
  /** FIX_CST1 (成本别) when the input's erpFields do not set it: 1 variable, 2 fixed. */
  readonly defaultFixCst: '1' | '2';
  /** How far back a list without dates looks (BATCHDATA needs dates when no number is given). */
  readonly listWindowDays: number;
}

const SUNLIKE_KEYS = [...BASE_CONNECTION_KEYS, 'company', 'user', 'password', 'userNo', 'loginPath', 'numbering', 'defaultFixCst', 'listWindowDays'] as const;

export const SUNLIKE_DEFAULTS = { loginPath: '/SYS/LOGIN', numbering: 'auto', defaultFixCst: '1', listWindowDays: 366 } as const;

export function parseSunlikeConnection(id: string, record: Record<string, unknown>, path: string): SunlikeConnectionConfig {
  onlyKeys(record, path, SUNLIKE_KEYS);
  const numbering = stringAt(record, 'numbering', `${path}.numbering`, SUNLIKE_DEFAULTS.numbering);
  if (numbering !== 'auto' && numbering !== 'manual') throw new ConfigError(`${path}.numbering`, 'must be auto (the ERP numbers) or manual (ML_NO = REF_NO)');
  const fixCst = stringAt(record, 'defaultFixCst', `${path}.defaultFixCst`, SUNLIKE_DEFAULTS.defaultFixCst);
  if (fixCst !== '1' && fixCst !== '2') throw new ConfigError(`${path}.defaultFixCst`, 'must be 1 (variable cost) or 2 (fixed cost)');
  const loginPath = stringAt(record, 'loginPath', `${path}.loginPath`, SUNLIKE_DEFAULTS.loginPath);
  if (!/^\/[^\s?#]*$/.test(loginPath)) throw new ConfigError(`${path}.loginPath`, 'must be a path starting with /');
  const password = record.password;
  if (typeof password !== 'string' || password === '') throw new ConfigError(`${path}.password`, 'is required (a string)');
  const userNo = record.userNo === undefined || record.userNo === null ? null : stringAt(record, 'userNo', `${path}.userNo`);
  if (userNo !== null && userNo.length > 12) throw new ConfigError(`${path}.userNo`, 'must be at most 12 characters (USR_NO)');
  const user = stringAt(record, 'user', `${path}.user`);
  if (user.length > 12) throw new ConfigError(`${path}.user`, 'must be at most 12 characters (USR)');
  return {
    ...parseBaseConnection(id, 'sunlike', record, path),
    company: stringAt(record, 'company', `${path}.company`),
    user,
    password,
    userNo,
    loginPath,
    numbering,
    defaultFixCst: fixCst,
    listWindowDays: integerAt(record, 'listWindowDays', `${path}.listWindowDays`, SUNLIKE_DEFAULTS.listWindowDays, 1, 3660),
  };
}
