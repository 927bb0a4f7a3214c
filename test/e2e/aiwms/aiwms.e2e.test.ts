/**
 * AI-WMS PLUS pushes to the gateway (seed 003; protocols/others.md §4): this suite is the push driver. Seed 003's
 * example, unmodified, is booked in the routed sandbox; retries replay, conflicting retries answer 409, ten copies at
 * once book one document; malformed pushes name their field; an ERP refusal and an outage leave nothing half-done.
 * Budget: < 20 s.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TestGateway } from '../../support/gateway';

const seed003 = readFileSync(path.join(__dirname, '../../fixtures/seeds/003_17608f92a3b038be.txt'), 'utf8');
/** The seed's request example, exactly as the seed writes it. */
const SEED_PUSH = seed003.slice(seed003.indexOf('三、请求JSON范例') + '三、请求JSON范例'.length, seed003.indexOf('四、返回JSON范例')).trim();

type Answer = { code: number | string; message: string; bil_id: string; bil_no: string };

/** A push like seed 003's with another entry code (and whatever else a test changes). */
function pushWith(entryCode: string, change: (push: { entry_order: Record<string, unknown>; order_lines: Record<string, unknown>[] }) => void = () => undefined): string {
  const push = JSON.parse(SEED_PUSH) as { entry_order: Record<string, unknown>; order_lines: Record<string, unknown>[] };
  push.entry_order.entry_code = entryCode;
  for (const line of push.order_lines) line.entry_code = entryCode;
  change(push);
  return JSON.stringify(push);
}

describe('AI-WMS PLUS pushes (open mode, sandbox routes)', () => {
  let gateway: TestGateway;

  beforeAll(async () => {
    gateway = await TestGateway.start({ connections: { tiptop: { timeoutMs: 800, readRetries: 0 } } });
  });
  afterEach(() => gateway.clearFaults('tiptop'));
  afterAll(() => gateway.stop());

  async function push(body: string, method = 'CreateEntryConfirmation', headers: Record<string, string> = {}): Promise<{ status: number; answer: Answer }> {
    const response = await fetch(`${gateway.url}/wms/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    return { status: response.status, answer: (await response.json()) as Answer };
  }

  it('books seed 003’s example push, unmodified, and answers bil_id and bil_no; a re-push replays the same number', async () => {
    expect(SEED_PUSH).toContain('"entry_code": "RK230302000001"');
    const first = await push(SEED_PUSH);
    expect(first.status).toBe(200);
    expect(first.answer).toMatchObject({ code: 0, message: '新增成功', bil_id: 'MR01' });
    expect(first.answer.bil_no).toMatch(/^MR01-\d{8}$/);
    const booked = await gateway.sandboxDocument('tiptop', 'MiscReceipt', first.answer.bil_no);
    expect(booked).toMatchObject({ status: 'POSTED' });
    expect(booked!.lines[0]).toMatchObject({ inb04: 'P001', inb05: 'A' });
    const again = await push(SEED_PUSH);
    expect(again.answer).toEqual({ code: 0, message: '单据已存在', bil_id: 'MR01', bil_no: first.answer.bil_no });
  });

  it('accepts both spellings of the line total, and refuses a total that does not match', async () => {
    const spelled = await push(pushWith('RK-TOTAL-1', (body) => {
      delete body.entry_order.total_order_lines;
      body.entry_order.totalorderlines = 1;
    }));
    expect(spelled.answer.code).toBe(0);
    const wrong = await push(pushWith('RK-TOTAL-2', (body) => (body.entry_order.total_order_lines = 2)));
    expect(wrong.answer).toMatchObject({ code: 1, bil_id: '', bil_no: '' });
    expect(wrong.answer.message).toContain('total_order_lines');
  });

  it('answers 409 to the same key with other content, and books ten simultaneous copies once', async () => {
    expect((await push(pushWith('RK-CONFLICT-1'))).answer.code).toBe(0);
    const changed = await push(pushWith('RK-CONFLICT-1', (body) => (body.order_lines[0].qty = 7)));
    expect(changed.answer).toMatchObject({ code: 409, bil_no: '' });

    const before = (await gateway.sandboxDocuments('tiptop', { type: 'MiscReceipt' })).length;
    const answers = await Promise.all(Array.from({ length: 10 }, () => push(pushWith('RK-TEN-COPIES'))));
    const numbers = new Set(answers.map(({ answer }) => answer.bil_no));
    expect(answers.every(({ answer }) => answer.code === 0)).toBe(true);
    expect(numbers.size).toBe(1);
    expect((await gateway.sandboxDocuments('tiptop', { type: 'MiscReceipt' })).length).toBe(before + 1);
  });

  it.each([
    ['the seed’s minimal bad push', '{"entry_order":{"entry_date":"2023-03-02"},"order_lines":[]}', 'entry_order.ref_id'],
    ['a body that is not JSON', 'entry_order=1', 'not JSON'],
    ['an unknown order_type', pushWith('RK-BAD-1', (body) => (body.entry_order.order_type = '99')), 'order_type'],
    ['no lines', pushWith('RK-BAD-2', (body) => (body.order_lines = [])), 'order_lines'],
    ['a line of another entry', pushWith('RK-BAD-3', (body) => (body.order_lines[0].entry_code = 'RK-OTHER')), 'order_lines[0].entry_code'],
    ['a repeated line number', pushWith('RK-BAD-4', (body) => (body.order_lines = [body.order_lines[0], { ...body.order_lines[0] }])), 'entry_code_itm'],
    ['qty 0', pushWith('RK-BAD-5', (body) => (body.order_lines[0].qty = 0)), 'order_lines[0].qty'],
    ['a ref_id longer than 20', pushWith('RK-BAD-6', (body) => (body.entry_order.ref_id = 'X'.repeat(21))), 'entry_order.ref_id'],
    ['an item code longer than 50', pushWith('RK-BAD-7', (body) => (body.order_lines[0].item_code = 'P'.repeat(51))), 'order_lines[0].item_code'],
    ['two request codes', pushWith('RK-BAD-8', (body) => (body.order_lines = [body.order_lines[0], { ...body.order_lines[0], entry_code_itm: 2, request_code: 'TI-OTHER' }])), 'request_code'],
    ['a date that is not one', pushWith('RK-BAD-9', (body) => (body.entry_order.entry_date = '2023-02-30x')), 'entry_date'],
    ['a prototype name as the header', '{"__proto__":{"ref_id":"x"},"order_lines":[]}', 'entry_order'],
  ])('answers %s with HTTP 200, code 1 and the field', async (_case, body, field) => {
    const { status, answer } = await push(body);
    expect(status).toBe(200);
    expect(answer).toMatchObject({ code: 1, bil_id: '', bil_no: '' });
    expect(answer.message).toContain(field);
  });

  it('answers an ERP refusal with code 2 and the ERP’s message, leaving no document behind', async () => {
    const before = (await gateway.sandboxDocuments('tiptop', { type: 'MiscReceipt' })).length;
    const refused = await push(pushWith('RK-UNKNOWN-ITEM', (body) => (body.order_lines[0].item_code = 'NOPE-1')));
    expect(refused.answer).toMatchObject({ code: 2, bil_id: '', bil_no: '' });
    expect(refused.answer.message).toContain('mfg1201');
    expect((await gateway.sandboxDocuments('tiptop', { type: 'MiscReceipt' })).length).toBe(before);
  });

  it('answers an ERP outage with code 3, and books the retry exactly once', async () => {
    await gateway.injectFault('tiptop', { api: 'tt.oapi.other.in.inventory.data.create', mode: 'http500' });
    const down = await push(pushWith('RK-OUTAGE-1'));
    expect(down.answer).toMatchObject({ code: 3, bil_no: '' });
    const retried = await push(pushWith('RK-OUTAGE-1'));
    expect(retried.answer.code).toBe(0);
    const lost = await (async () => {
      await gateway.injectFault('tiptop', { api: 'tt.oapi.other.in.inventory.data.create', mode: 'lost_reply' });
      return push(pushWith('RK-LOST-1'));
    })();
    // A lost reply is settled by the reference in ina07: booked once, answered 0 (or 3, then 0 on the retry).
    const settled = lost.answer.code === 0 ? lost : await push(pushWith('RK-LOST-1'));
    expect(settled.answer.code).toBe(0);
    const matching = (await gateway.sandboxDocuments('tiptop', { type: 'MiscReceipt' })).filter((document) => document.docNo === settled.answer.bil_no);
    expect(matching).toHaveLength(1);
  });

  it('books a delivery push (lines mirroring the entry’s) as a misc issue, and routes an order type it does not know to nothing', async () => {
    const delivery = pushWith('CK-1').replace('"entry_order"', '"delivery_order"').replace(/"entry_code"/g, '"delivery_code"').replace(/"entry_code_itm"/g, '"delivery_code_itm"').replace('"entry_date"', '"delivery_date"');
    const booked = await push(delivery, 'CreateDeliveryConfirmation');
    expect(booked.answer).toMatchObject({ code: 0, bil_id: 'MI01' });
    expect(await gateway.sandboxDocument('tiptop', 'MiscIssue', booked.answer.bil_no)).toMatchObject({ status: 'POSTED' });
    expect(delivery).toContain('"order_type":"01"');
    const unknown = await push(delivery.replace('"order_type":"01"', '"order_type":"17"').replace(/CK-1/g, 'CK-2'), 'CreateDeliveryConfirmation');
    expect(unknown.answer.code).toBe(1);
  });
});

describe('AI-WMS PLUS pushes with tokens and the default routes', () => {
  let gateway: TestGateway;

  beforeAll(async () => {
    gateway = await TestGateway.start({
      connections: {
        aiwms: {
          tokens: ['static-wms-token-1'],
          users: [{ company: 'PLUS', user: 'WMS', password: 'wms-pw' }],
          // The default routes (§4.4), except 11, which goes nowhere here.
          routes: { entry: { '11': null } },
        },
      },
    });
  });
  afterAll(() => gateway.stop());

  const post = async (method: string, body: string, authorization?: string): Promise<Record<string, unknown>> => {
    const response = await fetch(`${gateway.url}/wms/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) }, body });
    expect(response.status).toBe(200);
    return (await response.json()) as Record<string, unknown>;
  };

  it('refuses a push without a good token (401 in the body), takes a static token or one from /wms/LOGIN', async () => {
    expect(await post('CreateEntryConfirmation', SEED_PUSH)).toMatchObject({ code: 401, bil_id: '', bil_no: '' });
    expect(await post('CreateEntryConfirmation', SEED_PUSH, 'wrong-token')).toMatchObject({ code: 401 });
    expect(await post('LOGIN', '{"comp_no":"PLUS","user_id":"WMS","password":"nope"}')).toMatchObject({ code: 1, token: '' });
    const login = await post('LOGIN', '{"comp_no":"PLUS","user_id":"WMS","password":"wms-pw"}');
    expect(login).toMatchObject({ code: 0, token: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    // Past authentication: seed 003's 01 goes by default to PurchaseStockIn on T100, which has no item P001.
    const routed = await post('CreateEntryConfirmation', SEED_PUSH, String(login.token));
    expect(routed.code).not.toBe(401);
    expect(await post('CreateEntryConfirmation', pushWith('RK-X'), 'Bearer static-wms-token-1')).not.toMatchObject({ code: 401 });
  });

  it('routes by order_type: one that is switched off answers 4', async () => {
    const unrouted = await post('CreateEntryConfirmation', pushWith('RK-ROUTE-11', (body) => (body.entry_order.order_type = '11')), 'static-wms-token-1');
    expect(unrouted).toMatchObject({ code: 4, bil_id: '', bil_no: '' });
  });
});
