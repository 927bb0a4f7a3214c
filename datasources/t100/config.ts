/**
 * A T100 connection's config: the transport policy every connection has, plus the integration-platform identity
 * (enterprise, site, user) and the envelope encoding.
 */
import { DOCUMENT_KINDS, resolvedRows } from '../../src/catalog';
import { BASE_CONNECTION_KEYS, parseBaseConnection, type BaseConnectionConfig } from '../../src/config/connection';
import { ConfigError, onlyKeys, stringAt, validRegExp } from '../../src/config/fields';

/** A connection to one T100 instance through the integration-platform envelope. */
export interface T100ConnectionConfig extends BaseConnectionConfig {
  readonly erp: 't100';
  /** Encoding for OpenAPI calls: json (v1, awsp920), json-v2 (digi-* headers via ESP /CROSS/RESTful) or xml
   * (SOAP invokeSrv, awsp900). Customized APIs are always XML (seed 000). */
  readonly format: 'json' | 'json-v2' | 'xml';
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
  /** Per-key refusals carry no code (§4.2): texts matching these patterns mean the same. */
  readonly transitionRefusalPatterns: readonly string[];
  /**
   * Plain actions that call the customized API offered beside the OpenAPI (`PurchaseOrder.create` →
   * outsourcing.purchase.create, `PurchaseOrder.void` → outsourcing.process); default: the OpenAPIs (design §2).
   */
  readonly customizedActions: readonly string[];
  /** What this site leaves after a dispost: Y, or Z (§3.2); both read as APPROVED. */
  readonly unpostedStatus: 'Y' | 'Z';
}

const T100_KEYS = [...BASE_CONNECTION_KEYS, 'format', 'enterprise', 'site', 'user', 'lang', 'instance', 'transitionRefusalCodes', 'transitionRefusalPatterns', 'customizedActions', 'unpostedStatus'] as const;

/** Defaults of configured and embedded T100 connections. */
export const T100_DEFAULTS = {
  format: 'json',
  lang: 'zh_TW',
  instance: 'topprd',
  // sbx-00002 is the sandbox's "illegal in this status" id (protocols/digiwin.md §3.2, ASSUMPTION).
  transitionRefusalCodes: ['sbx-00002'],
  // The sandbox's status refusal text (ASSUMPTION, §3.2 table): 單據狀態<stus>不可執行<action>.
  transitionRefusalPatterns: ['不可執行'],
} as const;

export function parseT100Connection(id: string, record: Record<string, unknown>, path: string): T100ConnectionConfig {
  onlyKeys(record, path, T100_KEYS);
  const format = stringAt(record, 'format', `${path}.format`, T100_DEFAULTS.format);
  if (format !== 'json' && format !== 'json-v2' && format !== 'xml') throw new ConfigError(`${path}.format`, 'must be json, json-v2 or xml');
  const codes = record.transitionRefusalCodes ?? T100_DEFAULTS.transitionRefusalCodes;
  if (!Array.isArray(codes) || !codes.every((code) => typeof code === 'string')) {
    throw new ConfigError(`${path}.transitionRefusalCodes`, 'must be a list of strings');
  }
  const patterns = record.transitionRefusalPatterns ?? T100_DEFAULTS.transitionRefusalPatterns;
  if (!Array.isArray(patterns) || !patterns.every((pattern) => typeof pattern === 'string' && validRegExp(pattern))) {
    throw new ConfigError(`${path}.transitionRefusalPatterns`, 'must be a list of regular expressions');
  }
  const customized = record.customizedActions ?? [];
  const offered = alternativeActions();
  if (!Array.isArray(customized) || !customized.every((entry) => typeof entry === 'string' && offered.includes(entry))) {
    throw new ConfigError(`${path}.customizedActions`, `must list actions T100 offers a customized API for: ${offered.join(', ')}`);
  }
  const unposted = stringAt(record, 'unpostedStatus', `${path}.unpostedStatus`, 'Y');
  if (unposted !== 'Y' && unposted !== 'Z') throw new ConfigError(`${path}.unpostedStatus`, 'must be Y or Z');
  return {
    ...parseBaseConnection(id, 't100', record, path),
    unpostedStatus: unposted,
    customizedActions: customized as string[],
    format: format as T100ConnectionConfig['format'],
    enterprise: stringAt(record, 'enterprise', `${path}.enterprise`),
    site: stringAt(record, 'site', `${path}.site`),
    user: stringAt(record, 'user', `${path}.user`),
    lang: stringAt(record, 'lang', `${path}.lang`, T100_DEFAULTS.lang),
    instance: stringAt(record, 'instance', `${path}.instance`, T100_DEFAULTS.instance),
    transitionRefusalCodes: codes as string[],
    transitionRefusalPatterns: patterns as string[],
  };
}


/** `<Type>.<action>` of every alternative customized row the catalog has for T100. */
function alternativeActions(): string[] {
  return DOCUMENT_KINDS.flatMap((kind) => resolvedRows(kind, 't100').filter((row) => row.alternative).map((row) => `${kind.type}.${row.operation}`));
}
