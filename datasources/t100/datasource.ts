/**
 * Digiwin T100 datasource: the shared Digiwin OpenAPI datasource (datasources/common/digiwin/openapi-datasource.ts)
 * with T100's transport, mappings and status codes, plus its customized (定製型) XML APIs (protocols §5.1). No
 * per-document code: a new T100 document kind is a catalog entry and a mapping.
 */
import type { ActionResult, CanonicalInput, ListQuery } from '../../src/catalog/canonical';
import { operationFor, type ResolvedOperation } from '../../src/catalog';
import { COMPOSITE_STEPS } from '../../src/catalog/lifecycle';
import type { Action, Composite, CustomizedShape, DocumentKind, Operation } from '../../src/catalog/types';
import type { T100ConnectionConfig } from './config';
import { BadUserInputError } from '../../src/errors';
import type { GatewayMetrics } from '../../src/observability/metrics';
import { PartialCompositeError, type CompositeResult } from '../types';
import type { StdRecord } from '../common/digiwin/envelope-types';
import { asRecords, DigiwinOpenApiDatasource, keysetRequests as stdKeysetRequests, quote } from '../common/digiwin/openapi-datasource';
import { asString, detailKey, recordSetKey, t100Mapping, toWireRecord, type StdMapping, type WireRecord } from './mapping';
import { T100_STATUS } from './status';
import { T100Transport } from './transport';

/** §6 keyset requests with T100's status codes. */
export function keysetRequests(query: ListQuery, mapping?: StdMapping): { conditions: StdRecord[]; orders: StdRecord[] }[] {
  return stdKeysetRequests(query, T100_STATUS, mapping);
}

export class T100Datasource extends DigiwinOpenApiDatasource {
  declare readonly erp: 't100';

  constructor(
    private readonly config: T100ConnectionConfig,
    metrics: GatewayMetrics,
    clock?: () => Date,
  ) {
    super(config, new T100Transport(config, metrics, clock), { erp: 't100', label: 'T100', status: T100_STATUS, mappingOf: t100Mapping });
  }

  /** ASSUMPTION (§5.3 step 1): OpenAPI creates carry the gateway reference in source_no, as the captured customized
   * create does, so an unanswered create can be found again by it. */
  protected withReference(_kind: DocumentKind, record: StdRecord, reference: string): StdRecord {
    return { ...record, source_no: reference };
  }

  protected referenceConditions(_kind: DocumentKind, reference: string): StdRecord[] {
    return [{ field_name: 'source_no', operator: '=', value: quote(reference) }];
  }

  /**
   * The row an operation uses on this connection: for the document's program where rows differ per program, and
   * the customized alternative of a plain action where the connection's config asks for it (design §2).
   */
  private rowFor(kind: DocumentKind, operation: Operation, program?: unknown): { mapping: StdMapping; row: ResolvedOperation } {
    const mapping = t100Mapping(kind.type);
    const alternative = this.config.customizedActions.includes(`${kind.type}.${operation}`);
    const row = operationFor(kind, 't100', operation, { program: typeof program === 'string' ? program : null, alternative });
    if (!mapping || !row) throw this.unsupported(kind, operation);
    return { mapping, row };
  }

  override async execute(
    kind: DocumentKind,
    action: Action,
    args: { docNo?: string; input?: CanonicalInput; reference?: string },
  ): Promise<ActionResult> {
    const { mapping, row } = this.rowFor(kind, action, args.input?.program);
    if (row.kind === 'CUSTOMIZED') {
      // A plain action through a customized API (design §2): it has no later steps, so a number means it landed.
      try {
        return await this.callCustomized(kind, mapping, row, args);
      } catch (error) {
        if (!(error instanceof PartialCompositeError)) throw error;
        if (error.docNo) return { docNo: error.docNo, status: null, rawStatus: null };
        throw error.refusal;
      }
    }
    return this.executeOpenApi(kind, mapping, row, action, args);
  }

  hasCustomized(kind: DocumentKind, composite: Composite, program?: string | null): boolean {
    return operationFor(kind, 't100', composite, { program })?.kind === 'CUSTOMIZED' && Boolean(t100Mapping(kind.type));
  }

  /** A customized create's record set: the OpenAPI record with the API's own field names (§5.1, shape). */
  private customizedRecord(mapping: StdMapping, shape: CustomizedShape, input: CanonicalInput, reference: string | undefined): StdRecord {
    const wire = toWireRecord(mapping, input);
    // The API's own names (renames, result quantities) are the gateway's to write: a client's erpFields may not.
    const owned = new Set([...Object.values(shape.headRenames ?? {}), ...Object.values(shape.lineRenames ?? {}), ...(shape.results ?? []).flatMap((result) => [...result.quantity, ...(result.minus ? [result.minus] : [])])]);
    const clash = (fields: Record<string, unknown> | null | undefined, path: string): void => {
      for (const key of Object.keys(fields ?? {})) if (owned.has(key)) throw new BadUserInputError(`${path}.${key}`, `${key} is written by the gateway for ${shape.dataKey ?? 'this API'}`);
    };
    clash(input.erpFields, 'input.erpFields');
    (input.lines ?? []).forEach((line, index) => clash(line.erpFields, `input.lines[${index}].erpFields`));
    const rename = (record: WireRecord, renames: Readonly<Record<string, string>> = {}): StdRecord =>
      // Keys may be client-named (erpFields): only the shape's own renames apply.
      Object.fromEntries(Object.entries(record).map(([key, value]) => [Object.hasOwn(renames, key) ? renames[key] : key, value])) as StdRecord;
    const head = rename(wire, shape.headRenames);
    const lines = asRecords(wire[detailKey(mapping)]).map((line) => rename(line as WireRecord, shape.lineRenames));
    delete head[detailKey(mapping)];
    return {
      ...head,
      ...(reference ? { source_no: reference } : {}),
      operator_no: this.config.user,
      ...(mapping.lines ? { [shape.detailKey ?? detailKey(mapping)]: lines } : {}),
    };
  }

  /**
   * One call to a customized API (XML only, §5.1). A create sends its record set and answers the number the reply
   * names; a reversal sends `doc_no` and the shape's `action`. A reply naming a number with an error is a partial
   * success (not atomic): PartialCompositeError, for the composite runner to settle.
   */
  private async callCustomized(
    kind: DocumentKind,
    mapping: StdMapping,
    row: ResolvedOperation,
    args: { docNo?: string; input?: CanonicalInput; reference?: string },
  ): Promise<CompositeResult> {
    const enterprise = /^\d+$/.test(this.config.enterprise) ? Number(this.config.enterprise) : this.config.enterprise;
    const common: StdRecord = { enterprise_no: enterprise, site_no: this.config.site };
    const steps: readonly Action[] = row.operation === 'createAndApprove' || row.operation === 'createAndPost' ? COMPOSITE_STEPS[row.operation] : [];
    if (args.docNo !== undefined && !args.input) {
      const docNo = args.docNo;
      const reply = await this.transport.send({ api: row.api, encoding: 'xml', parameter: { ...common, doc_no: docNo, action: row.shape.action ?? 'cancel' } });
      if (reply.execution?.code !== '0') throw this.transport.refusal(reply, row.api, { typeName: kind.type, docNo, action: 'void' });
      return { docNo, status: null, rawStatus: null, steps };
    }
    const dataKey = row.shape.dataKey ?? recordSetKey(mapping);
    const reply = await this.transport.send({
      api: row.api,
      encoding: 'xml',
      parameter: {
        ...common,
        ...(row.shape.action ? { action: row.shape.action } : {}),
        [dataKey]: [this.customizedRecord(mapping, row.shape, args.input ?? {}, args.reference)],
      },
    });
    const docNo = asString(reply.parameter[row.shape.replyKey ?? 'doc_no']);
    const related = (row.shape.results ?? [{ type: kind.type, replyKey: row.shape.replyKey ?? 'doc_no' }])
      .map((result) => ({ type: result.type, docNo: asString(reply.parameter[result.replyKey]) }))
      .filter((document) => document.docNo !== '');
    if (reply.execution?.code !== '0') throw new PartialCompositeError(docNo, this.transport.refusal(reply, row.api), related);
    // The reply names the documents, not the state they reached (§5.3): the caller reads them back.
    return { docNo, status: null, rawStatus: null, steps, related };
  }

  async executeCustomized(
    kind: DocumentKind,
    composite: Composite,
    args: { docNo?: string; input?: CanonicalInput; reference?: string; program?: string | null },
  ): Promise<CompositeResult> {
    const { mapping, row } = this.rowFor(kind, composite, args.program ?? args.input?.program);
    if (row.kind !== 'CUSTOMIZED') throw this.unsupported(kind, composite);
    return this.callCustomized(kind, mapping, row, args);
  }

}
