/**
 * Sunlike sandbox over raw HTTP (protocols/others.md §3.6). Time budget: < 5 s.
 * Seed 002's request (comments removed, otherwise unmodified) must answer seed 002's reply field by field (only
 * SYS_DATE differs); every §3.3 rule answers its code; login, Bearer, routes, verbs and faults.
 */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SandboxHandle } from '../../src/server/sandbox-admin';
import { startSunlikeSandbox, SUNLIKE_SANDBOX_LOGIN, type RunningSunlikeSandbox } from './server';

const SEEDS = path.join(__dirname, '../../test/fixtures/seeds');
const seedText = readFileSync(path.join(SEEDS, readdirSync(SEEDS).find((name) => name.startsWith('002_'))!), 'utf8').split('\n');
function seedJson(title: string): Record<string, unknown> {
  const line = seedText[seedText.findIndex((text) => text.startsWith(title)) + 1]!;
  return JSON.parse(line.replace(/\/\/[^"{}[\]]*/g, '')) as Record<string, unknown>;
}
export const SEED_REQUEST = seedJson('请求JSON示例');
export const SEED_REPLY = seedJson('返回结果示例');

async function post(base: string, route: string, body: unknown, token?: string): Promise<{ status: number; json: Record<string, unknown> | null; text: string }> {
  const response = await fetch(`${base}${route}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: token }) }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await response.text();
  let json: Record<string, unknown> | null = null;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = null;
  }
  return { status: response.status, json, text };
}

async function login(base: string): Promise<string> {
  const reply = await post(base, '/SYS/LOGIN', SUNLIKE_SANDBOX_LOGIN);
  return String(reply.json!.token);
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function addBody(ref: string, overrides: { head?: Record<string, unknown>; line?: Record<string, unknown>; pgm?: string } = {}): Record<string, unknown> {
  const pgm = overrides.pgm ?? 'MRPAG';
  const [mlid, mlId] = ({ MRPAG: ['ML', '1'], MRPAGI: ['M2', '2'], MRPAGJ: ['M3', '3'], MRPAGK: ['M4', '4'], MRPAGL: ['M5', '5'], MRPAGM: ['M6', '6'] } as Record<string, [string, string]>)[pgm]!;
  return {
    REF_NO: ref,
    PGM: pgm,
    MF_ML: [{ MLID: mlid, ML_NO: '', ML_ID: mlId, ML_DD: '2024-03-05', FIX_CST1: '1', USR: 'ADMIN', ...overrides.head }],
    TF_ML: [{ MLID: mlid, ML_NO: '', ML_ID: mlId, ITM: 1, ML_DD: '2024-03-05', PRD_NO: 'A001', UNIT: '1', QTY: 2.5, WH: 'WH01', MO_NO: 'MO001', PRE_ITM: 1, EST_ITM: 1, ...overrides.line }],
  };
}

describe('Sunlike sandbox', () => {
  let sandbox: RunningSunlikeSandbox;
  let base: string;
  let token: string;
  const now = { value: new Date(2024, 2, 5, 9, 0, 0) };

  beforeAll(async () => {
    sandbox = await startSunlikeSandbox({ dataDir: mkdtempSync(path.join(tmpdir(), 'sunlike-sbx-')), clock: () => now.value });
    base = sandbox.baseUrl;
    token = await login(base);
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('satisfies SandboxHandle and shows PGM and MLID, with ≥ 3 documents per program', () => {
    const handle: SandboxHandle = sandbox;
    expect(handle.erp).toBe('sunlike');
    const documents = sandbox.documents();
    for (const pgm of ['MRPAG', 'MRPAGI', 'MRPAGJ', 'MRPAGK', 'MRPAGL', 'MRPAGM']) {
      expect(documents.filter((document) => document.pgm === pgm).length).toBeGreaterThanOrEqual(3);
    }
    expect(documents[0]).toEqual(expect.objectContaining({ pgm: expect.any(String), mlid: expect.any(String) }));
  });

  it("answers seed 002's request with seed 002's reply, field by field (only SYS_DATE differs)", async () => {
    const reply = await post(base, '/MRPAG/ADDDATA', SEED_REQUEST, token);
    expect(reply.status).toBe(200);
    const got = reply.json as { code: number; message: string; data: Record<string, Record<string, unknown>[]> };
    const want = SEED_REPLY as { code: number; message: string; data: Record<string, Record<string, unknown>[]> };
    expect(got.code).toBe(0);
    expect(got.message).toBe(want.message);
    expect(Object.keys(got.data).sort()).toEqual(Object.keys(want.data).sort());
    for (const table of ['MF_ML', 'TF_ML', 'MF_ML_Z', 'TF_ML_Z']) {
      expect(got.data[table]!.length).toBe(want.data[table]!.length);
      want.data[table]!.forEach((row, index) => {
        const mine = got.data[table]![index]!;
        expect(Object.keys(mine).sort()).toEqual(Object.keys(row).sort());
        for (const [key, value] of Object.entries(row)) {
          if (key === 'SYS_DATE') expect(mine[key]).toBe('2024-03-05 09:00:00');
          else expect([key, mine[key]]).toEqual([key, value]);
        }
      });
    }
    // GETDATA answers the same document; the same REF_NO again is code 3 with its number, no second document.
    const get = await post(base, '/MRPAG/GETDATA', { PGM: 'MRPAGL', MLID: 'M5', ML_NO: 'LJM520081000000001' }, token);
    expect((get.json!.data as Record<string, unknown[]>).TF_ML_Z).toEqual(want.data.TF_ML_Z);
    const again = await post(base, '/MRPAG/ADDDATA', SEED_REQUEST, token);
    expect(again.json).toEqual(expect.objectContaining({ code: 3, data: { MLID: 'M5', ML_NO: 'LJM520081000000001' } }));
    expect(sandbox.documents({ docNo: 'LJM520081000000001' })).toHaveLength(1);
  });

  it('login: raw token only; Bearer, missing, expired → 401; bad credentials → code 1', async () => {
    expect((await post(base, '/MRPAG/GETDATA', { PGM: 'MRPAG', MLID: 'ML', ML_NO: 'X' }, `Bearer ${token}`)).json!.code).toBe(401);
    expect((await post(base, '/MRPAG/GETDATA', { PGM: 'MRPAG', MLID: 'ML', ML_NO: 'X' })).json!.code).toBe(401);
    expect((await post(base, '/SYS/LOGIN', { ...SUNLIKE_SANDBOX_LOGIN, password: 'nope' })).json).toEqual({ code: 1, message: '用户名或密码错误', token: '' });
    const short = await login(base);
    now.value = new Date(now.value.getTime() + 121 * 60_000);
    expect((await post(base, '/MRPAG/GETDATA', { PGM: 'MRPAG', MLID: 'ML', ML_NO: 'X' }, short)).json!.code).toBe(401);
    token = await login(base);
  });

  it('refuses every §3.3 rule with its code', async () => {
    const cases: [Record<string, unknown>, number, RegExp][] = [
      [addBody('R1', { line: { ML_NO: 'ZZ' } }), 1, /表身\[1\]ML_NO与表头不一致/],
      [addBody('R2', { line: { ML_DD: '2024-03-06' } }), 1, /表身\[1\]ML_DD与表头不一致/],
      [addBody('R3', { head: { MLID: 'M2' } }), 1, /MLID/],
      [addBody('R4', { head: { ML_ID: '2' }, line: { ML_ID: '2' } }), 1, /ML_ID/],
      [addBody('R5', { head: { ML_DD: '2024/03/05' }, line: { ML_DD: '2024/03/05' } }), 1, /ML_DD/],
      [addBody('R6', { line: { ITM: 2 } }), 1, /ITM/],
      [addBody('R7', { line: { PRD_NO: 'X'.repeat(31) } }), 1, /PRD_NO长度超过30/],
      [addBody('R8', { head: { DEP: '123456789' } }), 1, /DEP长度超过8/],
      [addBody('R9', { line: { MO_NO: undefined } }), 1, /MO_NO不能为空/],
      [addBody('R10', { head: { ML_NO: 'OTHER' }, line: { ML_NO: 'OTHER' } }), 1, /REF_NO/],
      [addBody('R11', { line: { PRD_NO: 'NOPE' } }), 2, /料号\[NOPE\]不存在/],
      [addBody('R12', { line: { WH: 'NOPE' } }), 2, /仓库/],
      [addBody('R13', { line: { MO_NO: 'MO404' } }), 2, /制令单号/],
      [addBody('R14', { head: { DEP: 'NODEP' } }), 2, /部门/],
      [addBody('R15', { head: { CUS_NO: 'NOCUS' } }), 2, /厂商/],
      [{ ...addBody('R16'), PGM: 'MRPXX' }, 6, /不支持/],
    ];
    for (const [body, code, message] of cases) {
      const reply = await post(base, '/MRPAG/ADDDATA', body, token);
      expect([body.REF_NO, reply.json!.code]).toEqual([body.REF_NO, code]);
      expect(String(reply.json!.message)).toMatch(message);
    }
    expect(sandbox.documents().filter((document) => String(document.refNo).startsWith('R'))).toHaveLength(0);
  });

  it('numbers LJ{MLID}{yyMMdd}{seq}, converts packaging units, and the /{PGM}/ alias works', async () => {
    const before = sandbox.stock('A001', 'WH01');
    const reply = await post(base, '/MRPAGK/ADDDATA', addBody('U1', { pgm: 'MRPAGK', line: { UNIT: '2', QTY: 2 } }), token);
    expect(reply.json!.code).toBe(0);
    const mlNo = ((reply.json!.data as Record<string, Record<string, unknown>[]>).MF_ML[0]!.ML_NO) as string;
    expect(mlNo).toMatch(/^LJM4240305\d{8}$/);
    expect(before - sandbox.stock('A001', 'WH01')).toBe(20);
  });

  it('concurrent duplicates of one REF_NO create one document', async () => {
    const replies = await Promise.all(Array.from({ length: 5 }, () => post(base, '/MRPAG/ADDDATA', addBody('DUP-1'), token)));
    expect(replies.map((reply) => reply.json!.code).sort()).toEqual([0, 3, 3, 3, 3]);
    expect(sandbox.documents().filter((document) => document.refNo === 'DUP-1')).toHaveLength(1);
  });

  it('GETDATA, BATCHDATA (string and array forms, DEP tree, ORDER_BY), DELETEDATA, UPDATEDATA, unknown verb', async () => {
    const batch = await post(base, '/MRPAG/BATCHDATA', { PGM: 'MRPAG', MLID: 'ML', ML_NO: '', DATE_TYPE: 0, START_DATE: '2020-08-01', END_DATE: '2020-08-31', ORDER_BY: { ML_NO: 'DESC' } }, token);
    const heads = (batch.json!.data as Record<string, Record<string, unknown>[]>).MF_ML;
    expect(heads.length).toBe(3);
    expect(heads.map((head) => head.ML_NO)).toEqual([...heads.map((head) => head.ML_NO)].sort().reverse());
    const numbers = heads.map((head) => String(head.ML_NO));
    const byArray = await post(base, '/MRPAG/BATCHDATA', { PGM: 'MRPAG', MLID: 'ML', ML_NO: numbers.slice(0, 2) }, token);
    expect((byArray.json!.data as Record<string, unknown[]>).MF_ML).toHaveLength(2);
    const subtree = await post(base, '/MRPAG/BATCHDATA', { PGM: 'MRPAG', MLID: 'ML', ML_NO: '', START_DATE: '2020-08-01', END_DATE: '2020-08-31', DEP: 'D100' }, token);
    expect((subtree.json!.data as Record<string, unknown[]>).MF_ML).toHaveLength(1);
    const exact = await post(base, '/MRPAG/BATCHDATA', { PGM: 'MRPAG', MLID: 'ML', ML_NO: '', START_DATE: '2020-08-01', END_DATE: '2020-08-31', DEP: ['D100'] }, token);
    expect((exact.json!.data as Record<string, unknown[]>).MF_ML).toHaveLength(0);
    expect((await post(base, '/MRPAG/BATCHDATA', { PGM: 'MRPAG', MLID: 'ML', ML_NO: '' }, token)).json!.code).toBe(1);
    const locked = sandbox.documents({ pgm: 'MRPAG' }).find((document) => (document.head as Record<string, unknown>).LOCK_MAN)!;
    expect((await post(base, '/MRPAG/DELETEDATA', { PGM: 'MRPAG', MLID: 'ML', ML_NO: locked.docNo }, token)).json!.code).toBe(5);
    const victim = numbers.find((number) => number !== locked.docNo)!;
    expect((await post(base, '/MRPAG/DELETEDATA', { PGM: 'MRPAG', MLID: 'ML', ML_NO: victim }, token)).json).toEqual({ code: 0, message: '删除成功' });
    expect((await post(base, '/MRPAG/GETDATA', { PGM: 'MRPAG', MLID: 'ML', ML_NO: victim }, token)).json!.code).toBe(4);
    expect((await post(base, '/MRPAGI/GETDATA', { MLID: 'M2', ML_NO: numbers[0] }, token)).json!.code).toBe(4);
    expect((await post(base, '/MRPAG/UPDATEDATA', { PGM: 'MRPAG' }, token)).json!.code).toBe(6);
    expect((await post(base, '/MRPAG/APPROVE', { PGM: 'MRPAG' }, token)).status).toBe(404);
    expect((await post(base, '/DRPTI/ADDDATA', { PGM: 'DRPT4' }, token)).status).toBe(404);
  });

  it('faults: error, token_expired, http500, garbage, lost_reply (committed), delay', async () => {
    sandbox.faults.add({ api: 'GETDATA', mode: 'error' });
    expect((await post(base, '/MRPAG/GETDATA', { PGM: 'MRPAG', MLID: 'ML', ML_NO: 'X' }, token)).json).toEqual({ code: 1, message: '模拟错误' });
    sandbox.faults.add({ api: 'GETDATA', mode: 'token_expired' });
    expect((await post(base, '/MRPAG/GETDATA', { PGM: 'MRPAG', MLID: 'ML', ML_NO: 'X' }, token)).json!.code).toBe(401);
    token = await login(base);
    sandbox.faults.add({ api: '*', mode: 'http500' });
    expect((await post(base, '/MRPAG/GETDATA', {}, token)).status).toBe(500);
    sandbox.faults.add({ api: 'BATCHDATA', mode: 'garbage' });
    expect((await post(base, '/MRPAG/BATCHDATA', {}, token)).json).toBeNull();
    sandbox.faults.add({ api: 'ADDDATA', mode: 'lost_reply' });
    await expect(post(base, '/MRPAG/ADDDATA', addBody('LOST-1'), token)).rejects.toThrow();
    expect(sandbox.documents().filter((document) => document.refNo === 'LOST-1')).toHaveLength(1);
    sandbox.faults.add({ api: 'GETDATA', mode: 'delay', ms: 50 });
    const started = Date.now();
    expect((await post(base, '/MRPAG/GETDATA', { PGM: 'MRPAG', MLID: 'ML', ML_NO: 'X' }, token)).json!.code).toBe(4);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });

  it('keeps its documents in SQLite under dataDir', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'sunlike-persist-'));
    const first = await startSunlikeSandbox({ dataDir, id: 'p' });
    const t = await login(first.baseUrl);
    expect((await post(first.baseUrl, '/MRPAG/ADDDATA', clone(addBody('KEEP-1')), t)).json!.code).toBe(0);
    await first.close();
    const second = await startSunlikeSandbox({ dataDir, id: 'p' });
    expect(second.documents().filter((document) => document.refNo === 'KEEP-1')).toHaveLength(1);
    await second.close();
  });
});
