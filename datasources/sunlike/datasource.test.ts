/**
 * SunlikeDatasource against the sandbox over real HTTP. Time budget: < 8 s.
 * Every program (kind × subcontract): create, read, list, delete; validation before any call; token expiry → one
 * re-login; Bearer refused; REF_NO reuse → the same document; custom columns round trip; approve unsupported.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { issuingNote } from '../../src/catalog/documents/issuing-note';
import type { CanonicalInput } from '../../src/catalog/canonical';
import type { DocumentKind } from '../../src/catalog/types';
import { BadUserInputError, ErpRejectedError, UnsupportedActionError, UpstreamUnavailableError } from '../../src/errors';
import { GatewayMetrics } from '../../src/observability/metrics';
import { startSunlikeSandbox, SUNLIKE_SANDBOX_LOGIN, type RunningSunlikeSandbox } from '../../sandbox/sunlike/server';
import { parseSunlikeConnection } from './config';
import { SunlikeDatasource } from './datasource';

const KIND = issuingNote as unknown as DocumentKind;
const TODAY = new Date(2024, 5, 3, 10, 0, 0);

function input(overrides: Partial<CanonicalInput> = {}): CanonicalInput {
  return {
    docDate: '2024-06-03',
    department: '00000000',
    remark: 'gw test',
    lines: [
      { itemNo: 'A001', quantity: '2.5', warehouse: 'WH01', workOrderNo: 'MO001' },
      { itemNo: '00222', quantity: '1', unit: '1', warehouse: '002', workOrderNo: 'MO20081000000001', lot: 'L1', location: 'C-01' },
    ],
    ...overrides,
  };
}

describe('SunlikeDatasource', () => {
  let sandbox: RunningSunlikeSandbox;
  let manual: RunningSunlikeSandbox;
  let datasource: SunlikeDatasource;
  let manualSource: SunlikeDatasource;
  const make = (baseUrl: string, extra: Record<string, unknown> = {}): SunlikeDatasource =>
    new SunlikeDatasource(
      parseSunlikeConnection('sunlike', { erp: 'sunlike', baseUrl, company: 'PLUS', user: SUNLIKE_SANDBOX_LOGIN.user_id, password: SUNLIKE_SANDBOX_LOGIN.password, userNo: '9999', readRetries: 0, ...extra }, 'connections.sunlike'),
      new GatewayMetrics(),
      () => TODAY,
    );

  beforeAll(async () => {
    sandbox = await startSunlikeSandbox({ dataDir: mkdtempSync(path.join(tmpdir(), 'sunlike-ds-')), clock: () => TODAY });
    manual = await startSunlikeSandbox({ dataDir: mkdtempSync(path.join(tmpdir(), 'sunlike-dsm-')), id: 'm', numbering: 'manual', clock: () => TODAY });
    datasource = make(sandbox.baseUrl);
    manualSource = make(manual.baseUrl, { numbering: 'manual' });
  });
  afterAll(async () => {
    await datasource.close();
    await manualSource.close();
    await sandbox.close();
    await manual.close();
  });

  const programs = [
    ['ISSUE', false, 'MRPAG', 'ML'],
    ['RETURN', false, 'MRPAGI', 'M2'],
    ['SUPPLEMENT', false, 'MRPAGJ', 'M3'],
    ['ISSUE', true, 'MRPAGK', 'M4'],
    ['RETURN', true, 'MRPAGL', 'M5'],
    ['SUPPLEMENT', true, 'MRPAGM', 'M6'],
  ] as const;

  it.each(programs)('%s × subcontract %s (%s): create, read, list, delete', async (kind, subcontract, pgm, mlid) => {
    const created = await datasource.execute(KIND, 'create', { input: input({ kind, subcontract, supplier: subcontract ? '0009' : null }), reference: `REF-${pgm}` });
    expect(created.status).toBe('APPROVED');
    expect(created.rawStatus).toBe('ADMIN');
    expect(created.docNo).toMatch(new RegExp(`^LJ${mlid}240603\\d{8}$`));
    const stored = sandbox.documents({ docNo: created.docNo })[0]!;
    expect(stored).toEqual(expect.objectContaining({ pgm, mlid, refNo: `REF-${pgm}` }));
    const [read] = await datasource.read(KIND, [created.docNo]);
    expect(read).toEqual(expect.objectContaining({ docNo: created.docNo, status: 'APPROVED', program: pgm, kind, subcontract, docDate: '2024-06-03', department: '00000000', remark: 'gw test' }));
    expect(read!.lines!.map((line) => [line.itemNo, line.quantity, line.unit, line.warehouse, line.lot, line.location, line.workOrderNo])).toEqual([
      ['A001', '2.5', '1', 'WH01', null, null, 'MO001'],
      ['00222', '1', '1', '002', 'L1', 'C-01', 'MO20081000000001'],
    ]);
    const listed = await datasource.list(KIND, { filter: { docNoPrefix: `LJ${mlid}2406` }, order: { field: 'docNo', direction: 'ASC' }, limit: 10 });
    expect(listed.map((document) => document.docNo)).toContain(created.docNo);
    expect(await datasource.execute(KIND, 'delete', { docNo: created.docNo })).toEqual({ docNo: created.docNo, status: null, rawStatus: null });
    expect(await datasource.read(KIND, [created.docNo])).toEqual([null]);
  });

  it('lists across the six programs in order, keyset after, limit, and filters BATCHDATA lacks', async () => {
    const filter = { docDateFrom: '2020-08-01', docDateTo: '2020-08-31' };
    const all = await datasource.list(KIND, { filter, order: { field: 'docNo', direction: 'DESC' }, limit: 100 });
    expect(all.length).toBeGreaterThanOrEqual(18);
    expect(all.map((d) => d.docNo)).toEqual([...all.map((d) => d.docNo)].sort().reverse());
    const page = await datasource.list(KIND, { filter, order: { field: 'docNo', direction: 'DESC' }, after: { docNo: all[2]!.docNo }, limit: 3 });
    expect(page.map((d) => d.docNo)).toEqual(all.slice(3, 6).map((d) => d.docNo));
    expect(await datasource.count(KIND, { ...filter, itemNo: 'A002' })).toBe(6);
    expect(await datasource.count(KIND, { ...filter, workOrderNo: 'MO20081000000001', docNoPrefix: 'LJM5' })).toBe(1);
  });

  it('refuses bad input before any call', async () => {
    const before = sandbox.callCount();
    const bad: [Partial<CanonicalInput>, string][] = [
      [{ lines: [{ itemNo: 'A001', quantity: '1', warehouse: 'WH01' }] }, 'input.lines.0.workOrderNo'],
      [{ lines: [{ itemNo: 'X'.repeat(31), quantity: '1', warehouse: 'WH01', workOrderNo: 'MO001' }] }, 'input.lines.0.itemNo'],
      [{ department: '123456789' }, 'input.department'],
      [{ docDate: '2024/06/03' }, 'input.docDate'],
      [{ lines: [{ itemNo: 'A001', quantity: 'abc', warehouse: 'WH01', workOrderNo: 'MO001' }] }, 'input.lines.0.quantity'],
      [{ lines: [{ itemNo: 'A001', quantity: '1', unit: 'PK', warehouse: 'WH01', workOrderNo: 'MO001' }] }, 'input.lines.0.unit'],
      [{ program: 'MRPAGL', kind: 'ISSUE' }, 'input.program'],
      [{ program: 'MRPXX' }, 'input.program'],
      [{ erpFields: { ML_NO: 'X' } }, 'input.erpFields.ML_NO'],
      [{ erpFields: { USR: 'X'.repeat(13) } }, 'input.erpFields.USR'],
      [{ lines: [] }, 'input.lines'],
    ];
    for (const [overrides, field] of bad) {
      const error = await datasource.execute(KIND, 'create', { input: input(overrides), reference: 'BAD' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BadUserInputError);
      expect((error as BadUserInputError).field).toBe(field);
    }
    expect(sandbox.callCount()).toBe(before);
  });

  it("is as lenient as seed 002's example: a time part in docDate, decimal quantity, unlisted keys", async () => {
    const created = await datasource.execute(KIND, 'create', {
      input: input({ docDate: '2024-06-03 00:00:00', kind: 'RETURN', subcontract: true, supplier: '0009', erpFields: { TZ_NO: 'TW20081000000001', YL_ID: 'F', VOH_ID: '' }, lines: [{ itemNo: '00222', quantity: 15.0 as unknown as string, warehouse: '002', workOrderNo: 'MO20081000000001', erpFields: { CST: 146.50484770406251, QTY_ORI: 15, KND: '4' } }] }),
      reference: 'LENIENT-1',
    });
    expect(created.status).toBe('APPROVED');
  });

  it('custom columns round trip (head and line erpFields)', async () => {
    const created = await datasource.execute(KIND, 'create', {
      input: input({ erpFields: { LJ_M51: 1.5, LJ_NOTE: 'head' }, lines: [{ itemNo: 'A001', quantity: '3', warehouse: 'WH01', workOrderNo: 'MO001', erpFields: { LJ_M53: 2.25, ZC_PRD: 'Z1', EST_ITM: 7 } }] }),
      reference: 'CUSTOM-1',
    });
    const [read] = await datasource.read(KIND, [created.docNo]);
    expect(read!.erpFields).toEqual(expect.objectContaining({ LJ_M51: 1.5, LJ_NOTE: 'head', USR: 'ADMIN', USR_NO: '9999', FIX_CST1: '1', CHK_MAN: 'ADMIN' }));
    expect(read!.lines![0]!.erpFields).toEqual(expect.objectContaining({ LJ_M53: 2.25, ZC_PRD: 'Z1', EST_ITM: 7, PRE_ITM: 1 }));
    const stored = sandbox.documents({ docNo: created.docNo })[0]!;
    expect(stored.headZ).toEqual([{ LJ_M51: 1.5, LJ_NOTE: 'head', MLID: 'ML', ML_NO: created.docNo }]);
    expect(stored.linesZ).toEqual([{ LJ_M53: 2.25, MLID: 'ML', ML_NO: created.docNo, ITM: 1 }]);
  });

  it('REF_NO reuse answers the same document, no second one', async () => {
    const first = await datasource.execute(KIND, 'create', { input: input(), reference: 'SAME-1' });
    const again = await datasource.executeCustomized(KIND, 'createAndPost', { input: input(), reference: 'SAME-1' });
    expect(again).toEqual({ docNo: first.docNo, status: 'APPROVED', rawStatus: 'ADMIN', steps: ['create', 'approve', 'post'], related: [{ type: 'IssuingNote', docNo: first.docNo }] });
    expect(sandbox.documents().filter((document) => document.refNo === 'SAME-1')).toHaveLength(1);
    const approve = await datasource.executeCustomized(KIND, 'createAndApprove', { input: input(), reference: 'SAME-2' });
    expect(approve.steps).toEqual(['create', 'approve']);
    expect(datasource.hasCustomized(KIND, 'createAndApprove')).toBe(true);
    expect(datasource.hasCustomized(KIND, 'reverse')).toBe(false);
  });

  it('a lost ADDDATA reply: the retry under the same reference answers the committed document', async () => {
    sandbox.faults.add({ api: 'ADDDATA', mode: 'lost_reply' });
    await expect(datasource.execute(KIND, 'create', { input: input(), reference: 'LOST-1' })).rejects.toBeInstanceOf(UpstreamUnavailableError);
    await expect(datasource.findByReference(KIND, 'LOST-1', input())).rejects.toBeInstanceOf(UpstreamUnavailableError);
    const retry = await datasource.execute(KIND, 'create', { input: input(), reference: 'LOST-1' });
    expect(sandbox.documents().filter((document) => document.refNo === 'LOST-1').map((d) => d.docNo)).toEqual([retry.docNo]);
  });

  it('manual numbering: ML_NO = REF_NO, findByReference by GETDATA, read/delete without a LJ number', async () => {
    const created = await manualSource.execute(KIND, 'create', { input: input({ kind: 'SUPPLEMENT', subcontract: true }), reference: 'MAN-0001' });
    expect(created.docNo).toBe('MAN-0001');
    const fresh = make(manual.baseUrl, { numbering: 'manual' });
    expect((await fresh.findByReference(KIND, 'MAN-0001')).map((d) => d.program)).toEqual(['MRPAGM']);
    expect(await fresh.findByReference(KIND, 'MAN-NONE')).toEqual([]);
    expect(await fresh.execute(KIND, 'delete', { docNo: 'MAN-0001' })).toEqual({ docNo: 'MAN-0001', status: null, rawStatus: null });
    await fresh.close();
  });

  it('token expiry → one re-login and success; a Bearer prefix is refused by the sandbox', async () => {
    await datasource.read(KIND, ['LJML00000000000000']);
    const logins = sandbox.callCount('LOGIN');
    sandbox.expireTokens();
    const created = await datasource.execute(KIND, 'create', { input: input(), reference: 'TOKEN-1' });
    expect(created.status).toBe('APPROVED');
    expect(sandbox.callCount('LOGIN')).toBe(logins + 1);
    const bearer = await fetch(`${sandbox.baseUrl}/MRPAG/GETDATA`, { method: 'POST', headers: { authorization: 'Bearer whatever' }, body: '{}' });
    expect(((await bearer.json()) as { code: number }).code).toBe(401);
  });

  it('ERP refusals become typed errors; approve and update are UNSUPPORTED_ACTION; no secret in errors', async () => {
    const rejected = await datasource.execute(KIND, 'create', { input: input({ lines: [{ itemNo: 'NOPE', quantity: '1', warehouse: 'WH01', workOrderNo: 'MO001' }] }), reference: 'REJ-1' }).catch((e: unknown) => e);
    expect(rejected).toBeInstanceOf(ErpRejectedError);
    expect((rejected as ErpRejectedError).erp).toEqual({ code: '2', message: '料号[NOPE]不存在' });
    for (const action of ['approve', 'post', 'update', 'disapprove', 'void'] as const) {
      await expect(datasource.execute(KIND, action, { docNo: 'X' })).rejects.toBeInstanceOf(UnsupportedActionError);
    }
    const wrong = make(sandbox.baseUrl, { password: 'wrong-secret' });
    const error = (await wrong.read(KIND, ['LJML00000000000000']).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(ErpRejectedError);
    expect(error.message).not.toContain('wrong-secret');
    await wrong.close();
  });
});
