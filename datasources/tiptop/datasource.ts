/**
 * TIPTOP GP datasource: the shared Digiwin OpenAPI datasource over `tt.oapi` (datasources/common/digiwin/), plus
 * TIPTOP's customized DOC-style APIs CreateMISCIssueData and CreateTransferNote (protocols/digiwin.md §2.5, §5.2).
 *
 * The gateway reference (design §2): misc documents keep it in the remark `ina07` (`gw:<ref>`, or the client's
 * remark followed by ` [gw:<ref>]`), stripped on read. A transfer has no column for it (§5.2: no remark is read):
 * a lost create is found again by date + department + identical lines (§5.3 step 5, ASSUMPTION).
 */
import type { ActionResult, CanonicalDocument, CanonicalInput, CanonicalLine } from '../../src/catalog/canonical';
import { operationFor } from '../../src/catalog';
import { COMPOSITE_STEPS } from '../../src/catalog/lifecycle';
import type { Action, Composite, DocumentKind } from '../../src/catalog/types';
import { BadUserInputError, UpstreamUnavailableError } from '../../src/errors';
import type { GatewayMetrics } from '../../src/observability/metrics';
import { PartialCompositeError, type CompositeResult } from '../types';
import type { StdRecord } from '../common/digiwin/envelope-types';
import { DigiwinOpenApiDatasource, quote } from '../common/digiwin/openapi-datasource';
import { toWireDate } from '../common/digiwin/std-mapping';
import type { TiptopConnectionConfig } from './config';
import type { DocRecord, DocRecordSet } from './doc-style';
import { IMM, INA, tiptopMapping } from './mapping';
import { referenceNeedle, remarkWithReference, remarkWithoutReference } from '../common/remark-reference';
import { TIPTOP_STATUS } from './status';
import { TiptopTransport } from './transport';

export { remarkWithReference, remarkWithoutReference };

/** §2.5: dates `YYYY/MM/DD`. */
function docDate(iso: string): string {
  return iso.replace(/-/g, '/');
}

/** §2.5: a blank warehouse, location or lot is one space. */
function place(value: string | null | undefined): string {
  return value && value.trim() !== '' ? value : ' ';
}

function isMisc(kind: DocumentKind): boolean {
  return tiptopMapping(kind.type)?.head.table === 'ina_file';
}

export class TiptopDatasource extends DigiwinOpenApiDatasource {
  declare readonly erp: 'tiptop';
  private readonly tiptop: TiptopTransport;

  constructor(
    private readonly config: TiptopConnectionConfig,
    metrics: GatewayMetrics,
    private readonly clock: () => Date = () => new Date(),
  ) {
    const transport = new TiptopTransport(config, metrics, clock);
    super(config, transport, { erp: 'tiptop', label: 'TIPTOP', status: TIPTOP_STATUS, mappingOf: tiptopMapping });
    this.tiptop = transport;
  }

  /** The plant's date now (its UTC offset), as TIPTOP stamps a document created without one. */
  private today(): string {
    const [sign, hours, minutes] = /^([+-])(\d\d):(\d\d)$/.exec(this.config.utcOffset)!.slice(1);
    const offsetMs = (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes)) * 60_000;
    return new Date(this.clock().getTime() + offsetMs).toISOString().slice(0, 10);
  }

  /** A transfer is found again by its date: it is sent with one, the plant's today when the client gave none. */
  private dated(kind: DocumentKind, input: CanonicalInput): CanonicalInput {
    return isMisc(kind) || input.docDate ? input : { ...input, docDate: this.today() };
  }

  protected withReference(kind: DocumentKind, record: StdRecord, reference: string): StdRecord {
    if (!isMisc(kind)) return record;
    return { ...record, remark: remarkWithReference(typeof record.remark === 'string' ? record.remark : null, reference) };
  }

  protected referenceConditions(kind: DocumentKind, reference: string): StdRecord[] | null {
    return isMisc(kind) ? [{ field_name: 'remark', operator: 'LIKE', value: quote(`%${referenceNeedle(reference)}%`) }] : null;
  }

  /** The client's remark without the reference; the raw flags in erpFields (§3.3). */
  protected override presented(kind: DocumentKind, document: CanonicalDocument): CanonicalDocument {
    const [conf, post] = [document.rawStatus.charAt(0), document.rawStatus.charAt(1)];
    const columns = isMisc(kind) ? { [INA.conf]: conf, [INA.post]: post } : { [IMM.conf]: conf, [IMM.post]: post };
    const erpFields = Object.assign(Object.create(null) as Record<string, unknown>, document.erpFields ?? {}, columns);
    return { ...document, remark: remarkWithoutReference(document.remark), erpFields };
  }

  override async execute(kind: DocumentKind, action: Action, args: { docNo?: string; input?: CanonicalInput; reference?: string }): Promise<ActionResult> {
    if (!args.input) return super.execute(kind, action, args);
    this.check(kind, args.input);
    return super.execute(kind, action, { ...args, input: action === 'create' ? this.dated(kind, args.input) : args.input });
  }

  /** What TIPTOP cannot store, refused before any call. */
  private check(kind: DocumentKind, input: CanonicalInput): void {
    if (!isMisc(kind) && input.remark) throw new BadUserInputError('input.remark', `TIPTOP ${kind.type} documents have no remark column (imm_file)`);
  }

  /**
   * A lost create found again: misc documents by the reference in their remark; a transfer by date, department and
   * identical lines (it has no column for a reference), read in full to compare.
   */
  override async findByReference(kind: DocumentKind, reference: string, input?: CanonicalInput): Promise<CanonicalDocument[]> {
    if (isMisc(kind) || !input) return super.findByReference(kind, reference, input);
    const wanted = this.dated(kind, input);
    const conditions: StdRecord[] = [{ field_name: 'doc_date', operator: '=', value: quote(toWireDate(wanted.docDate!)) }];
    if (wanted.department) conditions.push({ field_name: 'department_no', operator: '=', value: quote(wanted.department) });
    if (wanted.docType) conditions.push({ field_name: 'doc_no', operator: 'LIKE', value: quote(`${wanted.docType}-%`) });
    const firstItem = wanted.lines?.[0]?.itemNo;
    if (firstItem) conditions.push({ field_name: 'item_no', operator: '=', value: quote(firstItem) });
    // Only transfers changed recently can be the one this create sent (ASSUMPTION: modify_date in UTC, as T100's).
    const since = new Date(this.clock().getTime() - this.config.contentLookupMinutes * 60_000);
    conditions.push({ field_name: 'modify_date', operator: '>=', value: quote(since.toISOString().replace(/[-:T]/g, '').slice(0, 14)) });
    const { row } = this.mappingOf(kind, 'list');
    const numbers: string[] = [];
    for (let page = 1; page <= 20; page++) {
      const reply = await this.query(row, { page_no: page, page_size: 100, conditions, conditions_operator: 'AND', orders: [{ field_name: 'doc_no', order_type: 'ASC' }] });
      const heads = Array.isArray(reply.parameter.data) ? (reply.parameter.data as StdRecord[]) : [];
      numbers.push(...heads.map((head) => String(head.doc_no ?? '').trim()).filter(Boolean));
      if (reply.parameter.has_next !== true && String(reply.parameter.has_next) !== 'true') break;
    }
    if (numbers.length === 0) return [];
    const full: CanonicalDocument[] = [];
    for (let start = 0; start < numbers.length; start += 100) full.push(...((await this.read(kind, numbers.slice(start, start + 100))).filter(Boolean) as CanonicalDocument[]));
    return full.filter((document) => sameLines(document.lines ?? [], wanted.lines ?? []));
  }

  hasCustomized(kind: DocumentKind, composite: Composite): boolean {
    return operationFor(kind, 'tiptop', composite)?.kind === 'CUSTOMIZED' && Boolean(tiptopMapping(kind.type));
  }

  /**
   * createAndPost through CreateMISCIssueData / CreateTransferNote: one call, `status=Y`, exactly one RecordSet.
   * Not atomic (§5.2): an error with a number left a document behind (PartialCompositeError, for the composite
   * runner to read and undo); an error with an empty number committed nothing — decided by the number, not the
   * text, which CreateTransferNote's post step can mask.
   */
  async executeCustomized(kind: DocumentKind, composite: Composite, args: { docNo?: string; input?: CanonicalInput; reference?: string }): Promise<CompositeResult> {
    const row = operationFor(kind, 'tiptop', composite);
    if (!row || row.kind !== 'CUSTOMIZED' || composite === 'reverse' || !args.input) throw this.unsupported(kind, composite);
    this.check(kind, args.input);
    if (isMisc(kind)) {
      // §5.2: CreateMISCIssueData takes each line's unit from the item; a unit the client chose would be ignored.
      const index = (args.input.lines ?? []).findIndex((line) => line.unit);
      if (index >= 0) throw new BadUserInputError(`input.lines[${index}].unit`, `${row.api} books every line in the item's own unit; leave unit out, or create, approve and post step by step`);
    }
    const reply = await this.tiptop.send({
      api: row.api,
      doc: { parameter: [['status', 'Y']], recordSets: [customizedRecordSet(kind, this.dated(kind, args.input), args.reference, this.today())] },
    });
    const docNo = (reply.parameter.get(row.shape.replyKey ?? INA.docNo) ?? '').trim();
    // Success without a number cannot be settled from the answer: the document is found again by reference instead.
    if (reply.code === '0' && !docNo) throw new UpstreamUnavailableError('unreadable', this.config.id, row.api, `success without ${row.shape.replyKey ?? INA.docNo}`);
    const related = docNo ? [{ type: kind.type, docNo }] : [];
    if (reply.code !== '0') {
      const refusal = this.tiptop.docRefusal(reply, row.api);
      if (docNo) throw new PartialCompositeError(docNo, refusal, related);
      throw refusal;
    }
    return { docNo, status: null, rawStatus: null, steps: COMPOSITE_STEPS[composite], related };
  }
}

/** The one RecordSet of a customized create (§5.2), in the notes' field order; erpFields after the mapped fields. */
export function customizedRecordSet(kind: DocumentKind, input: CanonicalInput, reference: string | undefined, today: string): DocRecordSet {
  if (!input.docType) throw new BadUserInputError('input.docType', `TIPTOP numbers a ${kind.type} from its slip: input.docType is required`);
  const date = docDate(input.docDate ?? today);
  const lines = input.lines ?? [];
  const extra = (fields: Record<string, unknown> | null | undefined, owned: readonly string[], path: string): DocRecord =>
    Object.entries(fields ?? {}).map(([name, value]) => {
      if (owned.includes(name)) throw new BadUserInputError(`${path}.${name}`, `${name} is written from the canonical fields`);
      return [name, value === null || value === undefined ? '' : String(value)] as const;
    });
  if (isMisc(kind)) {
    const head: [string, string][] = [[INA.docNo, input.docType], [INA.docDate, date]];
    if (input.department) head.push(['ina04', input.department]);
    if (typeof input.applicant === 'string') head.push(['ina11', input.applicant]);
    if (reference || input.remark) head.push([INA.remark, reference ? remarkWithReference(input.remark, reference) : String(input.remark)]);
    const headOwned = ['ina00', 'ina01', 'ina02', 'ina03', 'ina04', 'ina07', 'ina11', 'inaconf', 'inapost'];
    const lineOwned = ['inb03', 'inb04', 'inb05', 'inb06', 'inb07', 'inb09', 'inb15'];
    return {
      master: { table: 'ina_file', record: [...head, ...extra(input.erpFields, headOwned, 'input.erpFields')] },
      detail: {
        table: 'inb_file',
        records: lines.map((line, index) => [
          ['inb04', line.itemNo],
          ['inb05', place(line.warehouse)],
          ['inb06', place(line.location)],
          ['inb07', place(line.lot)],
          ['inb09', String(line.quantity)],
          ...(typeof input.reason === 'string' ? [['inb15', input.reason] as const] : []),
          ...extra(line.erpFields, lineOwned, `input.lines[${index}].erpFields`),
        ]),
      },
    };
  }
  const head: [string, string][] = [[IMM.docNo, input.docType], [IMM.docDate, date]];
  if (input.department) head.push(['imm14', input.department]);
  const headOwned = ['imm01', 'imm02', 'imm03', 'imm04', 'imm10', 'imm14', 'immconf'];
  const lineOwned = ['imn03', 'imn04', 'imn05', 'imn06', 'imn09', 'imn10', 'imn15', 'imn16', 'imn17', 'imn20', 'imn21', 'imn22'];
  return {
    master: { table: 'imm_file', record: [...head, ...extra(input.erpFields, headOwned, 'input.erpFields')] },
    detail: {
      table: 'imn_file',
      records: lines.map((line, index) => [
        ['imn03', line.itemNo],
        ['imn04', place(line.warehouse)],
        ['imn05', place(line.location)],
        ['imn06', place(line.lot)],
        ...(line.unit ? [['imn09', line.unit] as const] : []),
        ['imn10', String(line.quantity)],
        ['imn15', place(line.toWarehouse)],
        ['imn16', place(line.toLocation)],
        ['imn17', place(line.toLot)],
        // §5.2: a same-unit move receives what it sends.
        ...(line.unit ? [['imn20', line.unit] as const] : []),
        ['imn21', '1'],
        ['imn22', String(line.quantity)],
        ...extra(line.erpFields, lineOwned, `input.lines[${index}].erpFields`),
      ]),
    },
  };
}


/** The same lines, in any order: item, quantity, places (blank and one space alike). */
function sameLines(found: readonly CanonicalLine[], wanted: readonly CanonicalLine[]): boolean {
  const key = (line: CanonicalLine): string =>
    [line.itemNo, Number(line.quantity), line.warehouse, line.location, line.lot, line.toWarehouse, line.toLocation, line.toLot].map((value) => String(value ?? '').trim()).join('\u0000');
  const a = found.map(key).sort();
  const b = wanted.map(key).sort();
  return a.length === b.length && a.every((value, index) => value === b[index]);
}
