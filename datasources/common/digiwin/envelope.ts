/**
 * The Digiwin integration-platform (互聯中台) envelope codec, both directions (protocols/digiwin.md §2):
 * JSON v1 (awsp920), JSON v2 (`digi-*` headers, ESP), and the XML `<request>` inside SOAP `invokeSrv` (awsp900).
 * Pure: no I/O, no clock. Clients use encodeRequest/decodeReply, the sandbox decodeRequest/encodeReply.
 *
 * ASSUMPTIONS beyond the notes' §2.4 mapping, so that every std_data value round-trips through XML:
 * a nested (non-array) record is `<parameter type="object">` with nested `<parameter>` children (inside a row:
 * `<field type="object">` with nested `<field>`s); booleans are `type="boolean"`, null is `type="null"`.
 */
import { createHash } from 'node:crypto';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type {
  DecodedRequest,
  EncodedRequest,
  StdAttributes,
  StdEncoding,
  StdExecution,
  StdRecord,
  StdReply,
  StdRequest,
  StdValue,
} from './envelope-types';

const T100_NAMESPACE = 'http://www.digiwin.com.cn/tiptop/TIPTOPServiceGateWay';
/** TIPTOP GP's aws_ttsrv2 namespace (§2.5): invokeSrv and its DOC-style services live in it. */
export const TIPTOP_NAMESPACE = 'http://www.dsc.com.tw/tiptop/TIPTOPServiceGateWay';
export const SOAP_NAMESPACE = 'http://schemas.xmlsoap.org/soap/envelope/';
/** The namespaces `invokeSrv` lives in: T100's and TIPTOP's (§2.4, §2.5). */
const INVOKE_NAMESPACES: readonly string[] = [T100_NAMESPACE, TIPTOP_NAMESPACE];

/** The product a request names (`service/@prod`): TIPTOP answers invokeSrv in its own form (§2.5). */
function isTiptop(request: { service: StdAttributes }): boolean {
  return request.service.prod === 'TIPTOP';
}

/** A reply the client cannot read: empty, truncated, neither JSON nor XML, a SOAP Fault. → UPSTREAM_UNAVAILABLE. */
export class UnreadableReplyError extends Error {
  constructor(readonly detail: string) {
    super(`unreadable ERP reply: ${detail}`);
  }
}

/** A request the platform refuses before dispatch: answered with srvcode 100 (§2.6). */
export class PlatformError extends Error {
  readonly srvcode = '100';
  constructor(
    readonly code: string,
    readonly text: string,
  ) {
    super(text || 'empty request');
  }
}

// ── keys (§2.7) ──────────────────────────────────────────────────────────────────────────────────────────

function md5Hex(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}
/** v1: md5 of compact host JSON + compact service JSON, in their key order (ASSUMPTION by analogy with v2). */
function jsonV1Key(host: StdAttributes, service: StdAttributes): string {
  return md5Hex(JSON.stringify(host) + JSON.stringify(service));
}
/** v2: md5 of the digi-host and digi-service header texts, byte-exact. */
function jsonV2Key(hostHeaderText: string, serviceHeaderText: string): string {
  return md5Hex(hostHeaderText + serviceHeaderText);
}
/** XML: md5 of the `<host …/>` and `<service …/>` element texts as sent (ASSUMPTION; matches the §2.4 vector). */
function xmlKey(hostElementText: string, serviceElementText: string): string {
  return md5Hex(hostElementText + serviceElementText);
}

// ── small helpers ────────────────────────────────────────────────────────────────────────────────────────

/** T100 treats any body containing `<` as XML (§2.1), so JSON writes `<`, `>`, `&` as \u escapes. */
function escapeJsonText(json: string): string {
  return json.replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function cdata(text: string): string {
  return `<![CDATA[${text.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

function attributes(values: StdAttributes): string {
  return Object.entries(values)
    .map(([name, value]) => `${name}="${escapeXml(value)}"`)
    .join(' ');
}

type Node = Record<string, unknown>;

function asNode(value: unknown): Node | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Node) : undefined;
}

function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function textOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  const node = asNode(value);
  return node ? textOf(node['#text']) : '';
}

function attr(node: Node | undefined, name: string): string {
  const value = node?.[`@_${name}`];
  return value === undefined || value === null ? '' : String(value);
}

/**
 * Names read off the wire become own properties, never setters: `name="__proto__"` is a field called
 * `__proto__`, not a new prototype for the decoded record.
 */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}

function attributesOf(node: Node | undefined): StdAttributes {
  const result: StdAttributes = {};
  for (const [name, value] of Object.entries(node ?? {})) if (name.startsWith('@_')) setOwn(result, name.slice(2), String(value));
  return result;
}

function stringAttributes(value: unknown): StdAttributes | undefined {
  const node = asNode(value);
  if (!node) return undefined;
  const result: StdAttributes = {};
  for (const [name, item] of Object.entries(node)) setOwn(result, name, item === null || item === undefined ? '' : String(item));
  return result;
}

const LIST_ELEMENTS = new Set(['parameter', 'data', 'row', 'field', 'detail', 'key', 'param']);

/** One parser for every XML the codec reads: namespaces dropped, attributes kept, values as exact text. */
const PARSER_OPTIONS = {
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  alwaysCreateTextNode: true,
  // The five predefined entities only; numeric character references are resolved before parsing (outsideCdata).
  processEntities: true,
  htmlEntities: false,
  ignoreDeclaration: true,
} as const;
const parser = new XMLParser({ ...PARSER_OPTIONS, isArray: (name) => LIST_ELEMENTS.has(name) });

const PREDEFINED: ReadonlyMap<string, string> = new Map([
  ['<', '&lt;'],
  ['>', '&gt;'],
  ['&', '&amp;'],
  ['"', '&quot;'],
  ["'", '&apos;'],
]);

/** Applies `change` to the markup outside CDATA sections (whose text is literal). */
function outsideCdata(text: string, change: (markup: string) => string): string {
  return text
    .split(/(<!\[CDATA\[[\s\S]*?\]\]>)/)
    .map((part) => (part.startsWith('<![CDATA[') ? part : change(part)))
    .join('');
}

/**
 * Design §2, XML read anywhere: numeric character references (`&#20013;`, `&#x4E2D;`) are text; markup characters
 * written that way stay escaped (as the predefined entity), and named entities beyond the five are not decoded.
 */
function resolveNumericReferences(markup: string): string {
  return markup.replace(/&#(?:(\d+)|x([0-9a-fA-F]+));/g, (reference, decimal: string | undefined, hex: string | undefined) => {
    const code = decimal !== undefined ? Number(decimal) : parseInt(hex!, 16);
    if (!Number.isInteger(code) || code < 1 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return reference;
    const character = String.fromCodePoint(code);
    return PREDEFINED.get(character) ?? character;
  });
}

/**
 * Any XML the gateway or a sandbox reads beyond the envelope (TIPTOP's Request/Response, pushes), under the same
 * rules (design §2): no DOCTYPE or entity declarations, the five predefined entities and numeric references
 * decoded. Namespaces dropped, attributes as `@_name`, values as exact text; `lists` name the elements always read
 * as arrays.
 */
export function parseSafeXml(raw: string, lists: ReadonlySet<string>): Record<string, unknown> {
  return parseXml(raw, new XMLParser({ ...PARSER_OPTIONS, isArray: (name) => lists.has(name) }));
}

function parseXml(raw: string, using: XMLParser = parser): Node {
  // No DTDs, no entity declarations: a reply or push that declares them is refused before parsing (design §2).
  let declares = false;
  outsideCdata(raw, (markup) => {
    declares ||= /<!(DOCTYPE|ENTITY)/i.test(markup);
    return markup;
  });
  if (declares) throw new Error('DOCTYPE and entity declarations are not accepted');
  const text = outsideCdata(raw, resolveNumericReferences);
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new Error(`${valid.err.msg} (line ${valid.err.line})`);
  return using.parse(text) as Node;
}

// ── std_data ↔ XML datainfo (§2.4) ───────────────────────────────────────────────────────────────────────

function isRecordArray(value: StdValue): value is StdRecord[] {
  return Array.isArray(value);
}

function scalarType(key: string, value: string | number | boolean | null): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return 'numeric';
  return /(date|_dt)$/.test(key) && /^\d{8}$/.test(value) ? 'date' : 'string';
}

function scalarText(value: string | number | boolean | null): string {
  return value === null ? '' : escapeXml(String(value));
}

/** A record-set row carries `seq`; a detail row does not (its line number is a field), as in the §2.4 capture. */
function rowXml(record: StdRecord, seq?: number): string {
  return `<row${seq === undefined ? '' : ` seq="${seq}"`}>${Object.entries(record).map(([name, value]) => fieldXml(name, value)).join('')}</row>`;
}

function fieldXml(name: string, value: StdValue): string {
  const key = escapeXml(name);
  if (isRecordArray(value)) return `<detail name="${key}">${value.map((row) => rowXml(row)).join('')}</detail>`;
  if (value !== null && typeof value === 'object') {
    return `<field name="${key}" type="object">${Object.entries(value).map(([child, item]) => fieldXml(child, item)).join('')}</field>`;
  }
  return `<field name="${key}" type="${scalarType(name, value)}">${scalarText(value)}</field>`;
}

function parameterXml(name: string, value: StdValue): string {
  const key = escapeXml(name);
  if (isRecordArray(value)) {
    const dataName = escapeXml(name.replace(/_data$/, ''));
    return `<parameter key="${key}" type="data"><data name="${dataName}">${value.map((row, index) => rowXml(row, index + 1)).join('')}</data></parameter>`;
  }
  if (value !== null && typeof value === 'object') return `<parameter key="${key}" type="object">${stdParameterToXml(value)}</parameter>`;
  return `<parameter key="${key}" type="${scalarType(name, value)}">${scalarText(value)}</parameter>`;
}

/** A std_data parameter record as the `<parameter>` elements inside `<datainfo>`. */
export function stdParameterToXml(parameter: StdRecord): string {
  return Object.entries(parameter)
    .map(([name, value]) => parameterXml(name, value))
    .join('');
}

function scalarFrom(type: string, text: string): StdValue {
  switch (type) {
    case 'numeric': {
      const number = Number(text.trim());
      return Number.isFinite(number) ? number : text;
    }
    case 'boolean':
      return text.trim() === 'true';
    case 'null':
      return null;
    case 'json':
      return JSON.parse(text) as StdValue;
    default:
      return text;
  }
}

function decodeRow(row: Node): StdRecord {
  const record: StdRecord = {};
  for (const field of asList(row.field).map(asNode)) {
    if (!field) continue;
    const type = attr(field, 'type').toLowerCase();
    setOwn(record, attr(field, 'name'), type === 'object' ? decodeRow(field) : scalarFrom(type, textOf(field)));
  }
  for (const detail of asList(row.detail).map(asNode)) {
    if (!detail) continue;
    setOwn<StdValue>(record, attr(detail, 'name'), asList(detail.row).map((child) => decodeRow(asNode(child) ?? {})));
  }
  return record;
}

function decodeParameters(nodes: unknown[]): StdRecord {
  const record: StdRecord = {};
  for (const node of nodes.map(asNode)) {
    if (!node) continue;
    const key = attr(node, 'key');
    const type = attr(node, 'type').toLowerCase();
    if (type === 'data') {
      const data = asNode(asList(node.data)[0]);
      // §2.4: the record set `x_data` holds `<data name="x">`; another name is not the record set asked for.
      if (data && key.endsWith('_data') && attr(data, 'name') !== key.slice(0, -'_data'.length)) {
        throw new Error(`<parameter key="${key}"> holds <data name="${attr(data, 'name')}">, expected "${key.slice(0, -'_data'.length)}"`);
      }
      setOwn<StdValue>(record, key, asList(data?.row).map((row) => decodeRow(asNode(row) ?? {})));
    } else if (type === 'object') {
      setOwn<StdValue>(record, key, decodeParameters(asList(node.parameter)));
    } else {
      setOwn(record, key, scalarFrom(type, textOf(node)));
    }
  }
  return record;
}

/** The `<parameter>` elements of a `<datainfo>` (given as XML text) back to a std_data record. */
export function xmlToStdParameter(xmlText: string): StdRecord {
  const root = parseXml(`<datainfo>${xmlText}</datainfo>`);
  return decodeParameters(asList(asNode(root.datainfo)?.parameter));
}

// ── client: requests ─────────────────────────────────────────────────────────────────────────────────────

function soapRequest(inner: string, namespace: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>` +
    `<soapenv:Envelope xmlns:soapenv="${SOAP_NAMESPACE}" xmlns:tip="${namespace}"><soapenv:Header/><soapenv:Body>` +
    `<tip:invokeSrv><request>${escapeXml(inner)}</request></tip:invokeSrv></soapenv:Body></soapenv:Envelope>`
  );
}

/** The §2.4 `<request>` element for an envelope, with its key. */
export function xmlRequestElement(request: StdRequest): { xml: string; key: string } {
  const host = `<host ${attributes(request.host)}/>`;
  const service = `<service ${attributes(request.service)}/>`;
  const key = xmlKey(host, service);
  const datakey = Object.entries(request.datakey)
    .map(([name, value]) => `<key name="${escapeXml(name)}">${escapeXml(value)}</key>`)
    .join('');
  const xml =
    `<request type="${escapeXml(request.type)}" key="${key}">${host}${service}<datakey>${datakey}</datakey>` +
    `<payload><param key="std_data" type="xml"><data_request><datainfo>${stdParameterToXml(request.parameter)}</datainfo></data_request></param></payload></request>`;
  return { xml, key };
}

export function encodeRequest(encoding: StdEncoding, request: StdRequest): EncodedRequest {
  switch (encoding) {
    case 'json': {
      const key = jsonV1Key(request.host, request.service);
      const envelope = {
        key,
        type: request.type,
        host: request.host,
        service: request.service,
        datakey: request.datakey,
        payload: { std_data: { parameter: request.parameter } },
      };
      return { body: escapeJsonText(JSON.stringify(envelope)), contentType: 'application/json; charset=utf-8', headers: {}, key };
    }
    case 'json-v2': {
      const hostText = JSON.stringify(request.host);
      const serviceText = JSON.stringify(request.service);
      const key = jsonV2Key(hostText, serviceText);
      const body = escapeJsonText(JSON.stringify({ std_data: { parameter: request.parameter } }));
      // A deterministic request id: the same call encodes to the same bytes (the codec has no clock or randomness).
      const id = md5Hex(hostText + serviceText + body);
      return {
        body,
        contentType: 'application/json; charset=utf-8',
        key,
        headers: {
          'digi-reqid': `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20, 32)}`,
          'digi-protocol': 'raw',
          'digi-type': request.type,
          'digi-data-exchange-protocol': '1.0',
          'digi-host': hostText,
          'digi-service': serviceText,
          'digi-datakey': JSON.stringify(request.datakey),
          'digi-key': key,
        },
      };
    }
    case 'xml': {
      const { xml, key } = xmlRequestElement(request);
      return { body: soapRequest(xml, isTiptop(request) ? TIPTOP_NAMESPACE : T100_NAMESPACE), contentType: 'text/xml; charset=utf-8', headers: { SOAPAction: '""' }, key };
    }
  }
}

// ── client: replies ──────────────────────────────────────────────────────────────────────────────────────

function executionFrom(value: unknown): StdExecution {
  const node = asNode(value) ?? {};
  return {
    code: textOf(node.code),
    sqlCode: textOf(node.sql_code ?? node.sqlcode),
    description: textOf(node.description),
  };
}

function recordOrEmpty(value: unknown): StdRecord {
  return (asNode(value) as StdRecord | undefined) ?? {};
}

/** `<response>` text (srvcode 100 quirk, or an XML reply) → StdReply. */
function decodeXmlResponse(text: string): StdReply {
  const root = parseXml(text);
  const response = asNode(root.response);
  if (!response) throw new Error('no <response> element');
  const srvcode = textOf(response.srvcode).trim();
  if (!srvcode) throw new Error('no <srvcode>');
  const params = asList(asNode(response.payload)?.param).map(asNode);
  if (params.length === 0) return decodeTiptopPayload(srvcode, textOf(response.payload));
  if (srvcode !== '000') {
    return { srvcode, parameter: {}, platformMessage: params.map((param) => textOf(param)).join('').trim() };
  }
  const stdData = params.find((param) => attr(param, 'key') === 'std_data') ?? params[0];
  if (!stdData) throw new Error('no std_data in the reply payload');
  if (attr(stdData, 'type').toLowerCase() === 'json') {
    const json = asNode(JSON.parse(textOf(stdData)));
    return { srvcode, execution: executionFrom(json?.execution), parameter: recordOrEmpty(json?.parameter) };
  }
  const dataResponse = asNode(stdData.data_response);
  if (!dataResponse) throw new Error('no <data_response>');
  return dataResponseReply(srvcode, dataResponse);
}

/**
 * TIPTOP's invokeSrv reply (§2.5): `<payload>` holds the service's answer as text, no `<param>` — the std_data
 * `<data_response>` (ASSUMPTION, as in §2.4), or the platform's message when srvcode is not 000.
 */
function decodeTiptopPayload(srvcode: string, payload: string): StdReply {
  if (srvcode !== '000') return { srvcode, parameter: {}, platformMessage: payload.trim() };
  const dataResponse = asNode(parseXml(payload.trim()).data_response);
  if (!dataResponse) throw new Error('no <data_response> in the TIPTOP payload');
  return dataResponseReply(srvcode, dataResponse);
}

function dataResponseReply(srvcode: string, dataResponse: Node): StdReply {
  const status = asNode(asNode(dataResponse.execution)?.status);
  if (!status) throw new Error('no <execution><status>');
  return {
    srvcode,
    execution: { code: attr(status, 'code'), sqlCode: attr(status, 'sql_code') || attr(status, 'sqlcode'), description: attr(status, 'description') },
    parameter: decodeParameters(asList(asNode(dataResponse.datainfo)?.parameter)),
  };
}

/** The five predefined entities and numeric character references, decoded in one pass (as the parser would). */
function unescapeXmlText(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos|#(\d+)|#x([0-9a-fA-F]+));/g, (whole, name: string, decimal: string | undefined, hex: string | undefined) => {
    if (decimal !== undefined || hex !== undefined) {
      const code = decimal !== undefined ? Number(decimal) : parseInt(hex!, 16);
      return Number.isInteger(code) && code >= 1 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
    }
    return ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" } as Record<string, string>)[name];
  });
}

/**
 * The escaped text of `<x:{operation}><x:{part}>…</x:{part}></x:{operation}>` in a SOAP reply, read without parsing
 * the envelope, which carries the whole answer as megabytes of escaped text (the bench's 5,000-line reply took
 * 0.7 s to parse as XML). Only the exact expected shape qualifies — escaped text, no CDATA, no Fault, no DOCTYPE
 * or entity declaration; anything else returns undefined and takes the full parse. The text itself is parsed (and
 * validated) as XML by the caller.
 */
function escapedSoapPart(body: string, operation: string, part: string): string | undefined {
  if (/<!(DOCTYPE|ENTITY)|Fault\b|CDATA/i.test(body)) return undefined;
  const match = new RegExp(`<(?:[\\w.-]+:)?${operation}\\b[^<>]*>\\s*<(?:[\\w.-]+:)?${part}>([^<]*)</(?:[\\w.-]+:)?${part}>\\s*</(?:[\\w.-]+:)?${operation}>`).exec(body);
  return match ? unescapeXmlText(match[1]) : undefined;
}

/** SOAP `invokeSrvResponse/response` (any prefix) or a bare `<response>` → the `<response>` text. */
function unwrapSoapReply(body: string): string {
  if (!/Envelope/.test(body.slice(0, 500))) return body;
  const fast = escapedSoapPart(body, 'invokeSrvResponse', 'response');
  if (fast !== undefined) return fast;
  const root = parseXml(body);
  const soapBody = asNode(asNode(root.Envelope)?.Body);
  if (!soapBody) throw new Error('SOAP envelope without Body');
  if (soapBody.Fault) throw new Error(`SOAP Fault: ${textOf(asNode(soapBody.Fault)?.faultstring).trim()}`);
  const wrapper = asNode(soapBody.invokeSrvResponse);
  if (!wrapper) throw new Error('no invokeSrvResponse');
  return textOf(wrapper.response);
}

function decodeJsonReply(encoding: StdEncoding, body: string, headers: Record<string, string | undefined>): StdReply {
  const json = asNode(JSON.parse(body));
  if (!json) throw new Error('JSON reply is not an object');
  if (encoding === 'json-v2') {
    const srvcode = (headers['digi-srvcode'] ?? '000').trim();
    const stdData = asNode(json.std_data);
    if (!stdData) throw new Error('no std_data');
    return { srvcode, execution: executionFrom(stdData.execution), parameter: recordOrEmpty(stdData.parameter) };
  }
  const srvcode = textOf(json.srvcode).trim();
  if (!srvcode) throw new Error('no srvcode');
  const stdData = asNode(asNode(json.payload)?.std_data);
  if (srvcode !== '000') return { srvcode, parameter: {}, platformMessage: textOf(asNode(json.payload)?.data) };
  if (!stdData || !asNode(stdData.execution)) throw new Error('no payload.std_data.execution');
  return { srvcode, execution: executionFrom(stdData.execution), parameter: recordOrEmpty(stdData.parameter) };
}

/** Read a reply. Throws only UnreadableReplyError; business and platform outcomes are in the StdReply. */
export function decodeReply(encoding: StdEncoding, body: string, headers: Record<string, string | undefined> = {}): StdReply {
  if (body.trim() === '') throw new UnreadableReplyError('empty body');
  try {
    if (encoding === 'xml') return decodeXmlResponse(unwrapSoapReply(body.trim()));
    try {
      return decodeJsonReply(encoding, body, headers);
    } catch (jsonError) {
      // Every srvcode-100 reply is XML, even on the JSON endpoint (§2.6): look for <srvcode> before giving up.
      if (body.includes('<srvcode>')) return decodeXmlResponse(body.trim());
      throw jsonError;
    }
  } catch (error) {
    if (error instanceof UnreadableReplyError) throw error;
    throw new UnreadableReplyError((error as Error)?.message ?? String(error));
  }
}

// ── sandbox: requests ────────────────────────────────────────────────────────────────────────────────────

function requireDatakey(datakey: StdAttributes | undefined): StdAttributes {
  if (!datakey || !datakey.EntId || !datakey.CompanyId) throw new PlatformError('aws-00038', 'aws-00038: EntId or CompanyId is empty');
  return datakey;
}

function decodeJsonV1(body: string): DecodedRequest {
  let json: Node | undefined;
  try {
    json = asNode(JSON.parse(body));
  } catch (error) {
    throw new PlatformError('-1', `Request isn't valid JSON document: ${(error as Error).message}`);
  }
  const service = stringAttributes(json?.service);
  if (!json || !service?.name) throw new PlatformError('-1', "Request isn't valid JSON document: not found service name");
  const host = stringAttributes(json.host) ?? {};
  const datakey = requireDatakey(stringAttributes(json.datakey));
  const stdData = asNode(asNode(json.payload)?.std_data);
  return {
    encoding: 'json',
    soap: false,
    request: { type: textOf(json.type) || 'sync', host, service, datakey, parameter: recordOrEmpty(stdData?.parameter) },
    receivedKey: textOf(json.key),
    expectedKey: jsonV1Key(host, service),
  };
}

function headerJson(headers: Record<string, string | undefined>, name: string): StdAttributes {
  const text = headers[name];
  try {
    const value = stringAttributes(JSON.parse(text ?? ''));
    if (value) return value;
  } catch {
    // fall through: a digi-* header that is not JSON is a platform refusal (§7.3)
  }
  throw new PlatformError('-1', `${name} is not a JSON object`);
}

function decodeJsonV2(body: string, headers: Record<string, string | undefined>): DecodedRequest {
  const host = headerJson(headers, 'digi-host');
  const service = headerJson(headers, 'digi-service');
  if (!service.name) throw new PlatformError('-1', "Request isn't valid JSON document: not found service name");
  const datakey = requireDatakey(headerJson(headers, 'digi-datakey'));
  let json: Node | undefined;
  try {
    json = asNode(JSON.parse(body));
  } catch (error) {
    throw new PlatformError('-1', `Request isn't valid JSON document: ${(error as Error).message}`);
  }
  return {
    encoding: 'json-v2',
    soap: false,
    request: { type: headers['digi-type'] ?? 'sync', host, service, datakey, parameter: recordOrEmpty(asNode(json?.std_data)?.parameter) },
    receivedKey: headers['digi-key'] ?? '',
    expectedKey: jsonV2Key(headers['digi-host'] ?? '', headers['digi-service'] ?? ''),
  };
}

function rawElement(text: string, name: string): string {
  return new RegExp(`<${name}\\b[^>]*?(?:/>|>[\\s\\S]*?</${name}>)`).exec(text)?.[0] ?? '';
}

function decodeXmlRequest(body: string): DecodedRequest {
  let outer: Node;
  try {
    outer = parseXml(body.trim());
  } catch (error) {
    throw new PlatformError('-1', `It isn't valid XML document. ${(error as Error).message}`);
  }
  const envelope = asNode(outer.Envelope);
  let soap = false;
  let text = body.trim();
  if (envelope) {
    soap = true;
    // §7.1: either Digiwin namespace, any prefix; a SOAP operation of another service is not invokeSrv.
    const prefix = /<(?:([\w.-]+):)?invokeSrv[\s>]/.exec(body)?.[1];
    const declared = new RegExp(`xmlns${prefix ? `:${prefix}` : ''}="([^"]*)"`).exec(body)?.[1];
    if (!declared || !INVOKE_NAMESPACES.includes(declared)) {
      throw new PlatformError('-1', `It isn't valid XML document. invokeSrv is not in the T100/TIPTOP namespace (${declared ?? 'none'})`);
    }
    const invoke = asNode(asNode(envelope.Body)?.invokeSrv);
    text = textOf(invoke?.request).trim();
  }
  let root: Node;
  try {
    root = soap ? parseXml(text) : outer;
  } catch (error) {
    throw new PlatformError('-1', `It isn't valid XML document. ${(error as Error).message}`);
  }
  const request = asNode(root.request);
  if (!request) throw new PlatformError('-1', "It isn't valid XML document. no <request> element");
  const service = attributesOf(asNode(request.service));
  if (!service.name) throw new PlatformError('-1', "Request isn't valid XML document: not found service name");
  const datakey: StdAttributes = {};
  for (const key of asList(asNode(request.datakey)?.key).map(asNode)) {
    if (!attr(key, 'name')) throw new PlatformError('aws-00038', 'aws-00038: <key> without name');
    setOwn(datakey, attr(key, 'name'), textOf(key).trim());
  }
  requireDatakey(datakey);
  const param = asList(asNode(request.payload)?.param).map(asNode).find((node) => attr(node, 'key') === 'std_data');
  let parameter: StdRecord = {};
  if (param && attr(param, 'type').toLowerCase() === 'json') {
    parameter = recordOrEmpty(asNode(JSON.parse(textOf(param)))?.parameter);
  } else if (param) {
    parameter = decodeParameters(asList(asNode(asNode(param.data_request)?.datainfo)?.parameter));
  }
  return {
    encoding: 'xml',
    soap,
    request: { type: attr(request, 'type') || 'sync', host: attributesOf(asNode(request.host)), service, datakey, parameter },
    receivedKey: attr(request, 'key'),
    expectedKey: xmlKey(rawElement(text, 'host'), rawElement(text, 'service')),
  };
}

/** Read a request as the platform does: any `<` makes it XML; a digi-reqid header makes it v2; else JSON v1. */
export function decodeRequest(body: string, headers: Record<string, string | undefined>): DecodedRequest {
  const lower: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) lower[name.toLowerCase()] = value;
  if (body.trim() === '') throw new PlatformError('', '');
  try {
    if (body.includes('<')) return decodeXmlRequest(body);
    if (lower['digi-reqid'] !== undefined) return decodeJsonV2(body, lower);
    return decodeJsonV1(body);
  } catch (error) {
    if (error instanceof PlatformError) throw error;
    throw new PlatformError('-1', `It isn't valid document. ${(error as Error)?.message ?? String(error)}`);
  }
}

// ── sandbox: replies ─────────────────────────────────────────────────────────────────────────────────────

function soapReply(inner: string, namespace = T100_NAMESPACE): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="${SOAP_NAMESPACE}"><soapenv:Body>` +
    `<fjs1:invokeSrvResponse xmlns:fjs1="${namespace}"><fjs1:response>${escapeXml(inner)}</fjs1:response></fjs1:invokeSrvResponse>` +
    `</soapenv:Body></soapenv:Envelope>`
  );
}

/** The srvcode-100 reply: XML on every endpoint, even JSON ones (§2.6). */
function platformFailureXml(message: string, srvcode: string): string {
  return `<response><srvver>1.0</srvver><srvcode>${escapeXml(srvcode)}</srvcode><payload><param key="data" type="XML">${cdata(message)}</param></payload></response>`;
}

/**
 * A reply as the platform writes it. `product: 'TIPTOP'` is aws_ttsrv2's invokeSrv (§2.5): srvver 5.3, the
 * answer as CDATA text directly in `<payload>`, the SOAP wrapper in TIPTOP's namespace; its JSON forms (via ESP)
 * are the integration platform's, as for T100.
 */
export function encodeReply(
  target: { encoding: StdEncoding; soap: boolean; product?: 'T100' | 'TIPTOP' },
  reply: StdReply,
): { body: string; contentType: string; headers: Record<string, string> } {
  const tiptopXml = target.product === 'TIPTOP' && target.encoding === 'xml';
  const execution = reply.execution ?? { code: '0', sqlCode: '0', description: '' };
  const dataResponse = (): string =>
    `<data_response><execution><status code="${escapeXml(execution.code)}" sql_code="${escapeXml(execution.sqlCode)}" description="${escapeXml(execution.description)}"/></execution>` +
    `<datainfo>${stdParameterToXml(reply.parameter)}</datainfo></data_response>`;
  if (tiptopXml) {
    const inner = reply.srvcode !== '000' ? (reply.platformMessage ?? '') : dataResponse();
    const xml = `<response><srvver>5.3</srvver><srvcode>${escapeXml(reply.srvcode)}</srvcode><payload>${cdata(inner)}</payload></response>`;
    return { body: target.soap ? soapReply(xml, TIPTOP_NAMESPACE) : xml, contentType: 'text/xml; charset=utf-8', headers: {} };
  }
  if (reply.srvcode !== '000') {
    const xml = platformFailureXml(reply.platformMessage ?? '', reply.srvcode);
    if (target.encoding === 'xml') return { body: target.soap ? soapReply(xml) : xml, contentType: 'text/xml; charset=utf-8', headers: {} };
    const headers: Record<string, string> = target.encoding === 'json-v2' ? { 'digi-srvver': '1.0', 'digi-srvcode': reply.srvcode, 'digi-protocol': 'raw' } : {};
    return { body: xml, contentType: 'application/json', headers };
  }
  const stdData = { execution: { code: execution.code, sql_code: execution.sqlCode, description: execution.description }, parameter: reply.parameter };
  switch (target.encoding) {
    case 'json':
      return {
        body: JSON.stringify({ srvver: '1.0', srvcode: reply.srvcode, payload: { std_data: stdData } }),
        contentType: 'application/json',
        headers: { 'Access-Control-Allow-Origin': '*' },
      };
    case 'json-v2':
      return {
        body: JSON.stringify({ std_data: stdData }),
        contentType: 'application/json',
        headers: { 'digi-srvver': '1.0', 'digi-srvcode': reply.srvcode, 'digi-protocol': 'raw' },
      };
    case 'xml': {
      const xml =
        `<response><srvver>1.0</srvver><srvcode>${escapeXml(reply.srvcode)}</srvcode><payload><param key="std_data" type="xml">${dataResponse()}</param></payload></response>`;
      return { body: target.soap ? soapReply(xml) : xml, contentType: 'text/xml; charset=utf-8', headers: {} };
    }
  }
}
