/**
 * A TIPTOP GP connection's config: the transport policy every connection has, the plant and user TIPTOP checks
 * (protocols/digiwin.md §2.5, §2.7), and how the OpenAPIs travel (§1: XML in invokeSrv on aws_ttsrv2 by default,
 * JSON v2 only through an ESP's /CROSS/RESTful).
 */
import { BASE_CONNECTION_KEYS, parseBaseConnection, type BaseConnectionConfig } from '../../src/config/connection';
import { ConfigError, integerAt, onlyKeys, stringAt, validRegExp } from '../../src/config/fields';

export interface TiptopConnectionConfig extends BaseConnectionConfig {
  readonly erp: 'tiptop';
  /** tt.oapi encoding: xml (SOAP invokeSrv, aws_ttsrv2) or json-v2 (digi-* headers via ESP). Customized APIs: XML. */
  readonly format: 'xml' | 'json-v2';
  /** The plant (營運中心): Organization/@name and datakey CompanyId. */
  readonly plant: string;
  /** The ERP login: Authentication/@user and host.acct. */
  readonly user: string;
  /** Authentication/@password (TIPTOP reads it; a secret: from `${NAME}` or `${file:…}`, never logged). */
  readonly password: string;
  /** The TIPTOP database / instance (datakey EntId and service.id, ASSUMPTION). */
  readonly instance: string;
  /** Locale/@language of the customized APIs: zh_tw, en_us or zh_cn; host.lang follows it. */
  readonly language: 'zh_tw' | 'en_us' | 'zh_cn';
  /** Connection/@application: who is calling. `CRM` switches TIPTOP's business rules (§2.5), so it is refused. */
  readonly application: string;
  /** ERP codes that mean "illegal in the document's current state" (§3.3) → INVALID_TRANSITION. */
  readonly transitionRefusalCodes: readonly string[];
  readonly transitionRefusalPatterns: readonly string[];
  /** The plant's UTC offset (`+08:00`): "today" for a document date is the plant's day, not the gateway's. */
  readonly utcOffset: string;
  /**
   * A transfer has no column for the gateway reference, so a lost create is found by date, department and identical
   * lines among transfers changed within this many minutes (older identical transfers are someone else's).
   */
  readonly contentLookupMinutes: number;
}

const TIPTOP_KEYS = [...BASE_CONNECTION_KEYS, 'format', 'plant', 'user', 'password', 'instance', 'language', 'application', 'transitionRefusalCodes', 'transitionRefusalPatterns', 'utcOffset', 'contentLookupMinutes'] as const;

export const TIPTOP_DEFAULTS = {
  format: 'xml',
  instance: 'topprod',
  language: 'zh_tw',
  application: 'GATEWAY',
  // §3.3: confirmed 9023, void 9024, unconfirmed aba-100, posted asf-812, not posted afa-108; sbx-00002 the sandbox's own.
  transitionRefusalCodes: ['9023', '9024', 'aba-100', 'asf-812', 'afa-108', 'sbx-00002'],
  // A per-key refusal carries no code field (§4.2); TIPTOP's sandbox starts its text with the code.
  transitionRefusalPatterns: ['^(9023|9024|aba-100|asf-812|afa-108|sbx-00002)\\b'] as string[],
} as const;

function stringList(record: Record<string, unknown>, key: string, path: string, fallback: readonly string[], check: (value: string) => boolean = () => true): string[] {
  const value = record[key] ?? fallback;
  if (!Array.isArray(value) || !value.every((entry) => typeof entry === 'string' && check(entry))) throw new ConfigError(`${path}.${key}`, 'must be a list of strings');
  return value as string[];
}


function offsetAt(record: Record<string, unknown>, path: string): string {
  const offset = stringAt(record, 'utcOffset', path, '+08:00');
  if (!/^[+-](0\d|1[0-4]):[0-5]\d$/.test(offset)) throw new ConfigError(path, 'must be an offset like +08:00');
  return offset;
}

/** TIPTOP reads the password but need not check it (§2.7): absent means empty. */
function optionalSecret(record: Record<string, unknown>, key: string, path: string): string {
  const value = record[key];
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw new ConfigError(path, 'must be a string');
  return value;
}

export function parseTiptopConnection(id: string, record: Record<string, unknown>, path: string): TiptopConnectionConfig {
  onlyKeys(record, path, TIPTOP_KEYS);
  const format = stringAt(record, 'format', `${path}.format`, TIPTOP_DEFAULTS.format);
  if (format !== 'xml' && format !== 'json-v2') throw new ConfigError(`${path}.format`, 'must be xml (invokeSrv on aws_ttsrv2) or json-v2 (through an ESP)');
  const language = stringAt(record, 'language', `${path}.language`, TIPTOP_DEFAULTS.language);
  if (language !== 'zh_tw' && language !== 'en_us' && language !== 'zh_cn') throw new ConfigError(`${path}.language`, 'must be zh_tw, en_us or zh_cn');
  const application = stringAt(record, 'application', `${path}.application`, TIPTOP_DEFAULTS.application);
  if (application.trim().toUpperCase() === 'CRM') throw new ConfigError(`${path}.application`, 'CRM switches TIPTOP to its CRM business rules (protocols §2.5); name the gateway instead');
  return {
    ...parseBaseConnection(id, 'tiptop', record, path),
    format,
    plant: stringAt(record, 'plant', `${path}.plant`),
    user: stringAt(record, 'user', `${path}.user`),
    password: optionalSecret(record, 'password', `${path}.password`),
    instance: stringAt(record, 'instance', `${path}.instance`, TIPTOP_DEFAULTS.instance),
    language,
    application,
    transitionRefusalCodes: stringList(record, 'transitionRefusalCodes', path, TIPTOP_DEFAULTS.transitionRefusalCodes),
    transitionRefusalPatterns: stringList(record, 'transitionRefusalPatterns', path, TIPTOP_DEFAULTS.transitionRefusalPatterns, validRegExp),
    utcOffset: offsetAt(record, `${path}.utcOffset`),
    contentLookupMinutes: integerAt(record, 'contentLookupMinutes', `${path}.contentLookupMinutes`, 60, 1, 7 * 24 * 60),
  };
}
