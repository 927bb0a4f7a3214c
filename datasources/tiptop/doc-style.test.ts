/**
 * TIPTOP's own XML standard, client side, against the protocol notes' own example (protocols/digiwin.md §2.5):
 * what the gateway sends for a misc issue is the notes' Request field by field and byte for byte (whitespace
 * between tags aside), and the notes' Response reads back as the number. Budget: < 1 s.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { documentKind } from '../../src/catalog';
import { BadUserInputError } from '../../src/errors';
import { UnreadableReplyError } from '../common/digiwin/envelope';
import { customizedRecordSet, remarkWithoutReference, remarkWithReference } from './datasource';
import { decodeDocResponse, docRequestXml, encodeDocRequest } from './doc-style';

const fixture = (name: string): string => readFileSync(path.join(__dirname, 'fixtures', name), 'utf8');
const compact = (xml: string): string => xml.replace(/>\s+</g, '><').trim();
const unescape = (text: string): string => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

const miscIssue = documentKind('MiscIssue')!;
const transfer = documentKind('Transfer')!;
const access = { user: 'tiptop', password: 'tiptop', application: 'GATEWAY', source: '10.0.0.5', organization: 'DSCTC', language: 'zh_tw' };

describe('CreateMISCIssueData request (§2.5 example)', () => {
  const notes = fixture('create-misc-issue-request.xml');
  const notesRequest = compact(/<!\[CDATA\[([\s\S]*?)\]\]>/.exec(notes)![1]);
  // The canonical input the notes' example stands for: slip MI01, 2026/11/24, department D100, one line of A001.
  const input = {
    docType: 'MI01',
    docDate: '2026-11-24',
    department: 'D100',
    applicant: 'tiptop',
    reason: 'R01',
    lines: [{ itemNo: 'A001', quantity: '5', warehouse: 'W01' }],
  };

  it('writes the notes’ Request exactly, from the canonical input and the reference 7f3c9a10', () => {
    const recordSet = customizedRecordSet(miscIssue, input, '7f3c9a10', '2026-11-28');
    expect(docRequestXml({ access, parameter: [['status', 'Y']], recordSets: [recordSet] })).toBe(notesRequest);
  });

  it('sends it XML-escaped inside tip:CreateMISCIssueDataRequest/tip:request, in TIPTOP’s namespace', () => {
    const recordSet = customizedRecordSet(miscIssue, input, '7f3c9a10', '2026-11-28');
    const { body, contentType } = encodeDocRequest('CreateMISCIssueData', { access, parameter: [['status', 'Y']], recordSets: [recordSet] });
    expect(contentType).toBe('text/xml; charset=utf-8');
    expect(body).toContain('xmlns:tip="http://www.dsc.com.tw/tiptop/TIPTOPServiceGateWay"');
    const inner = /<tip:CreateMISCIssueDataRequest><tip:request>([\s\S]*)<\/tip:request><\/tip:CreateMISCIssueDataRequest>/.exec(body)![1];
    expect(inner).not.toContain('<');
    expect(unescape(inner)).toBe(notesRequest);
  });

  it('keeps the notes’ rules: values as strings, YYYY/MM/DD, a blank place as one space, never application CRM', () => {
    const recordSet = customizedRecordSet(miscIssue, { ...input, docDate: undefined, lines: [{ itemNo: 'A&B<1>', quantity: '2.500', warehouse: 'W01', lot: '' }] }, undefined, '2026-12-01');
    const master = new Map(recordSet.master.record);
    expect(master.get('ina03')).toBe('2026/12/01');
    expect(master.has('ina07')).toBe(false);
    const line = new Map(recordSet.detail!.records[0]);
    expect([line.get('inb04'), line.get('inb06'), line.get('inb07'), line.get('inb09')]).toEqual(['A&B<1>', ' ', ' ', '2.500']);
    const xml = docRequestXml({ access, parameter: [['status', 'Y']], recordSets: [recordSet] });
    expect(xml).toContain('<Field name="inb04" value="A&amp;B&lt;1&gt;"/>');
    expect(xml).toContain('application="GATEWAY"');
  });

  it('refuses a create without a slip, and erpFields naming a column the gateway writes', () => {
    expect(() => customizedRecordSet(miscIssue, { ...input, docType: null }, 'r', '2026-11-28')).toThrow(BadUserInputError);
    expect(() => customizedRecordSet(miscIssue, { ...input, erpFields: { ina07: 'x' } }, 'r', '2026-11-28')).toThrow(/ina07/);
    const extra = customizedRecordSet(miscIssue, { ...input, erpFields: { inaud01: 'custom' } }, 'r', '2026-11-28');
    expect(extra.master.record.at(-1)).toEqual(['inaud01', 'custom']);
  });
});

describe('CreateTransferNote record set (§5.2)', () => {
  it('writes imm01, imm02, imm14 and each line from → to, with imn20 = imn09, imn21 = 1, imn22 = imn10 for same-unit moves', () => {
    const recordSet = customizedRecordSet(
      transfer,
      { docType: 'TR01', docDate: '2026-11-24', department: 'D100', lines: [{ itemNo: 'A001', quantity: '3', unit: 'PCS', warehouse: 'W01', toWarehouse: 'W02', toLocation: 'L1' }] },
      'ignored',
      '2026-11-28',
    );
    expect(recordSet.master).toEqual({ table: 'imm_file', record: [['imm01', 'TR01'], ['imm02', '2026/11/24'], ['imm14', 'D100']] });
    expect(recordSet.detail!.table).toBe('imn_file');
    expect(recordSet.detail!.records[0]).toEqual([
      ['imn03', 'A001'], ['imn04', 'W01'], ['imn05', ' '], ['imn06', ' '], ['imn09', 'PCS'], ['imn10', '3'],
      ['imn15', 'W02'], ['imn16', 'L1'], ['imn17', ' '], ['imn20', 'PCS'], ['imn21', '1'], ['imn22', '3'],
    ]);
  });
});

describe('Response (§2.5 example)', () => {
  it('reads the notes’ Response, bare and inside fjs1:CreateMISCIssueDataResponse/fjs1:response', () => {
    const bare = decodeDocResponse('CreateMISCIssueData', fixture('create-misc-issue-response.xml'));
    expect(bare).toMatchObject({ code: '0', sqlcode: '0', description: '' });
    expect(bare.parameter.get('ina01')).toBe('MI01-26110001');
    const escaped = fixture('create-misc-issue-response.xml').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    const soap =
      '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>' +
      `<fjs1:CreateMISCIssueDataResponse xmlns:fjs1="http://www.dsc.com.tw/tiptop/TIPTOPServiceGateWay"><fjs1:response>${escaped}</fjs1:response></fjs1:CreateMISCIssueDataResponse></soapenv:Body></soapenv:Envelope>`;
    expect(decodeDocResponse('CreateMISCIssueData', soap).parameter.get('ina01')).toBe('MI01-26110001');
  });

  it('reads a half-booked answer: -1 and a number', () => {
    const reply = decodeDocResponse(
      'CreateTransferNote',
      '<Response><Execution><Status code="-1" sqlcode="0" description="aws-086 過帳失敗"/></Execution><ResponseContent><Parameter><Record><Field name="imm01" value="TR01-26110003"/></Record></Parameter><Document/></ResponseContent></Response>',
    );
    expect([reply.code, reply.description, reply.parameter.get('imm01')]).toEqual(['-1', 'aws-086 過帳失敗', 'TR01-26110003']);
  });

  it.each([
    ['an empty body', ''],
    ['a SOAP Fault', '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><soapenv:Fault><faultstring>boom</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>'],
    ['a truncated Response', '<Response><Execution><Status code="0"'],
    ['a DOCTYPE', '<!DOCTYPE x [<!ENTITY a "b">]><Response/>'],
    ['another operation’s reply', '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><x:OtherResponse xmlns:x="urn:x"><x:response/></x:OtherResponse></soapenv:Body></soapenv:Envelope>'],
  ])('refuses %s as unreadable', (_case, body) => {
    expect(() => decodeDocResponse('CreateMISCIssueData', body)).toThrow(UnreadableReplyError);
  });

  it('keeps Field names from the ERP out of any prototype', () => {
    const reply = decodeDocResponse('X', '<Response><Execution><Status code="0"/></Execution><ResponseContent><Parameter><Record><Field name="__proto__" value="p"/><Field name="ina01" value="MI01-1"/></Record></Parameter></ResponseContent></Response>');
    expect(reply.parameter.get('__proto__')).toBe('p');
    expect(reply.parameter.get('ina01')).toBe('MI01-1');
  });
});

describe('the gateway reference in ina07 (design §2)', () => {
  it('is gw:<ref> alone, or appended to the client’s remark, and strips back to the client’s remark', () => {
    expect(remarkWithReference(null, 'GW-1')).toBe('gw:GW-1');
    expect(remarkWithReference('rush', 'GW-1')).toBe('rush [gw:GW-1]');
    expect(remarkWithoutReference('gw:GW-1')).toBeNull();
    expect(remarkWithoutReference('rush [gw:GW-1]')).toBe('rush');
    expect(remarkWithoutReference('a remark with gw: inside')).toBe('a remark with gw: inside');
  });
});
