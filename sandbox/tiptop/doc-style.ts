/**
 * The sandbox's own codec for TIPTOP's DOC-style services on aws_ttsrv2 (protocols/digiwin.md §2.5, §5.2): the SOAP
 * operation `tip:{Op}Request/tip:request` carrying the TIPTOP自訂標準規範 `<Request>` as text (XML-escaped or CDATA),
 * and the `{Op}Response/response` carrying `<Response>`. Written independently of any client codec: the sandbox is
 * a second implementation, so the two can catch each other's mistakes. Only the safe XML reader is shared.
 */
import { escapeXml, parseSafeXml, setOwn, TIPTOP_NAMESPACE, SOAP_NAMESPACE } from '../../datasources/common/digiwin/envelope';

/** A Request the service refuses before doing anything (§2.6: `-1` with TIPTOP's text). */
export class DocStyleError extends Error {
  constructor(
    readonly code: string,
    readonly description: string,
  ) {
    super(description);
  }
}

/** Field name → value (all strings, §2.5), in a null-prototype record: names come off the wire. */
export type Fields = Record<string, string>;

export interface DocRecordSet {
  readonly id: string;
  /** `Master@name` (`ina_file`, `imm_file`) and its first Record. */
  readonly master: { readonly name: string; readonly fields: Fields };
  /** Every `Detail` (`inb_file`, `imn_file`), each with its Records (one per line). */
  readonly details: readonly { readonly name: string; readonly records: readonly Fields[] }[];
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
  /** `RequestContent/Parameter/Record/Field` (status = Y | N …). */
  readonly parameter: Fields;
  readonly recordSets: readonly DocRecordSet[];
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
  if (Array.isArray(value)) return value.map(textOf).join('');
  const node = asNode(value);
  return node ? textOf(node['#text']) : '';
}

function attr(node: Node | undefined, name: string): string {
  const value = node?.[`@_${name}`];
  return value === undefined || value === null ? '' : String(value);
}

/** The element children of a parsed node, in document order (text and attributes left out). */
function elements(node: Node | undefined): [string, unknown][] {
  return Object.entries(node ?? {}).filter(([name]) => !name.startsWith('#') && !name.startsWith('@_'));
}

// ── SOAP envelope ────────────────────────────────────────────────────────────────────────────────────────

/** The first element of a SOAP Body, by local name, and its prefix's namespace; undefined when there is none. */
export function soapOperation(body: string): { name: string; namespace: string | undefined } | undefined {
  const match = /<(?:[\w.-]+:)?Body\b[^>]*>\s*<(?:([\w.-]+):)?([\w.-]+)[\s/>]/.exec(body);
  if (!match) return undefined;
  const prefix = match[1];
  const namespace = new RegExp(`xmlns${prefix ? `:${prefix}` : ''}="([^"]*)"`).exec(body)?.[1];
  return { name: match[2], namespace };
}

/**
 * A DOC-style SOAP request: the operation (`CreateMISCIssueData`, from `{Op}Request`) and the `<Request>` text of its
 * `request` part. Throws DocStyleError when the envelope itself cannot be read.
 */
export function unwrapDocEnvelope(body: string): { operation: string; requestText: string } {
  let root: Node;
  try {
    root = parseSafeXml(body.trim(), new Set());
  } catch (error) {
    throw new DocStyleError('-1', `Request isn't valid XML document! ${(error as Error).message}`);
  }
  const soapBody = asNode(asNode(root.Envelope)?.Body);
  const [name, wrapper] = elements(soapBody)[0] ?? [];
  if (!name || !name.endsWith('Request')) throw new DocStyleError('-1', "Request isn't valid XML document! no {Op}Request in the SOAP Body");
  return { operation: name.slice(0, -'Request'.length), requestText: textOf(asNode(wrapper)?.request) };
}

// ── Request ──────────────────────────────────────────────────────────────────────────────────────────────

const LISTS: ReadonlySet<string> = new Set(['RecordSet', 'Record', 'Field', 'Detail', 'Master']);

function fieldsOf(record: Node | undefined): Fields {
  const fields: Fields = Object.create(null) as Fields;
  for (const field of asList(record?.Field).map(asNode)) {
    if (field && attr(field, 'name') !== '') setOwn(fields, attr(field, 'name'), attr(field, 'value'));
  }
  return fields;
}

/**
 * The `<Request>` text → its parts. Bad XML → `-1` `Request isn't valid XML document!` (§2.6). Unknown elements are
 * ignored (§2.5). Whether Access names a real user is the service's business, not the codec's.
 */
export function decodeDocRequest(requestText: string): DocRequest {
  let root: Node;
  try {
    root = parseSafeXml(requestText.trim(), LISTS);
  } catch {
    throw new DocStyleError('-1', "Request isn't valid XML document!");
  }
  const request = asNode(root.Request);
  if (!request) throw new DocStyleError('-1', "Request isn't valid XML document!");
  const access = asNode(request.Access);
  const content = asNode(request.RequestContent);
  const parameterRecord = asNode(asList(asNode(content?.Parameter)?.Record)[0]);
  const recordSets: DocRecordSet[] = [];
  for (const set of asList(asNode(content?.Document)?.RecordSet).map(asNode)) {
    const master = asNode(asList(set?.Master)[0]);
    if (!set || !master) continue;
    recordSets.push({
      id: attr(set, 'id'),
      master: { name: attr(master, 'name'), fields: fieldsOf(asNode(asList(master.Record)[0])) },
      details: asList(set.Detail)
        .map(asNode)
        .filter((detail): detail is Node => detail !== undefined)
        .map((detail) => ({ name: attr(detail, 'name'), records: asList(detail.Record).map((record) => fieldsOf(asNode(record))) })),
    });
  }
  return {
    access: {
      user: attr(asNode(access?.Authentication), 'user'),
      password: attr(asNode(access?.Authentication), 'password'),
      application: attr(asNode(access?.Connection), 'application'),
      source: attr(asNode(access?.Connection), 'source'),
      organization: attr(asNode(access?.Organization), 'name'),
      language: attr(asNode(access?.Locale), 'language'),
    },
    parameter: fieldsOf(parameterRecord),
    recordSets,
  };
}

// ── Response ─────────────────────────────────────────────────────────────────────────────────────────────

export interface DocResponse {
  readonly code: string;
  readonly sqlcode?: string;
  readonly description: string;
  /** `ResponseContent/Parameter/Record/Field`s, in order (`ina01` / `imm01`, empty when nothing was committed). */
  readonly parameter: readonly (readonly [string, string])[];
}

/** The `<Response>` XML (§2.5), compact. */
export function responseXml(response: DocResponse): string {
  const fields = response.parameter.map(([name, value]) => `<Field name="${escapeXml(name)}" value="${escapeXml(value)}"/>`).join('');
  return (
    `<Response><Execution><Status code="${escapeXml(response.code)}" sqlcode="${escapeXml(response.sqlcode ?? '0')}" description="${escapeXml(response.description)}"/></Execution>` +
    `<ResponseContent><Parameter><Record>${fields}</Record></Parameter><Document/></ResponseContent></Response>`
  );
}

/** The SOAP reply of operation `{Op}`: `fjs1:{Op}Response/fjs1:response` holding the Response XML-escaped (§2.5). */
export function encodeDocResponse(operation: string, response: DocResponse): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="${SOAP_NAMESPACE}"><soapenv:Body>` +
    `<fjs1:${operation}Response xmlns:fjs1="${TIPTOP_NAMESPACE}"><fjs1:response>${escapeXml(responseXml(response))}</fjs1:response></fjs1:${operation}Response>` +
    `</soapenv:Body></soapenv:Envelope>`
  );
}
