import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodeReply, encodeRequest, parseSafeXml } from '../../datasources/common/digiwin/envelope';
import type { StdEncoding, StdRecord, StdReply, StdRequest } from '../../datasources/common/digiwin/envelope-types';
import type { SandboxHandle } from '../../src/server/sandbox-admin';
import { decodeDocRequest, encodeDocResponse, responseXml, unwrapDocEnvelope } from './doc-style';
import { startTiptopSandbox, type RunningTiptopSandbox, type TiptopSandboxOptions } from './server';

const DAY = new Date(2026, 10, 24, 10, 15, 0);
const FIXTURES = path.join(__dirname, '../../datasources/tiptop/fixtures');
const REQUEST_FIXTURE = readFileSync(path.join(FIXTURES, 'create-misc-issue-request.xml'), 'utf8');
const RESPONSE_FIXTURE = readFileSync(path.join(FIXTURES, 'create-misc-issue-response.xml'), 'utf8');
const TT = 'http://www.dsc.com.tw/tiptop/TIPTOPServiceGateWay';

const ISSUE = 'tt.oapi.other.out.inventory';
const RECEIPT = 'tt.oapi.other.in.inventory';
const TRANSFER = 'tt.oapi.transfer';

function request(name: string, parameter: StdRecord, overrides: Partial<StdRequest> = {}): StdRequest {
  return {
    type: 'sync',
    host: { prod: 'GATEWAY', ver: '1.0', ip: '127.0.0.1', id: '', lang: 'zh_TW', acct: 'tiptop', timestamp: '20261124101500123' },
    service: { prod: 'TIPTOP', name, ip: '', id: 'topprod' },
    datakey: { EntId: 'topprod', CompanyId: 'DSCTC' },
    parameter,
    ...overrides,
  };
}

function compact(xml: string): string {
  return xml.replace(/>\s+</g, '><').trim();
}

interface DocLine {
  [column: string]: string;
}

/** A DOC-style SOAP request (§2.5), Request XML-escaped (the vendor tester's form) unless `cdata`. */
function docEnvelope(
  operation: string,
  options: { status?: string; master: Record<string, string>; lines: DocLine[]; user?: string; password?: string; plant?: string; application?: string; cdata?: boolean; sets?: number },
): string {
  const table = operation === 'CreateTransferNote' ? ['imm_file', 'imn_file'] : ['ina_file', 'inb_file'];
  const fields = (values: Record<string, string>): string => Object.entries(values).map(([name, value]) => `<Field name="${name}" value="${value}"/>`).join('');
  const set = (id: number): string =>
    `<RecordSet id="${id}"><Master name="${table[0]}"><Record>${fields(options.master)}</Record></Master>` +
    `<Detail name="${table[1]}">${options.lines.map((line) => `<Record>${fields(line)}</Record>`).join('')}</Detail></RecordSet>`;
  const inner =
    `<Request><Access><Authentication user="${options.user ?? 'tiptop'}" password="${options.password ?? 'tiptop'}"/>` +
    `<Connection application="${options.application ?? 'GATEWAY'}" source="10.0.0.5"/><Organization name="${options.plant ?? 'DSCTC'}"/><Locale language="zh_tw"/></Access>` +
    `<RequestContent><Parameter><Record><Field name="status" value="${options.status ?? 'Y'}"/></Record></Parameter>` +
    `<Document>${Array.from({ length: options.sets ?? 1 }, (_, index) => set(index + 1)).join('')}</Document></RequestContent></Request>`;
  const text = options.cdata ? `<![CDATA[${inner}]]>` : inner.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return (
    `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ws="${TT}"><soapenv:Header/><soapenv:Body>` +
    `<ws:${operation}Request><ws:request>${text}</ws:request></ws:${operation}Request></soapenv:Body></soapenv:Envelope>`
  );
}

/** The Response inside a DOC-style SOAP reply: Status and Parameter fields. */
function readDocReply(body: string, operation: string): { code: string; description: string; fields: Record<string, string> } {
  const envelope = parseSafeXml(body, new Set()) as Record<string, any>;
  const text = String(envelope.Envelope.Body[`${operation}Response`].response['#text']);
  const response = parseSafeXml(text, new Set(['Field'])) as Record<string, any>;
  const status = response.Response.Execution.Status;
  const fields: Record<string, string> = {};
  for (const field of response.Response.ResponseContent.Parameter.Record.Field ?? []) fields[field['@_name']] = field['@_value'];
  return { code: status['@_code'], description: status['@_description'], fields };
}

describe('TIPTOP DOC-style codec (§2.5)', () => {
  it('writes the Response of the notes example, byte for byte apart from whitespace between tags', () => {
    expect(responseXml({ code: '0', description: '', parameter: [['ina01', 'MI01-26110001']] })).toBe(compact(RESPONSE_FIXTURE));
    const soap = encodeDocResponse('CreateMISCIssueData', { code: '0', description: '', parameter: [['ina01', 'MI01-26110001']] });
    expect(soap).toContain(`<fjs1:CreateMISCIssueDataResponse xmlns:fjs1="${TT}"><fjs1:response>&lt;Response&gt;`);
    const envelope = parseSafeXml(soap, new Set()) as Record<string, any>;
    expect(envelope.Envelope.Body.CreateMISCIssueDataResponse.response['#text']).toBe(compact(RESPONSE_FIXTURE));
  });

  it('reads the notes example request, field by field', async () => {
    // Wrapped as-is into an HTTP request, read back as the server receives it.
    const body = await new Request('http://sandbox/topprod/ws/r/aws_ttsrv2', { method: 'POST', body: REQUEST_FIXTURE }).text();
    const { operation, requestText } = unwrapDocEnvelope(body);
    expect(operation).toBe('CreateMISCIssueData');
    const decoded = decodeDocRequest(requestText);
    expect(decoded.access).toEqual({ user: 'tiptop', password: 'tiptop', application: 'GATEWAY', source: '10.0.0.5', organization: 'DSCTC', language: 'zh_tw' });
    expect({ ...decoded.parameter }).toEqual({ status: 'Y' });
    expect(decoded.recordSets).toHaveLength(1);
    const [set] = decoded.recordSets;
    expect(set.id).toBe('1');
    expect(set.master.name).toBe('ina_file');
    expect(set.master.fields.ina01).toBe('MI01');
    expect(set.master.fields.ina03).toBe('2026/11/24');
    expect(set.master.fields.ina04).toBe('D100');
    expect(set.master.fields.ina11).toBe('tiptop');
    expect(set.master.fields.ina07).toBe('gw:7f3c9a10');
    expect(set.details).toHaveLength(1);
    expect(set.details[0].name).toBe('inb_file');
    expect(set.details[0].records).toHaveLength(1);
    const line = set.details[0].records[0];
    expect(line.inb04).toBe('A001');
    expect(line.inb05).toBe('W01');
    expect(line.inb06).toBe(' ');
    expect(line.inb07).toBe(' ');
    expect(line.inb09).toBe('5');
    expect(line.inb15).toBe('R01');
  });
});

describe('TIPTOP sandbox over HTTP', () => {
  let sandbox: RunningTiptopSandbox;
  let dataDir: string;

  async function start(options: Partial<TiptopSandboxOptions> = {}): Promise<RunningTiptopSandbox> {
    return startTiptopSandbox({ dataDir, clock: () => DAY, ...options });
  }

  async function call(name: string, parameter: StdRecord, overrides: Partial<StdRequest> = {}, encoding: StdEncoding = 'xml'): Promise<StdReply> {
    const encoded = encodeRequest(encoding, request(name, parameter, overrides));
    const url = encoding === 'xml' ? `${sandbox.baseUrl}/ws/r/aws_ttsrv2` : `${new URL(sandbox.baseUrl).origin}/CROSS/RESTful`;
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': encoded.contentType, ...encoded.headers }, body: encoded.body });
    expect(response.status).toBe(200);
    return decodeReply(encoding, await response.text(), Object.fromEntries(response.headers.entries()));
  }

  async function postDoc(operation: string, body: string): Promise<{ code: string; description: string; fields: Record<string, string> }> {
    const response = await fetch(`${sandbox.baseUrl}/ws/r/aws_ttsrv2`, { method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8', SOAPAction: '""' }, body });
    expect(response.status).toBe(200);
    return readDocReply(await response.text(), operation);
  }

  const keys = (...docNos: string[]): StdRecord => ({ data_keys: docNos.map((doc_no) => ({ doc_no })) });
  const one = (docNo: string) => sandbox.documents({ docNo })[0];

  beforeEach(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'tiptop-sandbox-'));
    sandbox = await start();
  });
  afterEach(() => sandbox.close());

  it('is a SandboxHandle and serves its WSDL', async () => {
    const handle: SandboxHandle = sandbox;
    expect(handle.erp).toBe('tiptop');
    expect(sandbox.baseUrl).toMatch(/\/topprod$/);
    const wsdl = await (await fetch(`${sandbox.baseUrl}/ws/r/aws_ttsrv2?wsdl`)).text();
    for (const operation of ['invokeSrv', 'CreateMISCIssueData', 'CreateTransferNote']) expect(wsdl).toContain(`operation name="${operation}"`);
    expect(sandbox.documents({ type: 'Transfer' }).length).toBeGreaterThanOrEqual(3);
  });

  it('books the §2.5 request sent verbatim: number, stock taken, posted', async () => {
    const reply = await postDoc('CreateMISCIssueData', REQUEST_FIXTURE);
    expect(reply.code).toBe('0');
    expect(reply.fields.ina01).toMatch(/^MI01-\d{8}$/);
    expect(reply.fields.ina01).toBe('MI01-26110001');
    expect(sandbox.stock('A001', 'W01', ' ', ' ')).toBe(95);
    const document = one(reply.fields.ina01);
    expect(document).toMatchObject({ type: 'MiscIssue', status: 'POSTED', rawStatus: 'YY' });
    expect(document.head).toMatchObject({ ina00: '1', ina02: '20261124', ina03: '20261124', ina04: 'D100', ina07: 'gw:7f3c9a10', ina11: 'tiptop' });
    expect(document.lines[0]).toMatchObject({ inb03: 1, inb04: 'A001', inb08: 'PCS', inb09: 5, inb15: 'R01', inb06: ' ', inb07: ' ' });
    expect(sandbox.callCount('CreateMISCIssueData')).toBe(1);
  });

  it('is not atomic: a failing post step answers -1 with the number and leaves the document (N,N)', async () => {
    sandbox.faults.add({ api: 'CreateMISCIssueData', mode: 'post_fails' });
    const faulted = await postDoc('CreateMISCIssueData', REQUEST_FIXTURE);
    expect(faulted.code).toBe('-1');
    expect(faulted.description).toContain('aws-086');
    expect(faulted.fields.ina01).toMatch(/^MI01-\d{8}$/);
    expect(one(faulted.fields.ina01)).toMatchObject({ status: 'UNAPPROVED', rawStatus: 'NN' });
    expect(sandbox.stock('A001', 'W01', ' ', ' ')).toBe(100);

    const short = await postDoc(
      'CreateMISCIssueData',
      docEnvelope('CreateMISCIssueData', { master: { ina01: 'MI01', ina03: '2026/11/24' }, lines: [{ inb04: 'A001', inb05: 'W01', inb06: ' ', inb07: ' ', inb09: '1000' }], cdata: true }),
    );
    expect(short.code).toBe('-1');
    expect(short.description).toContain('mfg3471');
    expect(short.fields.ina01).toMatch(/^MI01-\d{8}$/);
    expect(short.fields.ina01).not.toBe(faulted.fields.ina01);
    expect(one(short.fields.ina01).rawStatus).toBe('NN');
    expect(sandbox.stock('A001', 'W01', ' ', ' ')).toBe(100);
  });

  it('answers a failed insert with an empty number: misc with its code, transfer masked by the post step', async () => {
    const slip = await postDoc('CreateMISCIssueData', docEnvelope('CreateMISCIssueData', { master: { ina01: 'XX99' }, lines: [{ inb04: 'A001', inb05: 'W01', inb09: '1' }] }));
    expect(slip).toMatchObject({ code: 'apm-920', fields: { ina01: '' } });
    const noLines = await postDoc('CreateMISCIssueData', docEnvelope('CreateMISCIssueData', { master: { ina01: 'MI01' }, lines: [] }));
    expect(noLines).toMatchObject({ code: 'mfg-009', fields: { ina01: '' } });
    const location = await postDoc('CreateMISCIssueData', docEnvelope('CreateMISCIssueData', { master: { ina01: 'MI01' }, lines: [{ inb04: 'A001', inb05: 'W01', inb06: 'L9', inb09: '1' }] }));
    expect(location).toMatchObject({ code: 'mfg1020', fields: { ina01: '' } });

    const before = sandbox.documents({ type: 'Transfer' }).length;
    const transfer = await postDoc(
      'CreateTransferNote',
      docEnvelope('CreateTransferNote', { master: { imm01: 'TR01', imm02: '2026/11/24', imm14: 'D100' }, lines: [{ imn03: 'Z999', imn04: 'W01', imn05: ' ', imn06: ' ', imn09: 'PCS', imn10: '1', imn15: 'W02', imn16: ' ', imn17: ' ' }] }),
    );
    expect(transfer.code).toBe('-1');
    expect(transfer.description).toContain('aws-086');
    expect(transfer.fields.imm01).toBe('');
    // Without status Y there is no post step: the real code shows.
    const unposted = await postDoc(
      'CreateTransferNote',
      docEnvelope('CreateTransferNote', { status: 'N', master: { imm01: 'TR01' }, lines: [{ imn03: 'Z999', imn04: 'W01', imn10: '1', imn15: 'W02' }] }),
    );
    expect(unposted).toMatchObject({ code: 'mfg1201', fields: { imm01: '' } });
    expect(sandbox.documents({ type: 'Transfer' })).toHaveLength(before);
  });

  it('books a transfer note, and with several RecordSets returns and posts only the last', async () => {
    const reply = await postDoc(
      'CreateTransferNote',
      docEnvelope('CreateTransferNote', { sets: 2, master: { imm01: 'TR01', imm14: 'D100' }, lines: [{ imn03: 'A001', imn04: 'W01', imn05: ' ', imn06: ' ', imn09: 'PCS', imn10: '4', imn15: 'W03', imn16: 'L1', imn17: ' ', imn20: 'PCS', imn21: '1', imn22: '4' }] }),
    );
    expect(reply.code).toBe('0');
    expect(reply.fields.imm01).toBe('TR01-26110002');
    expect(one('TR01-26110001')).toMatchObject({ rawStatus: 'NN' });
    expect(one('TR01-26110002').head).toMatchObject({ immconf: 'Y', imm03: 'Y', imm04: 'N', imm10: '1', imm02: '20261124', imm17: '20261124' });
    expect(sandbox.stock('A001', 'W01', ' ', ' ')).toBe(96);
    expect(sandbox.stock('A001', 'W03', 'L1', ' ')).toBe(4);
    const notPosted = await postDoc('CreateTransferNote', docEnvelope('CreateTransferNote', { status: 'N', master: { imm01: 'TR01' }, lines: [{ imn03: 'A002', imn04: 'W02', imn10: '1', imn15: 'W01' }] }));
    expect(one(notPosted.fields.imm01).lines[0]).toMatchObject({ imn09: 'KG', imn20: 'KG', imn21: 1, imn22: 1, imn05: ' ', imn16: ' ' });
  });

  it('refuses Access: unknown user or plant, CRM, and a wrong password under strictPassword', async () => {
    const lines = [{ inb04: 'A001', inb05: 'W01', inb09: '1' }];
    const user = await postDoc('CreateMISCIssueData', docEnvelope('CreateMISCIssueData', { user: 'nobody', master: { ina01: 'MI01' }, lines }));
    expect(user).toMatchObject({ code: '-1', description: 'Access validate fail!', fields: { ina01: '' } });
    const plant = await postDoc('CreateMISCIssueData', docEnvelope('CreateMISCIssueData', { plant: 'XX', master: { ina01: 'MI01' }, lines }));
    expect(plant.description).toBe('Access validate fail!');
    const crm = await postDoc('CreateMISCIssueData', docEnvelope('CreateMISCIssueData', { application: 'CRM', master: { ina01: 'MI01' }, lines }));
    expect(crm.code).toBe('-1');
    expect(crm.description).toContain('CRM');
    const bad = await postDoc('CreateMISCIssueData', docEnvelope('CreateMISCIssueData', { master: { ina01: 'MI01' }, lines }).replace('&lt;Request&gt;', '&lt;Request&gt;&lt;oops'));
    expect(bad.description).toBe("Request isn't valid XML document!");
    const noMaster = await postDoc('CreateMISCIssueData', docEnvelope('CreateTransferNote', { master: { imm01: 'TR01' }, lines: [] }).replace(/CreateTransferNote/g, 'CreateMISCIssueData'));
    expect(noMaster.description).toBe('No recordset processed!');
    expect(sandbox.documents({ type: 'MiscIssue' }).filter((document) => document.docNo.startsWith('MI01-2611'))).toHaveLength(0);
    // Password read but not checked by default (§2.7); checked under strictPassword.
    const unchecked = await postDoc('CreateMISCIssueData', docEnvelope('CreateMISCIssueData', { password: 'wrong', status: 'N', master: { ina01: 'MI01' }, lines }));
    expect(unchecked.code).toBe('0');
    await sandbox.close();
    sandbox = await start({ strictPassword: true });
    const strict = await postDoc('CreateMISCIssueData', docEnvelope('CreateMISCIssueData', { password: 'wrong', status: 'N', master: { ina01: 'MI01' }, lines }));
    expect(strict.description).toBe('Access validate fail!');
  });

  it('answers tt.oapi identity failures and unknown services as TIPTOP does', async () => {
    const read = `${ISSUE}.details.data.read.get`;
    expect((await call(read, keys('MI01-26100001'), { host: { acct: 'nobody' } })).execution).toMatchObject({ code: '-1', description: 'Access validate fail!' });
    expect((await call(read, keys('MI01-26100001'), { datakey: { EntId: 'topprod', CompanyId: 'XX' } })).execution?.description).toBe('Access validate fail!');
    expect(await call('tt.oapi.other.out.inventory.data.foo', {})).toEqual({ srvcode: '100', parameter: {}, platformMessage: 'Service not executed successfully' });
    expect((await call('CreateMISCIssueData', {})).srvcode).toBe('100');
  });

  it('creates, reads back (with pass-through fields) and updates over invokeSrv, and over ESP', async () => {
    const created = await call(`${ISSUE}.data.create`, {
      other_out_inventory_data: [
        {
          doc_type_no: 'MI01', department_no: 'D200', remark: 'gw:abc', reason_no: 'R09', ina_custom: 'keep me',
          other_out_inventory_detail: [{ seq: 1, item_no: 'A002', qty: 2.5, warehouse_no: 'W02', location_no: ' ', lot_no: '', line_custom: 'x' }],
        },
      ],
    });
    expect(created.execution?.code).toBe('0');
    const success = (created.parameter.result as StdRecord).success as StdRecord[];
    expect(success[0]).toEqual({ doc_no: 'MI01-26110001 ', status: 'NN' });
    const read = await call(`${ISSUE}.details.data.read.get`, keys('MI01-26110001'), {}, 'json-v2');
    const [head] = read.parameter.other_out_inventory_data as StdRecord[];
    expect(head).toMatchObject({ doc_no: 'MI01-26110001 ', doc_type_no: 'MI01', doc_date: '20261124', status: 'NN', department_no: 'D200', applicant_no: 'tiptop', remark: 'gw:abc', reason_no: 'R09', ina_custom: 'keep me', post_date: '' });
    expect((head.other_out_inventory_detail as StdRecord[])[0]).toMatchObject({ seq: 1, item_no: 'A002', qty: 2.5, unit_no: 'KG', warehouse_no: 'W02', location_no: ' ', lot_no: ' ', line_custom: 'x' });
    expect(one('MI01-26110001').lines[0]).toMatchObject({ inb15: 'R09' });

    const updated = await call(`${ISSUE}.data.update`, {
      other_out_inventory_data: [{ doc_no: 'MI01-26110001', remark: 'changed', other_out_inventory_detail: [{ item_no: 'A001', qty: 3, warehouse_no: 'W01' }, { item_no: 'A003', qty: 1, warehouse_no: 'W01', location_no: 'L2' }] }],
    });
    expect(updated.execution?.code).toBe('0');
    const after = one('MI01-26110001');
    expect(after.head).toMatchObject({ ina07: 'changed', ina04: 'D200' });
    expect(after.lines).toHaveLength(2);
    const refused = await call(`${ISSUE}.data.update`, { other_out_inventory_data: [{ doc_no: 'MI01-26100002', remark: 'x' }] });
    // update names one document, not data_keys: the refusal code is the execution code.
    expect(refused.execution?.code).toBe('9023');
    const missing = await call(`${ISSUE}.details.data.read.get`, keys('MI01-99999999'));
    expect(missing.execution?.code).toBe('-1');
    expect((missing.parameter.result as StdRecord).error).toEqual([{ message: 'sbx-00001: 查無資料:MI01-99999999', data: { doc_no: 'MI01-99999999' } }]);
  });

  it('refuses illegal transitions with TIPTOP codes (§3.3), per key', async () => {
    const refusal = async (api: string, docNo: string): Promise<string> => {
      const reply = await call(api, keys(docNo));
      expect(reply.execution?.code).toBe('-1');
      const [error] = (reply.parameter.result as StdRecord).error as StdRecord[];
      expect(error.data).toEqual({ doc_no: docNo });
      return String(error.message).split(':')[0];
    };
    expect(await refusal(`${ISSUE}.data.approve`, 'MI01-26100002')).toBe('9023');
    expect(await refusal(`${ISSUE}.data.approve`, 'MI01-26100004')).toBe('9024');
    expect(await refusal(`${ISSUE}.data.delete`, 'MI01-26100003')).toBe('9023');
    expect(await refusal(`${ISSUE}.data.disapprove`, 'MI01-26100003')).toBe('9023');
    expect(await refusal(`${ISSUE}.data.disapprove`, 'MI01-26100001')).toBe('sbx-00002');
    expect(await refusal(`${ISSUE}.data.post`, 'MI01-26100001')).toBe('aba-100');
    expect(await refusal(`${ISSUE}.data.post`, 'MI01-26100003')).toBe('9023');
    expect(await refusal(`${ISSUE}.data.post`, 'MI01-26100004')).toBe('9024');
    expect(await refusal(`${TRANSFER}.data.post`, 'TR01-26100003')).toBe('asf-812');
    expect(await refusal(`${RECEIPT}.data.dispost`, 'MR01-26100002')).toBe('afa-108');
    expect(await refusal(`${RECEIPT}.data.invalid`, 'MR01-26100002')).toBe('9023');
    expect(await refusal(`${ISSUE}.data.invalid`, 'MI01-26100004')).toBe('9024');
    expect(await refusal(`${ISSUE}.data.approve`, 'MI01-00000000')).toBe('sbx-00001');

    // Mixed keys: "-0", each key alone.
    const mixed = await call(`${ISSUE}.data.approve`, keys('MI01-26100001', 'MI01-26100002'));
    expect(mixed.execution?.code).toBe('-0');
    expect((mixed.parameter.result as StdRecord).success).toEqual([{ doc_no: 'MI01-26100001 ', status: 'YN' }]);
    const all = await call(`${ISSUE}.data.invalid`, keys('MI01-26100002', 'MI01-26100004'));
    expect(all.execution?.code).toBe('-1');
    const ok = await call(`${RECEIPT}.data.invalid`, { datakeys: [{ doc_no: 'MR01-26100001' }] });
    expect(ok.execution?.code).toBe('0');
    expect(one('MR01-26100001').rawStatus).toBe('XN');
  });

  it('refuses a transfer to the place it comes from, and an approve short of stock', async () => {
    const same = await call(`${TRANSFER}.data.create`, {
      transfer_data: [{ doc_type_no: 'TR01', transfer_detail: [{ item_no: 'A001', qty: 1, warehouse_no: 'W01', location_no: 'L1', lot_no: 'LOT1', to_warehouse_no: 'W01', to_location_no: 'L1', to_lot_no: 'LOT1' }] }],
    });
    expect(same.execution).toMatchObject({ code: 'sbx-00020', description: '調撥來源與目的相同' });
    const checks: [StdRecord, string][] = [
      [{ item_no: 'NOPE', qty: 1, warehouse_no: 'W01', to_warehouse_no: 'W02' }, 'mfg1201'],
      [{ item_no: 'A001', qty: 1, warehouse_no: 'W09', to_warehouse_no: 'W02' }, 'sbx-00012'],
      [{ item_no: 'A001', qty: 1, warehouse_no: 'W01', location_no: 'L7', to_warehouse_no: 'W02' }, 'mfg1020'],
      [{ item_no: 'A001', qty: 0, warehouse_no: 'W01', to_warehouse_no: 'W02' }, 'sbx-00014'],
    ];
    for (const [line, code] of checks) {
      expect((await call(`${TRANSFER}.data.create`, { transfer_data: [{ doc_type_no: 'TR01', transfer_detail: [line] }] })).execution?.code).toBe(code);
    }
    expect((await call(`${TRANSFER}.data.create`, { transfer_data: [{ doc_type_no: 'MI01', transfer_detail: [checks[0][0]] }] })).execution?.code).toBe('apm-920');
    expect((await call(`${TRANSFER}.data.create`, { transfer_data: [{ doc_type_no: 'TR01', transfer_detail: [] }] })).execution?.code).toBe('mfg-009');

    const big = await call(`${ISSUE}.data.create`, { other_out_inventory_data: [{ doc_type_no: 'MI01', other_out_inventory_detail: [{ item_no: 'A003', qty: 31, warehouse_no: 'W01', location_no: 'L2' }] }] });
    const docNo = String(((big.parameter.result as StdRecord).success as StdRecord[])[0].doc_no).trim();
    const approve = await call(`${ISSUE}.data.approve`, keys(docNo));
    expect(approve.execution?.description).toMatch(/^mfg3471: /);
    expect(one(docNo).rawStatus).toBe('NN');
  });

  it('moves stock on post and back on dispost', async () => {
    const created = await call(`${TRANSFER}.data.create`, {
      transfer_data: [{ doc_type_no: 'TR01', department_no: 'D100', transfer_detail: [{ item_no: 'A001', qty: 10, warehouse_no: 'W01', to_warehouse_no: 'W03', to_location_no: 'L1' }] }],
    });
    const docNo = String(((created.parameter.result as StdRecord).success as StdRecord[])[0].doc_no).trim();
    expect((await call(`${TRANSFER}.data.approve`, keys(docNo))).execution?.code).toBe('0');
    expect(sandbox.stock('A001', 'W01', '', '')).toBe(100);
    const posted = await call(`${TRANSFER}.data.post`, keys(docNo));
    expect((posted.parameter.result as StdRecord).success).toEqual([{ doc_no: `${docNo} `, status: 'YY' }]);
    expect(sandbox.stock('A001', 'W01', ' ', ' ')).toBe(90);
    expect(sandbox.stock('A001', 'W03', 'L1', ' ')).toBe(10);
    expect(one(docNo).head).toMatchObject({ immconf: 'Y', imm03: 'Y', imm17: '20261124' });
    expect((await call(`${TRANSFER}.data.dispost`, keys(docNo))).execution?.code).toBe('0');
    expect(sandbox.stock('A001', 'W01', ' ', ' ')).toBe(100);
    expect(sandbox.stock('A001', 'W03', 'L1', ' ')).toBe(0);
    expect(one(docNo)).toMatchObject({ rawStatus: 'YN', status: 'APPROVED' });

    // A receipt whose stock has been used since cannot be disposted without going negative.
    await call(`${RECEIPT}.data.post`, keys('MR01-26100002'));
    expect(sandbox.stock('A002', 'W02', ' ', ' ')).toBe(240);
    const issue = await call(`${ISSUE}.data.create`, { other_out_inventory_data: [{ doc_type_no: 'MI01', other_out_inventory_detail: [{ item_no: 'A002', qty: 230, warehouse_no: 'W02' }] }] });
    const issueNo = String(((issue.parameter.result as StdRecord).success as StdRecord[])[0].doc_no).trim();
    await call(`${ISSUE}.data.approve`, keys(issueNo));
    await call(`${ISSUE}.data.post`, keys(issueNo));
    expect(sandbox.stock('A002', 'W02', ' ', ' ')).toBe(10);
    expect((await call(`${RECEIPT}.data.dispost`, keys('MR01-26100002'))).execution?.description).toMatch(/^mfg3471: /);
    expect(sandbox.stock('A002', 'W02', ' ', ' ')).toBe(10);
  });

  it('lists with conditions, orders and paging (§6)', async () => {
    const list = async (parameter: StdRecord): Promise<StdReply> => call(`${ISSUE}.list.data.query.get`, parameter);
    const numbers = (reply: StdReply): string[] => (reply.parameter.data as StdRecord[]).map((record) => String(record.doc_no).trim());
    expect(numbers(await list({ conditions: [{ field_name: 'status', operator: 'IN', value: "('NN','YN')" }] }))).toEqual(['MI01-26100001', 'MI01-26100002']);
    expect(numbers(await list({ conditions: [{ field_name: 'doc_date', operator: 'BETWEEN', value: "'20261002' AND '20261003'" }] }))).toEqual(['MI01-26100002', 'MI01-26100003']);
    expect(numbers(await list({ conditions: [{ field_name: 'remark', operator: 'LIKE', value: "'%過帳%'" }] }))).toEqual(['MI01-26100003']);
    expect(numbers(await list({ conditions: [{ field_name: 'item_no', operator: '=', value: "'A001'" }] }))).toEqual(['MI01-26100001', 'MI01-26100004']);
    expect(numbers(await list({ conditions: [{ field_name: 'doc_no', operator: '>', value: "'MI01-26100002'" }] }))).toEqual(['MI01-26100003', 'MI01-26100004']);
    expect(numbers(await list({ operator: 'OR', fields: [{ name: 'status', operator: '=', value: 'XN' }, { name: 'doc_no', operator: 'LIKE', value: "'%0001'" }] }))).toEqual([
      'MI01-26100001',
      'MI01-26100004',
    ]);
    const page = await list({ page_no: 2, page_size: 3, orders: [{ field_name: 'doc_no', order_type: 'DESC' }] });
    expect(page.parameter).toMatchObject({ total_result: 4, page_count: 2, page_no: 2, has_next: false, cnt: 1 });
    expect(numbers(page)).toEqual(['MI01-26100001']);
    expect((page.parameter.data as StdRecord[])[0].other_out_inventory_detail).toBeUndefined();
    const first = await list({ page_no: 1, page_size: 3 });
    expect(first.parameter).toMatchObject({ has_next: true, cnt: 3 });
    expect((await list({ page_no: 5, page_size: 3 })).execution).toMatchObject({ code: '-1', description: 'page_no:5 超過 page_count:2 無法查詢！' });
  });

  it('keeps documents, stock and numbering across a restart', async () => {
    const first = await postDoc('CreateMISCIssueData', REQUEST_FIXTURE);
    await sandbox.close();
    sandbox = await start();
    expect(one(first.fields.ina01).rawStatus).toBe('YY');
    expect(sandbox.stock('A001', 'W01', ' ', ' ')).toBe(95);
    const second = await postDoc('CreateMISCIssueData', REQUEST_FIXTURE);
    expect(second.fields.ina01).toBe('MI01-26110002');
    expect(sandbox.documents({ type: 'MiscIssue' })).toHaveLength(6);
  });

  it('numbers uniquely under concurrent calls', async () => {
    const replies = await Promise.all(Array.from({ length: 8 }, () => postDoc('CreateMISCIssueData', REQUEST_FIXTURE.replace('value="Y"', 'value="N"'))));
    expect(new Set(replies.map((reply) => reply.fields.ina01)).size).toBe(8);
  });

  it('injects faults: error, platform, http500, soap_fault, garbage, lost_reply', async () => {
    const read = `${ISSUE}.details.data.read.get`;
    sandbox.faults.add({ api: read, mode: 'error' });
    expect((await call(read, keys('MI01-26100001'))).execution?.code).toBe('sbx-09999');
    sandbox.faults.add({ api: '*', mode: 'platform' });
    expect((await call(read, keys('MI01-26100001'))).srvcode).toBe('100');
    sandbox.faults.add({ api: 'CreateMISCIssueData', mode: 'http500' });
    expect((await fetch(`${sandbox.baseUrl}/ws/r/aws_ttsrv2`, { method: 'POST', body: REQUEST_FIXTURE })).status).toBe(500);
    sandbox.faults.add({ api: 'CreateMISCIssueData', mode: 'platform' });
    const fault = await fetch(`${sandbox.baseUrl}/ws/r/aws_ttsrv2`, { method: 'POST', body: REQUEST_FIXTURE });
    expect(fault.status).toBe(500);
    expect(await fault.text()).toContain('Fault');
    sandbox.faults.add({ api: 'CreateMISCIssueData', mode: 'garbage' });
    const garbage = await (await fetch(`${sandbox.baseUrl}/ws/r/aws_ttsrv2`, { method: 'POST', body: REQUEST_FIXTURE })).text();
    expect(() => readDocReply(garbage, 'CreateMISCIssueData')).toThrow();
    expect(sandbox.documents({ type: 'MiscIssue' })).toHaveLength(4);
    sandbox.faults.add({ api: 'CreateMISCIssueData', mode: 'lost_reply' });
    await expect(fetch(`${sandbox.baseUrl}/ws/r/aws_ttsrv2`, { method: 'POST', body: REQUEST_FIXTURE })).rejects.toThrow();
    expect(one('MI01-26110001').rawStatus).toBe('YY');
    expect(sandbox.callCount('CreateMISCIssueData')).toBe(4);
    const admin = await (await fetch(`${new URL(sandbox.baseUrl).origin}/sandbox/documents?type=MiscIssue&status=POSTED`)).json();
    expect((admin as { docNo: string }[]).map((document) => document.docNo)).toEqual(['MI01-26100003', 'MI01-26110001']);
  });
});
