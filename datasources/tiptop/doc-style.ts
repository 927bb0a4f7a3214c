/**
 * TIPTOP's own XML standard (TIPTOP自訂標準規範, protocols/digiwin.md §2.5), client side: a DOC-style SOAP operation
 * per service on aws_ttsrv2, `tip:{Op}Request/tip:request` holding the `<Request>` as escaped text, the reply
 * `{Op}Response/response` holding the `<Response>`. Values are strings, in the order given. Pure: no I/O.
 * (The sandbox reads and writes this with its own code, sandbox/tiptop/doc-style.ts: a second implementation.)
 */
import { escapeXml, parseSafeXml, SOAP_NAMESPACE, TIPTOP_NAMESPACE, UnreadableReplyError } from '../common/digiwin/envelope';

/** One `<Record>`: its `<Field name value>`s in order. */
export type DocRecord = readonly (readonly [name: string, value: string])[];

export interface DocRecordSet {
  readonly master: { readonly table: string; readonly record: DocRecord };
  readonly detail?: { readonly table: string; readonly records: readonly DocRecord[] };
}

export interface DocRequest {
  readonly access: {
    readonly user: string;
    readonly password: string;
    readonly application: string;
    readonly source: string;
    readonly organization: string;
    readonly language: string;
  };
  /** RequestContent/Parameter/Record (e.g. status = Y). */
  readonly parameter: DocRecord;
  readonly recordSets: readonly DocRecordSet[];
}

export interface DocResponse {
  readonly code: string;
  readonly sqlcode: string;
  readonly description: string;
  /** ResponseContent/Parameter/Record fields, by name (names from the ERP: a Map, never a plain object). */
  readonly parameter: ReadonlyMap<string, string>;
}

function fields(record: DocRecord): string {
  return record.map(([name, value]) => `<Field name="${escapeXml(name)}" value="${escapeXml(value)}"/>`).join('');
}

/** The `<Request>` document (§2.5). */
export function docRequestXml(request: DocRequest): string {
  const { access } = request;
  const sets = request.recordSets
    .map(
      (set, index) =>
        `<RecordSet id="${index + 1}"><Master name="${escapeXml(set.master.table)}"><Record>${fields(set.master.record)}</Record></Master>` +
        (set.detail ? `<Detail name="${escapeXml(set.detail.table)}">${set.detail.records.map((record) => `<Record>${fields(record)}</Record>`).join('')}</Detail>` : '') +
        `</RecordSet>`,
    )
    .join('');
  return (
    `<Request><Access><Authentication user="${escapeXml(access.user)}" password="${escapeXml(access.password)}"/>` +
    `<Connection application="${escapeXml(access.application)}" source="${escapeXml(access.source)}"/>` +
    `<Organization name="${escapeXml(access.organization)}"/><Locale language="${escapeXml(access.language)}"/></Access>` +
    `<RequestContent><Parameter><Record>${fields(request.parameter)}</Record></Parameter><Document>${sets}</Document></RequestContent></Request>`
  );
}

/** The SOAP request for operation `op` (CreateMISCIssueData …): the `<Request>` as escaped text in `tip:request`. */
export function encodeDocRequest(op: string, request: DocRequest): { body: string; contentType: string; headers: Record<string, string> } {
  const body =
    `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="${SOAP_NAMESPACE}" xmlns:tip="${TIPTOP_NAMESPACE}">` +
    `<soapenv:Header/><soapenv:Body><tip:${op}Request><tip:request>${escapeXml(docRequestXml(request))}</tip:request></tip:${op}Request>` +
    `</soapenv:Body></soapenv:Envelope>`;
  return { body, contentType: 'text/xml; charset=utf-8', headers: { SOAPAction: '""' } };
}

type Node = Record<string, unknown>;
const node = (value: unknown): Node | undefined => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Node) : undefined);
const list = (value: unknown): unknown[] => (value === undefined || value === null ? [] : Array.isArray(value) ? value : [value]);
const text = (value: unknown): string => {
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  const found = node(value);
  return found ? text(found['#text']) : '';
};
const attribute = (element: Node | undefined, name: string): string => {
  const value = element?.[`@_${name}`];
  return value === undefined || value === null ? '' : String(value);
};

/** Read `{Op}Response/response` (any prefix), or a bare `<Response>`. Throws UnreadableReplyError only. */
export function decodeDocResponse(op: string, body: string): DocResponse {
  if (body.trim() === '') throw new UnreadableReplyError('empty body');
  try {
    let inner = body.trim();
    if (/Envelope/.test(inner.slice(0, 500))) {
      const soapBody = node(node(parseSafeXml(inner, new Set()).Envelope)?.Body);
      if (!soapBody) throw new Error('SOAP envelope without Body');
      if (soapBody.Fault) throw new Error(`SOAP Fault: ${text(node(soapBody.Fault)?.faultstring).trim()}`);
      const wrapper = node(soapBody[`${op}Response`]);
      if (!wrapper) throw new Error(`no ${op}Response`);
      inner = text(wrapper.response).trim();
    }
    const response = node(parseSafeXml(inner, new Set(['Record', 'Field'])).Response);
    if (!response) throw new Error('no <Response> element');
    const status = node(node(response.Execution)?.Status);
    if (!status) throw new Error('no <Execution><Status>');
    const parameter = new Map<string, string>();
    for (const record of list(node(node(response.ResponseContent)?.Parameter)?.Record)) {
      for (const field of list(node(record)?.Field)) parameter.set(attribute(node(field), 'name'), attribute(node(field), 'value'));
    }
    return { code: attribute(status, 'code'), sqlcode: attribute(status, 'sqlcode') || attribute(status, 'sql_code'), description: attribute(status, 'description'), parameter };
  } catch (error) {
    if (error instanceof UnreadableReplyError) throw error;
    throw new UnreadableReplyError((error as Error)?.message ?? String(error));
  }
}
