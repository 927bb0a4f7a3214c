/**
 * Sunlike / Online ERP material requisitions through GraphQL (issue 12 §1-2; seed 002; protocols/others.md §3):
 * seed 002's example, its comments removed, sent as an IssuingNote and answered in seed 002's shape with the custom
 * columns; every program (kind × subcontract); ADDDATA confirms on creation, so approve and post answer
 * UNSUPPORTED_ACTION and createAndPost is the one ADDDATA. Budget: < 15 s.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TestGateway, userErrorCodes } from '../../support/gateway';

const seedLines = readFileSync(path.join(__dirname, '../../fixtures/seeds/002_2d41a79f7d7100f3.txt'), 'utf8').split('\n');
/** Seed 002's request example with its `//` comments removed, otherwise as the seed writes it. */
const SEED_REQUEST = JSON.parse(seedLines[seedLines.findIndex((line) => line.startsWith('请求JSON示例')) + 1].replace(/\/\/[^"{}[\]]*/g, '')) as {
  MF_ML: Record<string, unknown>[];
  TF_ML: Record<string, unknown>[];
};

/** The columns the canonical model names; everything else of the seed travels in erpFields, as the seed names it. */
const HEAD_MAPPED = new Set(['MLID', 'ML_NO', 'ML_ID', 'ML_DD', 'DEP', 'CUS_NO', 'REM']);
const LINE_MAPPED = new Set(['MLID', 'ML_NO', 'ML_ID', 'ITM', 'ML_DD', 'PRD_NO', 'QTY', 'UNIT', 'WH', 'BAT_NO', 'MO_NO', 'REM', 'DEP', 'CUS_NO']);
const rest = (record: Record<string, unknown>, mapped: Set<string>): Record<string, unknown> => Object.fromEntries(Object.entries(record).filter(([key]) => !mapped.has(key)));

/** Seed 002's document as the GraphQL input an MES sends: MRPAGL is a subcontract (托工) return. */
function seedInput(): Record<string, unknown> {
  const head = SEED_REQUEST.MF_ML[0];
  const line = SEED_REQUEST.TF_ML[0];
  return {
    kind: 'RETURN',
    subcontract: true,
    docDate: String(head.ML_DD).slice(0, 10),
    department: head.DEP,
    supplier: head.CUS_NO,
    erpFields: rest(head, HEAD_MAPPED),
    lines: [{ itemNo: line.PRD_NO, quantity: line.QTY, unit: line.UNIT, warehouse: line.WH, workOrderNo: line.MO_NO, erpFields: rest(line, LINE_MAPPED) }],
  };
}

type Note = { docNo: string; status: string; erpStatus: string; erpFields: Record<string, unknown> | null; lines: { itemNo: string; quantity: string; erpFields: Record<string, unknown> | null }[] };
type Payload = { issuingNote: Note | null; userErrors: { code: string; message: string; field: string[] | null }[]; steps: { action: string; api: string; outcome: string }[] };
const FIELDS = 'issuingNote { docNo status erpStatus erpFields lines { itemNo quantity erpFields } } userErrors { code message field } steps { action api outcome }';

describe('IssuingNote on Sunlike / Online ERP', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await TestGateway.start({ connections: { sunlike: { readRetries: 0 } } });
  });
  afterAll(() => gateway.stop());

  async function run(field: string, args: string, variables: Record<string, unknown>): Promise<Payload> {
    const declarations = [variables.docNo !== undefined ? '$docNo: String!' : '', variables.input !== undefined ? '$input: IssuingNoteInput!' : '', variables.key !== undefined ? '$key: String' : '']
      .filter(Boolean)
      .join(', ');
    const { data, errors } = await gateway.query<Record<string, Payload>>(`mutation(${declarations}) { ${field}(connection: "sunlike", ${args}) { ${FIELDS} } }`, variables);
    expect(errors).toBeUndefined();
    return data![field];
  }

  it('books seed 002’s example as one ADDDATA, confirmed on creation, and reads it back with its custom columns', async () => {
    const calls = await gateway.upstreamCalls('sunlike', 'MRPAG/ADDDATA');
    const result = await run('createAndPostIssuingNote', 'input: $input, idempotencyKey: $key', { input: seedInput(), key: 'seed-002' });
    expect(result.userErrors).toEqual([]);
    expect(result.steps).toEqual([expect.objectContaining({ action: 'createAndPost', api: 'MRPAG/ADDDATA', outcome: 'DONE' })]);
    expect(await gateway.upstreamCalls('sunlike', 'MRPAG/ADDDATA')).toBe(calls + 1);
    const note = result.issuingNote!;
    // Confirmed by ADDDATA itself (CHK_MAN = the user), in program MRPAGL (MLID M5).
    expect(note).toMatchObject({ status: 'APPROVED', erpStatus: 'ADMIN' });
    expect(note.docNo).toMatch(/^LJM5\d{14}$/);
    expect(note.erpFields).toMatchObject({ LJ_M51: 1, LJ_M52: 1, TZ_NO: 'TW20081000000001', YL_ID: 'F' });
    expect(note.lines[0]).toMatchObject({ itemNo: '00222', quantity: expect.stringMatching(/^15(\.0+)?$/) });
    expect(note.lines[0].erpFields).toMatchObject({ LJ_M53: 1, LJ_M54: 1, KND: '4', MRP_NO: '0022', CST: 146.504847704063 });
    const read = await gateway.query<{ issuingNote: Note }>(`{ issuingNote(connection: "sunlike", docNo: "${note.docNo}") { docNo status erpFields lines { itemNo erpFields } } }`);
    expect(read.data!.issuingNote).toMatchObject({ docNo: note.docNo, status: 'APPROVED', erpFields: expect.objectContaining({ LJ_M51: 1 }) });
    // The same key again: the recorded answer, no second ADDDATA.
    const again = await run('createAndPostIssuingNote', 'input: $input, idempotencyKey: $key', { input: seedInput(), key: 'seed-002' });
    expect(again.issuingNote!.docNo).toBe(note.docNo);
    expect(await gateway.upstreamCalls('sunlike', 'MRPAG/ADDDATA')).toBe(calls + 1);
  });

  it.each([
    ['ISSUE', false, 'ML'],
    ['RETURN', false, 'M2'],
    ['SUPPLEMENT', false, 'M3'],
    ['ISSUE', true, 'M4'],
    ['RETURN', true, 'M5'],
    ['SUPPLEMENT', true, 'M6'],
  ])('creates, lists and deletes a %s note (subcontract %s) in its own program (MLID %s)', async (kind, subcontract, mlid) => {
    const input = { ...seedInput(), kind, subcontract, erpFields: {}, lines: [{ itemNo: '00222', quantity: '2', unit: '1', warehouse: '002', workOrderNo: 'MO20081000000001' }] };
    const created = await run('createIssuingNote', 'input: $input', { input });
    expect(created.userErrors).toEqual([]);
    const { docNo } = created.issuingNote!;
    expect(docNo.startsWith(`LJ${mlid}`)).toBe(true);
    const listed = await gateway.query<{ issuingNotes: { edges: { node: { docNo: string } }[] } }>(
      '{ issuingNotes(connection: "sunlike", filter: { docDateFrom: "2020-08-01", docDateTo: "2020-08-31" }, first: 100) { edges { node { docNo } } } }',
    );
    expect(listed.data!.issuingNotes.edges.map((edge) => edge.node.docNo)).toContain(docNo);
    const deleted = await gateway.query<{ deleteIssuingNote: { deletedDocNo: string; userErrors: unknown[] } }>(`mutation { deleteIssuingNote(connection: "sunlike", docNo: "${docNo}") { deletedDocNo userErrors { code } } }`);
    expect(deleted.data!.deleteIssuingNote).toEqual({ deletedDocNo: docNo, userErrors: [] });
  });

  it('reverses a note by deleting it (Sunlike has no void)', async () => {
    const { issuingNote } = await run('createIssuingNote', 'input: $input', { input: { ...seedInput(), erpFields: {} } });
    const reversed = await run('reverseIssuingNote', 'docNo: $docNo', { docNo: issuingNote!.docNo });
    expect(reversed.userErrors).toEqual([]);
    expect(reversed.issuingNote).toBeNull();
    expect(reversed.steps.map((step) => `${step.action}:${step.api}:${step.outcome}`)).toEqual(['delete:MRPAG/DELETEDATA:DONE']);
    const read = await gateway.query<{ issuingNote: unknown }>(`{ issuingNote(connection: "sunlike", docNo: "${issuingNote!.docNo}") { docNo } }`);
    expect(read.data!.issuingNote).toBeNull();
  });

  it('answers UNSUPPORTED_ACTION for approve and post (Sunlike has no such verb), and refuses what the ERP would, before calling it', async () => {
    const { issuingNote } = await run('createIssuingNote', 'input: $input', { input: { ...seedInput(), erpFields: {} } });
    for (const action of ['approveIssuingNote', 'postIssuingNote']) expect(userErrorCodes(await run(action, 'docNo: $docNo', { docNo: issuingNote!.docNo }))).toEqual(['UNSUPPORTED_ACTION']);
    const calls = await gateway.upstreamCalls('sunlike');
    const tooLong = await run('createIssuingNote', 'input: $input', { input: { ...seedInput(), erpFields: {}, lines: [{ itemNo: 'P'.repeat(31), quantity: '1', unit: '1', warehouse: '002', workOrderNo: 'MO20081000000001' }] } });
    expect(tooLong.userErrors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: expect.arrayContaining(['itemNo']) })]);
    const noWorkOrder = await run('createIssuingNote', 'input: $input', { input: { ...seedInput(), erpFields: {}, lines: [{ itemNo: '00222', quantity: '1', unit: '1', warehouse: '002' }] } });
    expect(userErrorCodes(noWorkOrder)).toEqual(['BAD_USER_INPUT']);
    expect(await gateway.upstreamCalls('sunlike')).toBe(calls);
  });
});

describe('a lost ADDDATA reply on Sunlike', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await TestGateway.start({ connections: { sunlike: { readRetries: 0, timeoutMs: 800 } } });
  });
  afterAll(() => gateway.stop());

  it('is settled by the client’s retry under the same key: ADDDATA with the same REF_NO answers the first document, no second one', async () => {
    await gateway.injectFault('sunlike', { api: 'MRPAG/ADDDATA', mode: 'lost_reply' });
    const input = { ...seedInput(), erpFields: {} };
    const query = `mutation($input: IssuingNoteInput!) { createAndPostIssuingNote(connection: "sunlike", input: $input, idempotencyKey: "lost-addd-1") { ${FIELDS} } }`;
    const before = (await gateway.sandboxDocuments('sunlike')).length;
    const first = (await gateway.query<{ createAndPostIssuingNote: Payload }>(query, { input })).data!.createAndPostIssuingNote;
    expect(userErrorCodes(first)).toEqual(['UPSTREAM_UNAVAILABLE']);
    const retried = (await gateway.query<{ createAndPostIssuingNote: Payload }>(query, { input })).data!.createAndPostIssuingNote;
    expect(retried.userErrors).toEqual([]);
    expect(retried.issuingNote).toMatchObject({ status: 'APPROVED' });
    expect((await gateway.sandboxDocuments('sunlike')).length).toBe(before + 1);
  });
});
