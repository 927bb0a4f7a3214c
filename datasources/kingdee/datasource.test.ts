/**
 * KingdeeDatasource against the Kingdee sandbox over real HTTP, in both auth modes (signed headers; session via
 * ValidateUser, and via LoginBySign): every action, reads, lists with filters and keyset paging, count,
 * createAndApprove (BatchSave auto-audit) and its partial case, createMany mapped back by index, duplicate numbers,
 * session loss, bad credentials, findByReference, transport failures.
 * Time budget: < 8 s (one sandbox per auth mode, SQLite in a temp dir).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { documentKind } from '../../src/catalog';
import type { CanonicalInput } from '../../src/catalog/canonical';
import { BadUserInputError, ErpRejectedError, InvalidTransitionError, NotFoundError, UpstreamUnavailableError } from '../../src/errors';
import { GatewayMetrics } from '../../src/observability/metrics';
import { SANDBOX_ACCT_ID, SANDBOX_APP_ID, SANDBOX_APP_SECRET, SANDBOX_PASSWORD, SANDBOX_USER, startKingdeeSandbox, type RunningKingdeeSandbox } from '../../sandbox/kingdee/server';
import { PartialCompositeError } from '../types';
import { parseKingdeeConnection } from './config';
import { KingdeeDatasource } from './datasource';
import { kingdeeFamily } from './family';

const MISC = documentKind('MiscIssue')!;

function input(overrides: Partial<CanonicalInput> = {}, item = 'SKU-RED-M', quantity = '2'): CanonicalInput {
  return {
    docDate: '2024-10-01',
    department: 'BM000001',
    remark: '样品',
    lines: [{ itemNo: item, quantity, unit: 'Pcs', warehouse: 'CK001', lot: 'B20240901', remark: 'line note', erpFields: { FProduceDate: '2024-09-01' } }],
    ...overrides,
  };
}

const MODES = [
  ['signed', { auth: 'signed', appId: SANDBOX_APP_ID, appSecret: SANDBOX_APP_SECRET }],
  ['session (ValidateUser)', { auth: 'session', password: SANDBOX_PASSWORD }],
  ['session (LoginBySign)', { auth: 'session', appId: SANDBOX_APP_ID, appSecret: SANDBOX_APP_SECRET }],
] as const;

describe.each(MODES)('KingdeeDatasource, %s', (mode, auth) => {
  let sandbox: RunningKingdeeSandbox;
  let datasource: KingdeeDatasource;
  const connection = (extra: Record<string, unknown> = {}) =>
    parseKingdeeConnection('kingdee', { erp: 'kingdee', baseUrl: `${sandbox.baseUrl}/`, acctId: SANDBOX_ACCT_ID, username: SANDBOX_USER, timeoutMs: 2000, readRetries: 0, ...auth, ...extra }, 'connections.kingdee');

  beforeAll(async () => {
    sandbox = await startKingdeeSandbox({ dataDir: mkdtempSync(path.join(tmpdir(), 'kingdee-ds-')) });
    datasource = new KingdeeDatasource(connection(), new GatewayMetrics());
  });
  afterAll(async () => {
    await datasource.close();
    await sandbox.close();
  });

  it('supports MiscIssue only', () => {
    expect(datasource.supports(MISC)).toBe(true);
    expect(datasource.supports(documentKind('WorkOrder')!)).toBe(false);
    expect(datasource.hasCustomized(MISC, 'createAndApprove')).toBe(true);
    expect(datasource.hasCustomized(MISC, 'createAndPost')).toBe(false);
  });

  it('creates (Kingdee numbers it), reads back in order with null for missing, strips the reference', async () => {
    const created = await datasource.execute(MISC, 'create', { input: input(), reference: 'ref-create-1' });
    expect(created).toEqual({ docNo: expect.stringMatching(/^QTCK\d{6}$/), status: 'UNAPPROVED', rawStatus: 'A' });
    const [missing, document, sample] = await datasource.read(MISC, ['NOPE', created.docNo, 'QTCK000003']);
    expect(missing).toBeNull();
    expect(document).toMatchObject({
      docNo: created.docNo, status: 'UNAPPROVED', rawStatus: 'A', docDate: '2024-10-01', department: 'BM000001', remark: '样品',
      erpFields: { FID: expect.any(Number), FDocumentStatus: 'A' },
      lines: [{ seq: 1, itemNo: 'SKU-RED-M', quantity: '2', unit: 'Pcs', warehouse: 'CK001', lot: 'B20240901', remark: 'line note', erpFields: { FProduceDate: '2024-09-01T00:00:00' } }],
    });
    expect(sample).toMatchObject({ docNo: 'QTCK000003', status: 'APPROVED', rawStatus: 'C' });
    expect(sandbox.documents({ docNo: created.docNo })[0].head.FNote).toBe('样品 [gw:ref-create-1]');
    const found = await datasource.findByReference(MISC, 'ref-create-1');
    expect(found.map((doc) => doc.docNo)).toEqual([created.docNo]);
    expect(await datasource.findByReference(MISC, 'ref-none')).toEqual([]);
  });

  it('refuses bad input and erpFields the mapping writes, before any call', async () => {
    await expect(datasource.execute(MISC, 'create', { input: input({ erpFields: { FNote: 'x' } }) })).rejects.toBeInstanceOf(BadUserInputError);
    await expect(datasource.execute(MISC, 'create', { input: input({ lines: [{ itemNo: 'SKU-RED-M', quantity: '1', erpFields: { fqty: 3 } }] }) })).rejects.toMatchObject({ field: 'input.lines[0].erpFields.fqty' });
    await expect(datasource.execute(MISC, 'create', { input: input({ erpFields: { __proto__x: 1 } }) })).rejects.toBeInstanceOf(BadUserInputError);
    await expect(datasource.execute(MISC, 'create', { input: input({}, 'SKU-RED-M', '0') })).rejects.toMatchObject({ field: 'input.lines[0].quantity' });
    await expect(datasource.execute(MISC, 'create', { input: input({ department: null }) })).rejects.toMatchObject({ field: 'input.department' });
  });

  it('answers an unknown material with ERP_REJECTED, MsgCode 9 and the FieldName', async () => {
    const error = await datasource.execute(MISC, 'create', { input: input({}, 'SKU-GHOST-01') }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ErpRejectedError);
    expect((error as ErpRejectedError).erp).toEqual({ code: '9', message: '编码值["SKU-GHOST-01"]不存在', fieldName: 'FMaterialId' });
  });

  it('updates with FID and NeedUpDateFields, keeping the reference', async () => {
    const { docNo } = await datasource.execute(MISC, 'create', { input: input(), reference: 'ref-upd' });
    const result = await datasource.execute(MISC, 'update', { docNo, input: { remark: '改过', lines: [{ itemNo: 'SKU-BLUE-M', quantity: '7.5', warehouse: 'CK002' }] } });
    expect(result).toEqual({ docNo, status: 'UNAPPROVED', rawStatus: 'A' });
    const [document] = await datasource.read(MISC, [docNo]);
    expect(document).toMatchObject({ remark: '改过', docDate: '2024-10-01', lines: [{ itemNo: 'SKU-BLUE-M', quantity: '7.5', warehouse: 'CK002', lot: null }] });
    expect(sandbox.documents({ docNo })[0].head.FNote).toBe('改过 [gw:ref-upd]');
    await expect(datasource.execute(MISC, 'update', { docNo: 'NOPE', input: { remark: 'x' } })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('approves (Submit → Audit, stock goes down), disapproves (UnAudit, stock back), refuses a second approve as INVALID_TRANSITION', async () => {
    const before = sandbox.stock('SKU-RED-M', 'CK001', 'B20240901');
    const { docNo } = await datasource.execute(MISC, 'create', { input: input() });
    expect(await datasource.execute(MISC, 'approve', { docNo })).toEqual({ docNo, status: 'APPROVED', rawStatus: 'C' });
    expect(sandbox.stock('SKU-RED-M', 'CK001', 'B20240901')).toBe(before - 2);
    const again = await datasource.execute(MISC, 'approve', { docNo }).catch((caught: unknown) => caught);
    expect(again).toBeInstanceOf(InvalidTransitionError);
    expect((again as InvalidTransitionError).erp?.code).toBe('11');
    expect(await datasource.execute(MISC, 'disapprove', { docNo })).toEqual({ docNo, status: 'UNAPPROVED', rawStatus: 'D' });
    expect(sandbox.stock('SKU-RED-M', 'CK001', 'B20240901')).toBe(before);
    // From D: Submit → Audit again.
    expect((await datasource.execute(MISC, 'approve', { docNo })).rawStatus).toBe('C');
    await expect(datasource.execute(MISC, 'delete', { docNo })).rejects.toBeInstanceOf(InvalidTransitionError);
  });

  it('approve whose Audit fails (negative stock) leaves the bill in A and answers ERP_REJECTED 11', async () => {
    const { docNo } = await datasource.execute(MISC, 'create', { input: input({}, 'SKU-RED-L', '5000') });
    const error = await datasource.execute(MISC, 'approve', { docNo }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ErpRejectedError);
    expect((error as ErpRejectedError).erp.code).toBe('11');
    expect(sandbox.documents({ docNo })[0].rawStatus).toBe('A');
  });

  it('deletes a bill in A, and one in B (CancelAssign first)', async () => {
    const { docNo: inA } = await datasource.execute(MISC, 'create', { input: input() });
    expect(await datasource.execute(MISC, 'delete', { docNo: inA })).toEqual({ docNo: inA, status: null, rawStatus: null });
    expect(sandbox.documents({ docNo: inA })).toEqual([]);
    const inB = sandbox.documents().find((bill) => bill.rawStatus === 'B' && bill.docNo === 'QTCK000002');
    expect(inB).toBeDefined();
    await datasource.execute(MISC, 'delete', { docNo: 'QTCK000002' });
    expect(sandbox.documents({ docNo: 'QTCK000002' })).toEqual([]);
    await expect(datasource.execute(MISC, 'delete', { docNo: 'NOPE' })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('createAndApprove: one BatchSave with auto-audit; its partial case throws PartialCompositeError with the bill in B', async () => {
    const calls = sandbox.callCount('BatchSave');
    const result = await datasource.executeCustomized(MISC, 'createAndApprove', { input: input(), reference: 'ref-caa' });
    expect(sandbox.callCount('BatchSave')).toBe(calls + 1);
    expect(result).toEqual({ docNo: expect.stringMatching(/^QTCK/), status: null, rawStatus: null, steps: ['create', 'approve'], related: [{ type: 'MiscIssue', docNo: result.docNo }] });
    expect(sandbox.documents({ docNo: result.docNo })[0].rawStatus).toBe('C');
    const partial = await datasource.executeCustomized(MISC, 'createAndApprove', { input: input({}, 'SKU-BLUE-L', '99999') }).catch((caught: unknown) => caught);
    expect(partial).toBeInstanceOf(PartialCompositeError);
    const { docNo, refusal, related } = partial as PartialCompositeError;
    expect(sandbox.documents({ docNo })[0].rawStatus).toBe('B');
    expect((refusal as ErpRejectedError).erp.code).toBe('11');
    expect(related).toEqual([{ type: 'MiscIssue', docNo }]);
    // The compensation: delete, which cancels the submit first.
    await datasource.execute(MISC, 'delete', { docNo });
    expect(sandbox.documents({ docNo })).toEqual([]);
    const nothing = await datasource.executeCustomized(MISC, 'createAndApprove', { input: input({}, 'SKU-GHOST-01') }).catch((caught: unknown) => caught);
    expect(nothing).toBeInstanceOf(ErpRejectedError);
  });

  it('createMany: one BatchSave, results mapped back by index, a duplicate FBillNo refused with 11', async () => {
    const tag = mode.replace(/\W/g, '').slice(0, 6).toUpperCase();
    const items = [
      { docNo: `JST-PK-${tag}-1`, reference: undefined, input: input({ remark: 'JST count 1' }) },
      { docNo: `JST-PK-${tag}-2`, input: input({ remark: 'JST count 2' }, 'SKU-GHOST-01') },
      { docNo: `JST-PK-${tag}-3`, input: input({ remark: 'JST count 3', lines: [{ itemNo: 'SKU-BLACK-XL', quantity: '1', warehouse: 'CK002', remark: 'ioi 3', erpFields: { FProduceDate: '2024-08-01', FExpiryDate: '2026-08-01' } }] }) },
    ];
    const calls = sandbox.callCount('BatchSave');
    const outcomes = await datasource.createMany(MISC, items);
    expect(sandbox.callCount('BatchSave')).toBe(calls + 1);
    expect(outcomes.map(({ index, docNo }) => [index, docNo])).toEqual([[0, `JST-PK-${tag}-1`], [1, null], [2, `JST-PK-${tag}-3`]]);
    expect(outcomes[0].error).toBeNull();
    expect(outcomes[1].error).toBeInstanceOf(ErpRejectedError);
    expect((outcomes[1].error as ErpRejectedError).erp).toMatchObject({ code: '9', fieldName: 'FMaterialId' });
    const [third] = await datasource.read(MISC, [`JST-PK-${tag}-3`]);
    expect(third?.lines?.[0]).toMatchObject({ remark: 'ioi 3', erpFields: { FProduceDate: '2024-08-01T00:00:00', FExpiryDate: '2026-08-01T00:00:00' } });
    const duplicate = await datasource.createMany(MISC, [items[0]]);
    expect(duplicate[0]).toMatchObject({ index: 0, docNo: null });
    expect((duplicate[0].error as ErpRejectedError).erp.code).toBe('11');
    // Without numbers, by DIndex; with approve, audited.
    const unnumbered = await datasource.createMany(MISC, [{ input: input() }, { input: input() }], { approve: true });
    expect(unnumbered.map((outcome) => outcome.error)).toEqual([null, null]);
    expect(unnumbered.map((outcome) => sandbox.documents({ docNo: outcome.docNo! })[0].rawStatus)).toEqual(['C', 'C']);
    await expect(datasource.createMany(MISC, Array.from({ length: 21 }, () => ({ input: input() })))).rejects.toBeInstanceOf(BadUserInputError);
    expect(datasource.maxBatch).toBe(20);
  });

  it('lists with filters and keyset paging (docNo and docDate, ASC and DESC), and counts', async () => {
    for (const day of ['2025-01-03', '2025-01-01', '2025-01-02', '2025-01-02']) {
      await datasource.execute(MISC, 'create', { input: input({ docDate: day, remark: 'paging' }, 'SKU-GREEN-S', '1') });
    }
    const filter = { itemNo: 'SKU-GREEN-S', docDateFrom: '2025-01-01', docDateTo: '2025-01-03', status: ['UNAPPROVED' as const] };
    expect(await datasource.count(MISC, filter)).toBe(4);
    const walk = async (field: 'docNo' | 'docDate', direction: 'ASC' | 'DESC') => {
      const seen: { docNo: string; docDate?: string | null }[] = [];
      let after: { docNo: string; docDate?: string | null } | undefined;
      for (;;) {
        const page = await datasource.list(MISC, { filter, order: { field, direction }, after, limit: 3 });
        seen.push(...page.map((doc) => ({ docNo: doc.docNo, docDate: doc.docDate })));
        if (page.length < 3) return seen;
        after = seen[seen.length - 1];
      }
    };
    const byNo = await walk('docNo', 'ASC');
    expect(byNo.map((doc) => doc.docNo)).toEqual([...byNo.map((doc) => doc.docNo)].sort());
    expect(byNo).toHaveLength(4);
    const byDateDesc = await walk('docDate', 'DESC');
    expect(byDateDesc.map((doc) => doc.docDate)).toEqual(['2025-01-03', '2025-01-02', '2025-01-02', '2025-01-01']);
    expect(new Set(byDateDesc.map((doc) => doc.docNo)).size).toBe(4);
    const page = await datasource.list(MISC, { filter, order: { field: 'docNo', direction: 'ASC' }, limit: 1 });
    expect(page[0].lines).toHaveLength(1);
    expect(await datasource.count(MISC, { ...filter, status: ['APPROVED'] })).toBe(0);
    expect(await datasource.count(MISC, { status: ['VOID'] })).toBe(0);
    expect(await datasource.count(MISC, { warehouse: 'CK001', docNoPrefix: 'QTCK', anyOf: { field: 'itemNo', values: ['SKU-GREEN-S'] } })).toBeGreaterThanOrEqual(4);
    expect(await datasource.count(MISC, { docNoPrefix: "JST-PK-'%" })).toBe(0);
    await expect(datasource.count(MISC, { workOrderNo: 'WO-1' })).rejects.toBeInstanceOf(BadUserInputError);
  });

  it('turns outages into UPSTREAM_UNAVAILABLE and never resends a mutation', async () => {
    sandbox.faults.add({ api: 'ExecuteBillQuery', mode: 'http500', count: 1 });
    await expect(datasource.read(MISC, ['QTCK000001'])).rejects.toBeInstanceOf(UpstreamUnavailableError);
    sandbox.faults.add({ api: 'ExecuteBillQuery', mode: 'garbage', count: 2 });
    await expect(datasource.read(MISC, ['QTCK000001'])).rejects.toMatchObject({ reason: 'unreadable' });
    await expect(datasource.read(MISC, ['QTCK000001'])).rejects.toMatchObject({ reason: 'unreadable' });
    const calls = sandbox.callCount('BatchSave');
    sandbox.faults.add({ api: 'BatchSave', mode: 'lost_reply', count: 1 });
    await expect(datasource.createMany(MISC, [{ docNo: `LOST-${mode.length}`, input: input() }])).rejects.toBeInstanceOf(UpstreamUnavailableError);
    expect(sandbox.callCount('BatchSave')).toBe(calls + 1);
    expect(sandbox.documents({ docNo: `LOST-${mode.length}` })).toHaveLength(1);
    sandbox.faults.add({ api: 'Save', mode: 'error', count: 1 });
    await expect(datasource.execute(MISC, 'create', { input: input() })).rejects.toMatchObject({ erp: { code: '4' } });
  });

  if (mode !== 'signed') {
    it('re-logs in once after a lost session and the call succeeds', async () => {
      const logins = () => sandbox.callCount('ValidateUser') + sandbox.callCount('LoginBySign');
      await datasource.read(MISC, ['QTCK000001']);
      const before = logins();
      sandbox.faults.add({ api: 'ExecuteBillQuery', mode: 'session_lost', count: 1 });
      const [document] = await datasource.read(MISC, ['QTCK000001']);
      expect(document?.docNo).toBe('QTCK000001');
      expect(logins()).toBe(before + 1);
    });
  }

  it('answers bad credentials with a typed ERP_REJECTED that never carries the secret', async () => {
    const bad = new KingdeeDatasource(connection(mode === 'session (ValidateUser)' ? { password: 'wrong-password-xyz' } : { appSecret: 'wrong-secret-xyz' }), new GatewayMetrics());
    try {
      const error = await bad.read(MISC, ['QTCK000001']).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ErpRejectedError);
      expect((error as Error).message).not.toMatch(/wrong-(password|secret)-xyz/);
      expect(JSON.stringify((error as ErpRejectedError).extensions())).not.toMatch(/xyz/);
    } finally {
      await bad.close();
    }
  });
});

describe('kingdeeFamily', () => {
  it('starts its sandbox and returns a signed connection record that works', async () => {
    const started = await kingdeeFamily.startSandbox!({ dataDir: mkdtempSync(path.join(tmpdir(), 'kingdee-family-')), id: 'kingdee' });
    try {
      const config = kingdeeFamily.parseConnection('kingdee', started.connection, 'connections.kingdee');
      const datasource = kingdeeFamily.createDatasource(config, new GatewayMetrics());
      const [document] = await datasource.read(MISC, ['QTCK000001']);
      expect(document?.status).toBe('UNAPPROVED');
      await datasource.close();
    } finally {
      await started.handle.close();
    }
  });
});
