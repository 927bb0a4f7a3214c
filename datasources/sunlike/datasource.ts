/**
 * Sunlike ERP / Online ERP datasource (protocols/others.md §3): IssuingNote on the six MRPAG programs.
 *
 * - create / createAndApprove / createAndPost: ONE ADDDATA, REF_NO = the gateway reference. ADDDATA confirms the
 *   document itself (CHK_MAN), so the composites are that one call. Code 3 (REF_NO already used for this PGM) means
 *   an earlier attempt under the same reference committed: its ML_NO is the answer, no second document.
 * - Which program holds a number (GETDATA/DELETEDATA need PGM + MLID + ML_NO): an ERP number `LJ{MLID}…` names
 *   it; else the program this process saw it under (creates, lists, reads); else each of the six is asked in turn
 *   (a wrong program answers code 4).
 * - list/count: BATCHDATA per program (all six, or the one a `LJ{MLID}` docNoPrefix implies), DATE_TYPE 0 with the
 *   filter's dates (default: listWindowDays back to today). BATCHDATA has no conditions for item, warehouse, work
 *   order, status or number prefix, and no paging: those filters, the keyset and the limit are applied here on the
 *   rows it returned.
 * - Lost ADDDATA reply: under manual numbering ML_NO = REF_NO, so GETDATA settles it. Under auto numbering nothing
 *   searchable carries REF_NO (BATCHDATA cannot filter on it); the settlement is ADDDATA's own code 3: the retry
 *   under the same reference answers the number of the document the lost call made. findByReference then says so
 *   (UPSTREAM_UNAVAILABLE) rather than claim that nothing is held.
 */
import type { ActionResult, CanonicalDocument, CanonicalInput, DocumentFilter, KeysetPosition, ListQuery } from '../../src/catalog/canonical';
import { COMPOSITE_STEPS } from '../../src/catalog/lifecycle';
import type { Action, Composite, DocumentKind } from '../../src/catalog/types';
import { BadUserInputError, ErpRejectedError, NotFoundError, UnsupportedActionError, UpstreamUnavailableError } from '../../src/errors';
import type { GatewayMetrics } from '../../src/observability/metrics';
import type { CompositeResult, ErpDatasource } from '../types';
import type { SunlikeConnectionConfig } from './config';
import { buildAddData, decodeDocuments, parseErpDate, programByMlid, programByPgm, programOfInput, programOfNumber, PROGRAMS, type SunlikeProgram } from './mapping';
import { SunlikeTransport, type SunlikeReply } from './transport';

const READ_PARALLELISM = 4;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function localDate(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export class SunlikeDatasource implements ErpDatasource {
  readonly erp = 'sunlike' as const;
  /** ADDDATA answers a REF_NO it already holds with that document (code 3): a resend is the lookup (ASSUMPTION, §3.5: code 3 is the notes' choice). */
  readonly idempotentCreates = true;
  readonly connection: string;
  private readonly transport: SunlikeTransport;
  /** docNo → program, from creates, reads and lists (numbers that do not name their program). */
  private readonly programOf = new Map<string, string>();

  constructor(
    private readonly config: SunlikeConnectionConfig,
    metrics: GatewayMetrics,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.connection = config.id;
    this.transport = new SunlikeTransport(config, metrics);
  }

  get circuit(): 'closed' | 'open' | 'half_open' {
    return this.transport.circuit;
  }

  supports(kind: DocumentKind): boolean {
    return Boolean(kind.erps.sunlike);
  }

  private requireSupported(kind: DocumentKind): void {
    if (!this.supports(kind)) throw new UnsupportedActionError(kind.type, 'read', this.connection, 'Sunlike');
  }

  private remember(documents: readonly CanonicalDocument[]): void {
    for (const document of documents) if (typeof document.program === 'string') this.programOf.set(document.docNo, document.program);
  }

  /** Programs to ask for a number, the likeliest first. */
  private candidates(docNo: string): SunlikeProgram[] {
    const known = programOfNumber(docNo) ?? programByPgm(this.programOf.get(docNo) ?? '');
    return known ? [known, ...PROGRAMS.filter((program) => program !== known && !programOfNumber(docNo))] : [...PROGRAMS];
  }

  /** GETDATA under one program: the document, or null for code 4. */
  private async get(program: SunlikeProgram, docNo: string): Promise<CanonicalDocument | null> {
    const reply = await this.transport.call('GETDATA', { PGM: program.pgm, MLID: program.mlid, ML_NO: docNo });
    if (reply.code === 4) return null;
    if (reply.code !== 0) throw this.transport.refusal(reply, 'MRPAG/GETDATA');
    const [document] = decodeDocuments(reply.data, true);
    if (document) this.remember([document]);
    return document ?? null;
  }

  private async find(docNo: string): Promise<{ document: CanonicalDocument; program: SunlikeProgram } | null> {
    for (const program of this.candidates(docNo)) {
      const document = await this.get(program, docNo);
      if (document) return { document, program };
    }
    return null;
  }

  async read(kind: DocumentKind, docNos: readonly string[]): Promise<(CanonicalDocument | null)[]> {
    this.requireSupported(kind);
    return mapBounded(docNos, READ_PARALLELISM, async (docNo) => (docNo === '' || docNo.length > 20 ? null : ((await this.find(docNo))?.document ?? null)));
  }

  private window(filter: DocumentFilter): { from: string; to: string } {
    const check = (value: string | null | undefined, field: string): string | undefined => {
      if (value === undefined || value === null) return undefined;
      const parsed = parseErpDate(value);
      if (!parsed) throw new BadUserInputError(`filter.${field}`, `filter.${field} must be a date YYYY-MM-DD`);
      return parsed.date;
    };
    const to = check(filter.docDateTo, 'docDateTo') ?? localDate(this.clock());
    const back = new Date(`${to}T00:00:00Z`);
    back.setUTCDate(back.getUTCDate() - this.config.listWindowDays);
    const from = check(filter.docDateFrom, 'docDateFrom') ?? back.toISOString().slice(0, 10);
    return { from, to };
  }

  /** Every document BATCHDATA returns for the filter's programs and dates, with the conditions it lacks applied here. */
  private async collect(filter: DocumentFilter): Promise<CanonicalDocument[]> {
    const { from, to } = this.window(filter);
    const implied = filter.docNoPrefix ? /^LJ(ML|M[2-6])/.exec(filter.docNoPrefix)?.[1] : undefined;
    const programs = implied ? [programByMlid(implied)!] : PROGRAMS;
    const batches = await Promise.all(
      programs.map(async (program) => {
        const reply = await this.transport.call('BATCHDATA', {
          PGM: program.pgm,
          MLID: program.mlid,
          ML_NO: '',
          DATE_TYPE: 0,
          START_DATE: from,
          END_DATE: to,
          ORDER_BY: { ML_NO: 'ASC' },
        });
        if (reply.code === 4) return [];
        if (reply.code !== 0) throw this.transport.refusal(reply, 'MRPAG/BATCHDATA');
        return decodeDocuments(reply.data, true);
      }),
    );
    const all = batches.flat();
    this.remember(all);
    return all.filter((document) => matches(document, filter));
  }

  async list(kind: DocumentKind, query: ListQuery): Promise<CanonicalDocument[]> {
    this.requireSupported(kind);
    const rows = await this.collect(query.filter);
    const { field, direction } = query.order;
    const sign = direction === 'DESC' ? -1 : 1;
    const compare = (a: KeysetPosition, b: KeysetPosition): number => {
      if (field === 'docDate') {
        const byDate = (a.docDate ?? '').localeCompare(b.docDate ?? '');
        if (byDate !== 0) return sign * byDate;
      }
      return sign * (a.docNo < b.docNo ? -1 : a.docNo > b.docNo ? 1 : 0);
    };
    rows.sort(compare);
    const after = query.after;
    const page = after ? rows.filter((row) => compare(row, after) > 0) : rows;
    return page.slice(0, Math.max(0, query.limit));
  }

  async count(kind: DocumentKind, filter: DocumentFilter): Promise<number> {
    this.requireSupported(kind);
    return (await this.collect(filter)).length;
  }

  private today(): string {
    return localDate(this.clock());
  }

  private async create(kind: DocumentKind, input: CanonicalInput | undefined, reference: string | undefined): Promise<ActionResult> {
    this.requireSupported(kind);
    if (!input) throw new BadUserInputError('input', 'input is required');
    if (!reference) throw new BadUserInputError('idempotencyKey', 'a create on Sunlike needs the gateway reference (REF_NO)');
    const { body, program } = buildAddData(input, {
      reference,
      numbering: this.config.numbering,
      defaultFixCst: this.config.defaultFixCst,
      user: this.config.user,
      userNo: this.config.userNo,
      today: this.today(),
    });
    const reply = await this.transport.call('ADDDATA', body as unknown as Record<string, unknown>);
    if (reply.code === 0) {
      const [document] = decodeDocuments(reply.data, false);
      if (!document || document.docNo === '') throw new UpstreamUnavailableError('unreadable', this.connection, 'MRPAG/ADDDATA', 'the reply names no ML_NO');
      this.programOf.set(document.docNo, program.pgm);
      return { docNo: document.docNo, status: 'APPROVED', rawStatus: document.rawStatus };
    }
    if (reply.code === 3) return this.settleDuplicate(reply, program, reference);
    throw this.transport.refusal(reply, 'MRPAG/ADDDATA');
  }

  /** Code 3: REF_NO was used for this program by an earlier attempt under the same gateway reference — that document is the answer. */
  private async settleDuplicate(reply: SunlikeReply, program: SunlikeProgram, reference: string): Promise<ActionResult> {
    const data = reply.data !== null && typeof reply.data === 'object' ? (reply.data as Record<string, unknown>) : undefined;
    const mlNo = data && typeof data.ML_NO === 'string' && data.ML_NO !== '' ? data.ML_NO : this.config.numbering === 'manual' ? reference : undefined;
    if (!mlNo) throw new ErpRejectedError({ code: '3', message: reply.message }, 'MRPAG/ADDDATA', this.connection);
    const held = programByMlid(typeof data?.MLID === 'string' ? data.MLID : '') ?? program;
    this.programOf.set(mlNo, held.pgm);
    const document = await this.get(held, mlNo);
    if (!document) throw new ErpRejectedError({ code: '3', message: `${reply.message} (REF_NO ${reference} → ${mlNo}, which no longer reads back)` }, 'MRPAG/ADDDATA', this.connection);
    return { docNo: document.docNo, status: document.status, rawStatus: document.rawStatus };
  }

  private async delete(kind: DocumentKind, docNo: string | undefined): Promise<ActionResult> {
    this.requireSupported(kind);
    if (!docNo) throw new BadUserInputError('docNo', 'docNo is required');
    if (docNo.length > 20) throw new NotFoundError(kind.type, docNo, this.connection);
    // The program of a number the gateway cannot place is found by GETDATA (each wrong program answers 4).
    const known = programOfNumber(docNo) ?? programByPgm(this.programOf.get(docNo) ?? '');
    const program = known ?? (await this.find(docNo))?.program;
    if (!program) throw new NotFoundError(kind.type, docNo, this.connection);
    const reply = await this.transport.call('DELETEDATA', { PGM: program.pgm, MLID: program.mlid, ML_NO: docNo });
    if (reply.code === 4) throw new NotFoundError(kind.type, docNo, this.connection);
    if (reply.code !== 0) throw this.transport.refusal(reply, 'MRPAG/DELETEDATA');
    this.programOf.delete(docNo);
    return { docNo, status: null, rawStatus: null };
  }

  async execute(kind: DocumentKind, action: Action, args: { docNo?: string; input?: CanonicalInput; reference?: string }): Promise<ActionResult> {
    if (action === 'create') return this.create(kind, args.input, args.reference);
    if (action === 'delete') return this.delete(kind, args.docNo);
    // §3.1: no approve, unapprove or post verb; update would change the number (delete + re-add).
    throw new UnsupportedActionError(kind.type, action, this.connection, 'Sunlike');
  }

  hasCustomized(kind: DocumentKind, composite: Composite): boolean {
    return this.supports(kind) && (composite === 'createAndApprove' || composite === 'createAndPost');
  }

  async executeCustomized(kind: DocumentKind, composite: Composite, args: { docNo?: string; input?: CanonicalInput; reference?: string; program?: string | null }): Promise<CompositeResult> {
    if (composite === 'reverse') throw new UnsupportedActionError(kind.type, composite, this.connection, 'Sunlike');
    const input = args.input && args.program && !args.input.program ? { ...args.input, program: args.program } : args.input;
    const result = await this.create(kind, input, args.reference);
    return { ...result, steps: COMPOSITE_STEPS[composite], related: [{ type: kind.type, docNo: result.docNo }] };
  }

  async findByReference(kind: DocumentKind, reference: string, input?: CanonicalInput): Promise<CanonicalDocument[]> {
    this.requireSupported(kind);
    if (this.config.numbering === 'manual') {
      if (reference === '' || reference.length > 20) return [];
      // ML_NO = REF_NO: GETDATA under the input's program (else each of the six) settles it.
      let programs: readonly SunlikeProgram[] = PROGRAMS;
      if (input) {
        try {
          programs = [programOfInput(input)];
        } catch {
          programs = PROGRAMS;
        }
      }
      for (const program of programs) {
        const document = await this.get(program, reference);
        if (document) return [document];
      }
      return [];
    }
    throw new UpstreamUnavailableError(
      'platform',
      this.connection,
      'MRPAG/BATCHDATA',
      `Sunlike cannot search by REF_NO under auto numbering; resend the create under the same idempotency key: ADDDATA answers code 3 with the document reference ${reference} made, without a second one`,
    );
  }

  async close(): Promise<void> {
    await this.transport.close();
  }
}

/** The filters BATCHDATA cannot express (it has numbers, dates and departments only), on the rows it returned. */
function matches(document: CanonicalDocument, filter: DocumentFilter): boolean {
  const lines = document.lines ?? [];
  if (filter.status && filter.status.length > 0 && !filter.status.includes(document.status)) return false;
  if (filter.docNoPrefix && !document.docNo.startsWith(filter.docNoPrefix)) return false;
  if (filter.docDateFrom && (document.docDate ?? '') < filter.docDateFrom.slice(0, 10)) return false;
  if (filter.docDateTo && (document.docDate ?? '') > filter.docDateTo.slice(0, 10)) return false;
  if (filter.itemNo && !lines.some((line) => line.itemNo === filter.itemNo)) return false;
  if (filter.warehouse && !lines.some((line) => line.warehouse === filter.warehouse)) return false;
  if (filter.workOrderNo && document.workOrderNo !== filter.workOrderNo && !lines.some((line) => line.workOrderNo === filter.workOrderNo)) return false;
  if (filter.modifiedSince) {
    const at = typeof document.modifiedAt === 'string' ? new Date(document.modifiedAt.replace(' ', 'T')) : document.modifiedAt;
    if (!at || Number.isNaN(at.getTime()) || at < filter.modifiedSince) return false;
  }
  if (filter.anyOf) {
    const values = new Set(filter.anyOf.values);
    const field = filter.anyOf.field;
    const own = (record: Record<string, unknown>): boolean => Object.hasOwn(record, field) && values.has(String(record[field]));
    if (!own(document) && !lines.some((line) => own(line as unknown as Record<string, unknown>))) return false;
  }
  return true;
}
