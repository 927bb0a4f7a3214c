/**
 * The Kingdee sandbox over real HTTP (protocols/others.md §1.8): the §1.3 BatchSave example and its partial failure,
 * the four encodings, routing, logins and signed headers, MsgCode envelopes, the §1.4 status machine with stock,
 * ExecuteBillQuery (FilterString parser, OrderString, paging), View, faults, persistence.
 * Time budget: < 5 s (one sandbox per describe, SQLite in a temp dir).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { signedHeaders, loginSign } from '../../datasources/kingdee/signing';
import type { SandboxHandle } from '../../src/server/sandbox-admin';
import { evaluate, likeToRegExp, parseFilter } from './filter';
import { SANDBOX_ACCT_ID, SANDBOX_APP_ID, SANDBOX_APP_SECRET, SANDBOX_PASSWORD, SANDBOX_USER, startKingdeeSandbox, type RunningKingdeeSandbox } from './server';

const STUB = 'Kingdee.BOS.WebApi.ServicesStub';

/** The §1.3 BatchSave example, verbatim. */
const EXAMPLE = {
  formid: 'STK_MisDelivery',
  data: {
    NeedReturnFields: ['FID', 'FBillNo', 'FDocumentStatus'], IsAutoSubmitAndAudit: false, IsVerifyBaseDataField: true,
    Model: [{
      FID: 0, FBillNo: 'JST-PK-10023', FBillTypeID: { FNUMBER: 'QTCKD01_SYS' }, FStockOrgId: { FNumber: '100' }, FPickOrgId: { FNumber: '100' },
      FStockDirect: 'GENERAL', FDate: '2024-09-15 00:00:00', FDeptId: { FNumber: 'BM000001' }, FOwnerTypeIdHead: 'BD_OwnerOrg', FOwnerIdHead: { FNumber: '100' },
      FNote: 'JST count 10023: 9月月盘',
      FEntity: [{
        FMaterialId: { FNumber: 'SKU-RED-M' }, FUnitID: { FNumber: 'Pcs' }, FQty: 3, FStockId: { FNumber: 'CK001' }, FLot: { FNumber: 'B20240901' },
        FStockStatusId: { FNumber: 'KCZT01_SYS' }, FOwnerTypeId: 'BD_OwnerOrg', FOwnerId: { FNumber: '100' }, FKeeperTypeId: 'BD_KeeperOrg', FKeeperId: { FNumber: '100' }, FEntryNote: 'ioi 88001',
      }],
    }],
  },
};

function model(billNo: string, material = 'SKU-RED-M', qty = 1): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(EXAMPLE.data.Model[0])) as Record<string, unknown> & { FEntity: Record<string, unknown>[] };
  copy.FBillNo = billNo;
  copy.FEntity[0].FMaterialId = { FNumber: material };
  copy.FEntity[0].FQty = qty;
  return copy;
}

let sandbox: RunningKingdeeSandbox;
let dataDir: string;

function url(service: string, method: string): string {
  return `${sandbox.baseUrl}/${STUB}.${service}.${method}.common.kdsvc`;
}

function signed(method: string, timestamp = String(Date.now())): Record<string, string> {
  const path = new URL(url('DynamicFormService', method)).pathname;
  return signedHeaders({ appId: SANDBOX_APP_ID, appSecret: SANDBOX_APP_SECRET, acctId: SANDBOX_ACCT_ID, username: SANDBOX_USER, lcid: 2052, orgNum: '0', path, timestamp, nonce: timestamp });
}

async function post(method: string, body: unknown, headers: Record<string, string> = signed(method), service = 'DynamicFormService'): Promise<{ status: number; json: any; text: string; headers: Headers }> {
  const response = await fetch(url(service, method), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text, headers: response.headers };
}

async function query(data: Record<string, unknown>): Promise<any> {
  return (await post('ExecuteBillQuery', { data: { FormId: 'STK_MisDelivery', ...data } })).json;
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'kingdee-sandbox-'));
  sandbox = await startKingdeeSandbox({ dataDir });
});
afterAll(async () => {
  await sandbox.close();
});

describe('Kingdee sandbox', () => {
  it('satisfies SandboxHandle and starts with sample bills in several statuses and opening stock', () => {
    const handle: SandboxHandle = sandbox;
    expect(handle.erp).toBe('kingdee');
    expect(sandbox.baseUrl).toMatch(/\/k3cloud$/);
    const statuses = new Set(sandbox.documents().map((bill) => bill.rawStatus));
    expect(statuses.size).toBeGreaterThanOrEqual(3);
    expect(sandbox.stock('SKU-RED-L', 'CK002', 'B20240901')).toBe(1000);
    expect(sandbox.stock('SKU-GREEN-S', 'CK001', '')).toBe(999); // the audited sample bill took one
  });

  it('answers the §1.3 BatchSave example like the §1.3 success example', async () => {
    const { status, json } = await post('BatchSave', EXAMPLE);
    expect(status).toBe(200);
    const fid = json.Result.ResponseStatus.SuccessEntitys[0].Id;
    expect(fid).toBeGreaterThanOrEqual(100001);
    expect(json).toEqual({
      Result: {
        ResponseStatus: { IsSuccess: true, Errors: [], SuccessEntitys: [{ Id: fid, Number: 'JST-PK-10023', DIndex: 0 }], SuccessMessages: [], MsgCode: 0 },
        NeedReturnData: [{ FID: fid, FBillNo: 'JST-PK-10023', FDocumentStatus: 'A' }],
      },
    });
    // A second copy: the duplicate number is refused (MsgCode 11).
    const again = (await post('BatchSave', EXAMPLE)).json.Result.ResponseStatus;
    expect(again).toMatchObject({ IsSuccess: false, ErrorCode: 500, MsgCode: 11, SuccessEntitys: [], Errors: [{ FieldName: 'FBillNo', DIndex: 0 }] });
    expect(again.Errors[0].Message).toContain('JST-PK-10023');
  });

  it('answers the partial-failure example: model 0 saved, model 1 refused with MsgCode 9 and FieldName', async () => {
    const body = { formid: 'STK_MisDelivery', data: { ...EXAMPLE.data, Model: [model('JST-PK-10024'), model('JST-PK-10025', 'NOPE-1')] } };
    const json = (await post('BatchSave', body)).json;
    const fid = json.Result.ResponseStatus.SuccessEntitys[0]?.Id;
    expect(json).toEqual({
      Result: {
        ResponseStatus: {
          ErrorCode: 500, IsSuccess: false, Errors: [{ FieldName: 'FMaterialId', Message: '编码值["NOPE-1"]不存在', DIndex: 1 }],
          SuccessEntitys: [{ Id: fid, Number: 'JST-PK-10024', DIndex: 0 }], SuccessMessages: [], MsgCode: 9,
        },
        NeedReturnData: [{ FID: fid, FBillNo: 'JST-PK-10024', FDocumentStatus: 'A' }],
      },
    });
  });

  it('numbers bills QTCK + 6 digits and validates §1.6', async () => {
    const numbered = (await post('Save', { formid: 'STK_MisDelivery', data: { Model: model('') } })).json.Result;
    expect(numbered.Number).toMatch(/^QTCK\d{6}$/);
    expect(numbered.Id).toBeGreaterThan(100001);
    const noDept = model('X-1');
    delete noDept.FDeptId;
    const zero = model('X-2', 'SKU-RED-M', 0);
    const noLines = { ...model('X-3'), FEntity: [] };
    const badStock = model('X-4') as { FEntity: Record<string, unknown>[] };
    badStock.FEntity[0].FStockId = { fnumber: 'CK999' };
    const results = (await post('BatchSave', { formid: 'STK_MisDelivery', data: { Model: [noDept, zero, noLines, badStock] } })).json.Result.ResponseStatus;
    expect(results.Errors.map((error: { FieldName: string; DIndex: number }) => [error.DIndex, error.FieldName])).toEqual([[0, 'FDeptId'], [1, 'FQty'], [2, 'FEntity'], [3, 'FStockId']]);
    expect(results.MsgCode).toBe(11);
  });

  it('runs the §1.4 status machine with stock, per Number with DIndex', async () => {
    await post('BatchSave', { formid: 'STK_MisDelivery', data: { Model: [model('SM-1', 'SKU-BLUE-M', 4)] } });
    const before = sandbox.stock('SKU-BLUE-M', 'CK001', 'B20240901');
    const op = async (method: string, numbers: string[]) => (await post(method, { formid: 'STK_MisDelivery', data: { CreateOrgId: 0, Numbers: numbers, Ids: '', NetworkCtrl: '' } })).json.Result.ResponseStatus;
    expect((await op('Audit', ['SM-1'])).MsgCode).toBe(11); // A cannot be audited
    const submit = await op('Submit', ['SM-1', 'NO-SUCH']);
    expect(submit.SuccessEntitys).toEqual([expect.objectContaining({ Number: 'SM-1', DIndex: 0 })]);
    expect(submit.Errors).toEqual([expect.objectContaining({ DIndex: 1 })]);
    expect(submit.MsgCode).toBe(10);
    expect((await op('Delete', ['SM-1'])).Errors[0].Message).toContain('状态'); // B cannot be deleted
    expect((await op('CancelAssign', ['SM-1'])).IsSuccess).toBe(true);
    expect(sandbox.documents({ docNo: 'SM-1' })[0].rawStatus).toBe('A');
    await op('Submit', ['SM-1']);
    expect((await op('Audit', ['SM-1'])).IsSuccess).toBe(true);
    expect(sandbox.stock('SKU-BLUE-M', 'CK001', 'B20240901')).toBe(before - 4);
    expect((await op('Audit', ['SM-1'])).MsgCode).toBe(11); // re-audit refused
    expect((await op('UnAudit', ['SM-1'])).IsSuccess).toBe(true);
    expect(sandbox.stock('SKU-BLUE-M', 'CK001', 'B20240901')).toBe(before);
    expect(sandbox.documents({ docNo: 'SM-1' })[0].rawStatus).toBe('D');
    expect((await op('Delete', ['SM-1'])).IsSuccess).toBe(true);
    expect(sandbox.documents({ docNo: 'SM-1' })).toEqual([]);
  });

  it('refuses negative stock at Audit (MsgCode 11), and auto-audit stops in B listing the bill', async () => {
    const body = { formid: 'STK_MisDelivery', data: { IsAutoSubmitAndAudit: 'true', NeedReturnFields: ['FDocumentStatus'], Model: [model('NEG-1', 'SKU-RED-L', 5000), model('AUTO-1', 'SKU-RED-L', 1)] } };
    const json = (await post('BatchSave', body)).json.Result;
    expect(json.ResponseStatus.IsSuccess).toBe(false);
    expect(json.ResponseStatus.MsgCode).toBe(11);
    expect(json.ResponseStatus.SuccessEntitys.map((entity: { Number: string }) => entity.Number)).toEqual(['NEG-1', 'AUTO-1']);
    expect(json.ResponseStatus.Errors).toEqual([expect.objectContaining({ DIndex: 0 })]);
    expect(json.NeedReturnData).toEqual([{ FDocumentStatus: 'B' }, { FDocumentStatus: 'C' }]);
  });

  it('answers ExecuteBillQuery with one row per entry, FilterString, OrderString, StartRow, Limit, TopRowCount', async () => {
    const rows = await query({ FieldKeys: 'FBillNo,FDocumentStatus,FEntity_FEntryID,FMaterialId.FNumber,FMaterialId,FQty,FStockId.FNumber,FDate', FilterString: "FBillNo='JST-PK-10023'" });
    expect(rows).toEqual([['JST-PK-10023', 'A', expect.any(Number), 'SKU-RED-M', expect.any(Number), 3, 'CK001', '2024-09-15T00:00:00']]);
    const filtered = await query({
      FieldKeys: 'FBillNo',
      FilterString: "(FDocumentStatus in ('A','B') and FBillNo like 'JST-PK-1002_') or (FMaterialId.FNumber = 'SKU-GREEN-S' and FDate >= '2024-09-01')",
      OrderString: 'FBillNo DESC',
    });
    expect(filtered.map((row: string[]) => row[0])).toEqual(['QTCK000003', 'JST-PK-10024', 'JST-PK-10023']);
    const paged = await query({ FieldKeys: 'FID', OrderString: 'FID ASC', StartRow: 1, Limit: 2 });
    const all = await query({ FieldKeys: 'FID', OrderString: 'FID ASC' });
    expect(paged).toEqual(all.slice(1, 3));
    expect(await query({ FieldKeys: 'FID', OrderString: 'FID DESC', TopRowCount: 1 })).toEqual([all[all.length - 1]]);
    expect(await query({ FieldKeys: 'FID', FilterString: "FBillNo = 'nothing'" })).toEqual([]);
  });

  it('refuses an unknown query field with MsgCode 9 wrapped twice, and a bad filter with 8', async () => {
    const unknown = await query({ FieldKeys: 'FID,FNoSuchField' });
    expect(unknown).toEqual([[{ Result: { ResponseStatus: expect.objectContaining({ IsSuccess: false, MsgCode: 9 }) } }]]);
    const bad = await query({ FieldKeys: 'FID', FilterString: "FBillNo = 'unterminated" });
    expect(bad[0][0].Result.ResponseStatus.MsgCode).toBe(8);
  });

  it('accepts all four encodings and case-insensitive method names; anything else is 404', async () => {
    const data = JSON.stringify({ FormId: 'STK_MisDelivery', FieldKeys: 'FBillNo', FilterString: "FBillNo='JST-PK-10023'" });
    const want = [['JST-PK-10023']];
    expect((await post('ExecuteBillQuery', [data])).json).toEqual(want);
    expect((await post('ExecuteBillQuery', { parameters: [data] })).json).toEqual(want);
    expect((await post('ExecuteBillQuery', { parameters: JSON.stringify([data]) })).json).toEqual(want);
    expect((await post('ExecuteBillQuery', { format: 1, useragent: 'ApiClient', rid: '1', parameters: JSON.stringify([data]), timestamp: '2024-09-15', v: '1.0' })).json).toEqual(want);
    expect((await post('ExecuteBillQuery', { data })).json).toEqual(want);
    const view = { CreateOrgId: 0, Number: 'JST-PK-10023', Id: '' };
    const lower = await fetch(`${sandbox.baseUrl}/${STUB}.DynamicFormService.view.common.kdsvc`, { method: 'POST', headers: { 'content-type': 'application/json', ...signed('view') }, body: JSON.stringify(['STK_MisDelivery', JSON.stringify(view)]) });
    const viewed = (await lower.json()) as any;
    expect(viewed.Result.ResponseStatus).toBeNull();
    expect(viewed.Result.Result).toMatchObject({ BillNo: 'JST-PK-10023', DocumentStatus: 'A', BillEntry: [expect.objectContaining({ MaterialId: 'SKU-RED-M', Qty: 3 })] });
    expect((await post('View', { formid: 'STK_MisDelivery', data: { Number: 'NOPE' } })).json.Result.ResponseStatus.MsgCode).toBe(10);
    expect((await post('NoSuchMethod', {})).status).toBe(404);
    expect((await post('Save', 'not json')).json.Result.ResponseStatus.MsgCode).toBe(8);
    expect((await post('Save', { formid: 'BD_Material', data: {} })).json.Result.ResponseStatus.MsgCode).toBe(5);
  });

  it('logs in by ValidateUser / LoginBySign / LoginByAppSecret, uses the cookie or the header, and refuses others with MsgCode 1', async () => {
    const auth = (method: string, body: unknown) => post(method, body, {}, 'AuthService');
    expect((await auth('ValidateUser', { acctID: SANDBOX_ACCT_ID, username: SANDBOX_USER, password: 'wrong', lcid: 2052 })).json.LoginResultType).toBe(0);
    expect((await auth('ValidateUser', { acctID: 'nope', username: SANDBOX_USER, password: SANDBOX_PASSWORD, lcid: 2052 })).json.LoginResultType).toBe(-1);
    const ok = await auth('ValidateUser', { parameters: [SANDBOX_ACCT_ID, SANDBOX_USER, SANDBOX_PASSWORD, 2052] });
    expect(ok.json).toMatchObject({ LoginResultType: 1, IsSuccessByAPI: true, Context: { UserName: SANDBOX_USER, DBid: SANDBOX_ACCT_ID } });
    expect(ok.headers.get('set-cookie')).toContain(`kdservice-sessionid=${ok.json.KDSVCSessionId}`);
    const data = { data: { FormId: 'STK_MisDelivery', FieldKeys: 'FID', FilterString: "FBillNo='JST-PK-10023'" } };
    expect((await post('ExecuteBillQuery', data, { cookie: `kdservice-sessionid=${ok.json.KDSVCSessionId}` })).json).toHaveLength(1);
    expect((await post('ExecuteBillQuery', data, { 'kdservice-sessionid': ok.json.KDSVCSessionId })).json).toHaveLength(1);
    const lost = (await post('ExecuteBillQuery', data, {})).json;
    expect(lost[0][0].Result.ResponseStatus).toMatchObject({ MsgCode: 1, IsSuccess: false });
    expect((await post('Save', { formid: 'STK_MisDelivery', data: { Model: model('') } }, {})).json.Result.ResponseStatus.MsgCode).toBe(1);
    const ts = String(Math.floor(Date.now() / 1000));
    const bySign = await auth('LoginBySign', { parameters: [SANDBOX_ACCT_ID, SANDBOX_USER, SANDBOX_APP_ID, ts, loginSign(SANDBOX_ACCT_ID, SANDBOX_USER, SANDBOX_APP_ID, SANDBOX_APP_SECRET, ts), 2052] });
    expect(bySign.json.LoginResultType).toBe(1);
    expect((await auth('LoginBySign', [SANDBOX_ACCT_ID, SANDBOX_USER, SANDBOX_APP_ID, ts, loginSign(SANDBOX_ACCT_ID, SANDBOX_USER, SANDBOX_APP_ID, SANDBOX_APP_SECRET, ts, true), 2052])).json.LoginResultType).toBe(0);
    expect((await auth('LoginByAppSecret', [SANDBOX_ACCT_ID, SANDBOX_USER, SANDBOX_APP_ID, SANDBOX_APP_SECRET, 2052])).json.LoginResultType).toBe(1);
    await post('Logout', {}, { 'kdservice-sessionid': ok.json.KDSVCSessionId }, 'AuthService');
    expect((await post('ExecuteBillQuery', data, { 'kdservice-sessionid': ok.json.KDSVCSessionId })).json[0][0].Result.ResponseStatus.MsgCode).toBe(1);
  });

  it('checks signed headers: a stale timestamp, a bad signature or a wrong AppSecret is MsgCode 1; reused nonces pass', async () => {
    const data = { data: { FormId: 'STK_MisDelivery', FieldKeys: 'FID', FilterString: "FBillNo='JST-PK-10023'" } };
    const headers = signed('ExecuteBillQuery');
    expect((await post('ExecuteBillQuery', data, headers)).json).toHaveLength(1);
    expect((await post('ExecuteBillQuery', data, headers)).json).toHaveLength(1); // same nonce again
    const stale = signed('ExecuteBillQuery', String(Date.now() - 11 * 60_000));
    expect((await post('ExecuteBillQuery', data, stale)).json[0][0].Result.ResponseStatus.MsgCode).toBe(1);
    const seconds = signed('ExecuteBillQuery', String(Math.floor(Date.now() / 1000)));
    expect((await post('ExecuteBillQuery', data, seconds)).json).toHaveLength(1);
    const path = new URL(url('DynamicFormService', 'ExecuteBillQuery')).pathname;
    const wrongSecret = signedHeaders({ appId: SANDBOX_APP_ID, appSecret: 'not-the-secret', acctId: SANDBOX_ACCT_ID, username: SANDBOX_USER, lcid: 2052, orgNum: '0', path, timestamp: String(Date.now()), nonce: 'n' });
    expect((await post('ExecuteBillQuery', data, wrongSecret)).json[0][0].Result.ResponseStatus.MsgCode).toBe(1);
    // Signed for another path (the mount prefix counts).
    const otherPath = signedHeaders({ appId: SANDBOX_APP_ID, appSecret: SANDBOX_APP_SECRET, acctId: SANDBOX_ACCT_ID, username: SANDBOX_USER, lcid: 2052, orgNum: '0', path: path.replace('/k3cloud', ''), timestamp: String(Date.now()), nonce: 'n' });
    expect((await post('ExecuteBillQuery', data, otherPath)).json[0][0].Result.ResponseStatus.MsgCode).toBe(1);
  });

  it('injects faults: error, http500, garbage, partial, session_lost, lost_reply', async () => {
    const data = { data: { FormId: 'STK_MisDelivery', FieldKeys: 'FID', FilterString: "FBillNo='JST-PK-10023'" } };
    sandbox.faults.add({ api: 'ExecuteBillQuery', mode: 'error', count: 1 });
    expect((await post('ExecuteBillQuery', data)).json[0][0].Result.ResponseStatus.MsgCode).toBe(4);
    sandbox.faults.add({ api: 'ExecuteBillQuery', mode: 'http500', count: 1 });
    expect((await post('ExecuteBillQuery', data)).status).toBe(500);
    sandbox.faults.add({ api: 'ExecuteBillQuery', mode: 'garbage', count: 2 });
    expect((await post('ExecuteBillQuery', data)).text).toMatch(/^response_error:/);
    expect((await post('ExecuteBillQuery', data)).json).toBeUndefined();
    sandbox.faults.add({ api: 'BatchSave', mode: 'partial', count: 1 });
    const partial = (await post('BatchSave', { formid: 'STK_MisDelivery', data: { Model: [model('P-0'), model('P-1'), model('P-2')] } })).json.Result.ResponseStatus;
    expect(partial.SuccessEntitys.map((entity: { DIndex: number }) => entity.DIndex)).toEqual([0, 2]);
    expect(partial.Errors).toEqual([expect.objectContaining({ DIndex: 1 })]);
    expect(partial.MsgCode).toBe(11);
    const login = await post('ValidateUser', [SANDBOX_ACCT_ID, SANDBOX_USER, SANDBOX_PASSWORD, 2052], {}, 'AuthService');
    expect(sandbox.sessionCount()).toBeGreaterThan(0);
    sandbox.faults.add({ api: 'ExecuteBillQuery', mode: 'session_lost', count: 1 });
    expect((await post('ExecuteBillQuery', data, { 'kdservice-sessionid': login.json.KDSVCSessionId })).json[0][0].Result.ResponseStatus.MsgCode).toBe(1);
    expect(sandbox.sessionCount()).toBe(0);
    sandbox.faults.add({ api: 'BatchSave', mode: 'lost_reply', count: 1 });
    await expect(post('BatchSave', { formid: 'STK_MisDelivery', data: { Model: [model('LOST-1')] } })).rejects.toThrow();
    expect(sandbox.documents({ docNo: 'LOST-1' })).toHaveLength(1);
    expect(() => sandbox.faults.add({ mode: 'nonsense' })).toThrow(/unknown fault mode/);
    expect(sandbox.callCount('BatchSave')).toBeGreaterThan(0);
  });

  it('keeps its bills across a restart (SQLite under dataDir)', async () => {
    const count = sandbox.documents().length;
    await sandbox.close();
    sandbox = await startKingdeeSandbox({ dataDir });
    expect(sandbox.documents()).toHaveLength(count);
  });
});

describe('Kingdee sandbox sessions and concurrency', () => {
  it('loses an idle session after sessionIdleMinutes (clock-driven)', async () => {
    let now = Date.now();
    const own = await startKingdeeSandbox({ dataDir: mkdtempSync(path.join(tmpdir(), 'kingdee-idle-')), clock: () => new Date(now), sessionIdleMinutes: 20 });
    try {
      const at = (service: string, method: string) => `${own.baseUrl}/${STUB}.${service}.${method}.common.kdsvc`;
      const login = (await (await fetch(at('AuthService', 'ValidateUser'), { method: 'POST', body: JSON.stringify([SANDBOX_ACCT_ID, SANDBOX_USER, SANDBOX_PASSWORD, 2052]) })).json()) as { KDSVCSessionId: string };
      const ask = async () => (await (await fetch(at('DynamicFormService', 'ExecuteBillQuery'), { method: 'POST', headers: { 'kdservice-sessionid': login.KDSVCSessionId }, body: JSON.stringify({ data: { FormId: 'STK_MisDelivery', FieldKeys: 'FID' } }) })).json()) as unknown[];
      expect((await ask()).length).toBeGreaterThan(0);
      now += 19 * 60_000;
      expect((await ask()).length).toBeGreaterThan(0); // touched: idle time starts again
      now += 21 * 60_000;
      expect(await ask()).toEqual([[{ Result: { ResponseStatus: expect.objectContaining({ MsgCode: 1 }) } }]]);
    } finally {
      await own.close();
    }
  });

  it('keeps FBillNo unique under concurrent BatchSaves', async () => {
    const replies = await Promise.all(Array.from({ length: 6 }, () => post('BatchSave', { formid: 'STK_MisDelivery', data: { Model: [model('RACE-1')] } })));
    const saved = replies.filter((reply) => reply.json.Result.ResponseStatus.IsSuccess);
    expect(saved).toHaveLength(1);
    expect(sandbox.documents({ docNo: 'RACE-1' })).toHaveLength(1);
    const numbered = await Promise.all(Array.from({ length: 6 }, () => post('Save', { formid: 'STK_MisDelivery', data: { Model: model('') } })));
    expect(new Set(numbered.map((reply) => reply.json.Result.Number)).size).toBe(6);
  });
});

describe('FilterString parser', () => {
  const row = (values: Record<string, string | number | null>) => (field: string) => values[field] ?? null;

  it('honours precedence, parentheses, in, like, not and doubled apostrophes', () => {
    const values = row({ FBillNo: "O'Brien-1", FQty: 5, FDocumentStatus: 'B' });
    expect(evaluate(parseFilter("FBillNo = 'O''Brien-1'"), values)).toBe(true);
    expect(evaluate(parseFilter("FDocumentStatus = 'A' or FDocumentStatus = 'B' and FQty > 10"), values)).toBe(false);
    expect(evaluate(parseFilter("(FDocumentStatus = 'A' or FDocumentStatus = 'B') and FQty >= 5"), values)).toBe(true);
    expect(evaluate(parseFilter("FDocumentStatus not in ('A','C') and FQty <> 4 and not FQty < 5"), values)).toBe(true);
    expect(evaluate(parseFilter("FBillNo like 'O''B%'"), values)).toBe(true);
    expect(evaluate(parseFilter(''), values)).toBe(true);
  });

  it('refuses what it cannot read', () => {
    for (const bad of ["FBillNo = 'x", 'FBillNo =', "FBillNo in ('a'", "and FBillNo = 'a'", "FBillNo = 'a' garbage", 'FBillNo ! 3']) {
      expect(() => parseFilter(bad)).toThrow();
    }
  });

  it('reads LIKE as SQL Server does', () => {
    expect(likeToRegExp('JST-PK-1002_').test('JST-PK-10023')).toBe(true);
    expect(likeToRegExp('100[%]%').test('100%off')).toBe(true);
    expect(likeToRegExp('100[%]%').test('1000')).toBe(false);
    expect(likeToRegExp('a.b%').test('axb')).toBe(false);
  });
});
