/**
 * Secrets never reach a log line (issue 10 §4): every line the gateway writes at trace level is captured while
 * clients send good, wrong and malformed keys, the sandbox admin is used with a key, and ERP calls succeed, are
 * refused and fail. Time budget: under 3 s.
 */
import pino from 'pino';
import { TestGateway } from '../../support/gateway';

describe('log lines', () => {
  const lines: string[] = [];
  const writer = 'sk-live-writer-7f3a91c2';
  const reader = 'sk-live-reader-0be4d6aa';
  const wrong = 'sk-live-wrong-55e1c0de';
  const tiptopPassword = 'tt-pw-9f8e7d6c';
  let gateway: TestGateway;

  beforeAll(async () => {
    const logger = pino({ level: 'trace' }, { write: (line: string) => void lines.push(line) });
    gateway = await TestGateway.start({
      logger,
      apiKeys: [{ key: writer, scopes: ['read', 'write'] }, { key: reader, scopes: ['read'] }],
      connections: { tiptop: { password: tiptopPassword, readRetries: 0 } },
    });
  });
  afterAll(() => gateway.stop());

  it('carry what happened with ERP calls and never a key, whatever the requests and the ERP did', async () => {
    const asWriter = { authorization: `Bearer ${writer}` };
    const docNo = await (async () => {
      const response = await fetch(`${gateway.url}/sandbox/t100/documents?type=StockIn&status=APPROVED`, { headers: asWriter });
      const found = (await response.json()) as { docNo: string }[];
      return found[0].docNo.trim();
    })();
    const read = `{ stockIn(docNo: "${docNo}") { docNo status } }`;

    expect((await gateway.query(read, undefined, asWriter)).data).toBeTruthy();
    expect((await gateway.query(read, undefined, { authorization: `Bearer ${reader}` })).data).toBeTruthy();
    expect((await gateway.query(read, undefined, { authorization: `Bearer ${wrong}` })).status).toBe(401);
    expect((await gateway.query(read, undefined, { authorization: `Basic ${Buffer.from(`admin:${wrong}`).toString('base64')}` })).status).toBe(401);
    // Refused by the ERP (an approved stock-in cannot be approved again) and refused by scope.
    const again = await gateway.query(`mutation { approveStockIn(docNo: "${docNo}") { userErrors { code } } }`, undefined, asWriter);
    expect(again.data).toBeTruthy();
    expect((await gateway.query(`mutation { approveStockIn(docNo: "${docNo}") { userErrors { code } } }`, undefined, { authorization: `Bearer ${reader}` })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    // The ERP fails: an HTML 500 page, then a garbage body, past the read retries.
    for (const mode of ['http500', 'garbage']) {
      const fault = await fetch(`${gateway.url}/sandbox/t100/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...asWriter },
        body: JSON.stringify({ api: '*', mode, count: 3 }), // the read and its two retries
      });
      expect(fault.status).toBe(201);
      await fault.text();
      const failed = await gateway.query(read, undefined, asWriter);
      expect(failed.errors?.[0].extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    }

    const log = lines.join('');
    // The capture is real: ERP calls, good and failed, are in it, with their connection and API.
    expect(log).toContain('"msg":"ERP call"');
    expect(log).toContain('"msg":"ERP call failed"');
    expect(log).toMatch(/"connection":"t100","api":"[\w.]+","outcome":"http_status"/);
    expect(log).toMatch(/"connection":"t100","api":"[\w.]+","outcome":"unreadable"/);
    for (const secret of [writer, reader, wrong, Buffer.from(`admin:${wrong}`).toString('base64')]) expect(log).not.toContain(secret);
    expect(log.toLowerCase()).not.toContain('authorization');
  });

  it('never carry TIPTOP’s password, which travels in every customized call’s Access block, nor echo it in an answer', async () => {
    const asWriter = { authorization: `Bearer ${writer}` };
    const issue = 'mutation { createAndPostMiscIssue(connection: "tiptop", input: { docType: "MI01", lines: [{ itemNo: "A001", quantity: 1, warehouse: "W01" }] }) { miscIssue { docNo status } userErrors { code message erp { code message } } steps { api outcome } } }';
    const answers: string[] = [];
    answers.push(JSON.stringify(await gateway.query(issue, undefined, asWriter)));
    for (const mode of ['post_fails', 'http500', 'garbage', 'soap_fault']) {
      const fault = await fetch(`${gateway.url}/sandbox/tiptop/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...asWriter },
        body: JSON.stringify({ api: 'CreateMISCIssueData', mode, count: 1 }),
      });
      expect([mode, fault.status, await fault.text()]).toEqual([mode, 201, expect.any(String)]);
      answers.push(JSON.stringify(await gateway.query(issue, undefined, asWriter)));
    }
    expect(answers[0]).toContain('"status":"POSTED"');
    expect(answers[1]).toContain('COMPENSATED');
    const log = lines.join('');
    expect(log).toMatch(/"connection":"tiptop","api":"CreateMISCIssueData","outcome":"ok"/);
    expect(log).toMatch(/"connection":"tiptop","api":"CreateMISCIssueData","outcome":"http_status"/);
    for (const text of [log, ...answers]) expect(text).not.toContain(tiptopPassword);
  });
});
