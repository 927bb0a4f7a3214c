import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import {
  decodeReply,
  decodeRequest,
  encodeReply,
  encodeRequest,
  PlatformError,
  stdParameterToXml,
  UnreadableReplyError,
  xmlRequestElement,
  xmlToStdParameter,
} from './envelope';
import type { StdEncoding, StdRecord, StdReply, StdRequest } from './envelope-types';

const fixture = (name: string): string => readFileSync(path.join(__dirname, 'fixtures', name), 'utf8');

/** The §2.3 capture: an HTTP request with headers, a blank line, then the body. */
function httpFixture(name: string): { headers: Record<string, string>; body: string } {
  const [head, body] = fixture(name).split(/\n\n/);
  const headers = Object.fromEntries(
    head
      .split('\n')
      .slice(1)
      .map((line) => [line.slice(0, line.indexOf(':')).trim().toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
  );
  return { headers, body: body.trim() };
}

describe('decodeRequest on the protocol notes’ captured requests', () => {
  it('reads the §2.2 JSON v1 request and derives its key 1f8b17cf…', () => {
    const decoded = decodeRequest(fixture('v1-request.json'), { 'content-type': 'application/json' });
    expect(decoded.encoding).toBe('json');
    expect(decoded.request.service.name).toBe('t100.oapi.wo.stockin.data.create');
    expect(decoded.request.datakey).toEqual({ EntId: '99', CompanyId: 'DSCTC' });
    const head = (decoded.request.parameter.wo_stockin_data as StdRecord[])[0];
    expect((head.wo_stockin_detail as StdRecord[])[0]).toMatchObject({ wo_no: 'WO01-26110500012', qty: 100 });
    expect(decoded.expectedKey).toBe('1f8b17cfe784d9064f4d7d3723494f87');
    expect(decoded.receivedKey).toBe(decoded.expectedKey);
  });

  it('reads the §2.3 JSON v2 request from its digi-* headers and derives its key ee8a6afe…', () => {
    const { headers, body } = httpFixture('v2-request.http');
    const decoded = decodeRequest(body, headers);
    expect(decoded.encoding).toBe('json-v2');
    expect(decoded.request.service.name).toBe('t100.oapi.wo.stockin.data.approve');
    expect(decoded.request.parameter).toEqual({ data_keys: [{ doc_no: 'SI01-26112400001' }] });
    expect(decoded.expectedKey).toBe('ee8a6afe8e9b193fd8277ce66514edd9');
    expect(decoded.receivedKey).toBe(decoded.expectedKey);
  });

  it('reads the §2.4 SOAP invokeSrv request (CDATA) and derives its key 50b97b01…', () => {
    const decoded = decodeRequest(fixture('xml-request.xml'), { 'content-type': 'text/xml' });
    expect(decoded).toMatchObject({ encoding: 'xml', soap: true });
    expect(decoded.request.service).toMatchObject({ name: 'stockin.data.create', srvver: '1.0' });
    expect(decoded.request.parameter).toMatchObject({ enterprise_no: 99, site_no: 'DSCTC' });
    const row = (decoded.request.parameter.stock_in_data as StdRecord[])[0];
    expect(row).toMatchObject({ doc_type_no: 'SI01', create_date: '20261124', source_no: 'GW-7f3c9a10' });
    expect((row.stock_in_detail as StdRecord[])[0]).toMatchObject({ seq: 1, item_no: '3-BJ900-03006-J02', stock_in_qty: 100 });
    expect(decoded.expectedKey).toBe('50b97b01747cc0982b0d20669cf9b1db');
    expect(decoded.receivedKey).toBe(decoded.expectedKey);
  });

  it('encodes the §2.4 request element exactly as the notes capture it (whitespace between elements aside), key 50b97b01… included', () => {
    const text = fixture('xml-request.xml');
    const decoded = decodeRequest(text, { 'content-type': 'text/xml' });
    const { xml, key } = xmlRequestElement(decoded.request);
    const captured = /<request type[\s\S]*<\/request>(?=\]\]>)/.exec(text)![0].replace(/>\s+</g, '><');
    expect(xml).toBe(captured);
    expect(key).toBe('50b97b01747cc0982b0d20669cf9b1db');
  });

  it('checks what the notes define of the XML request: the invokeSrv namespace and the record set\'s <data> name', () => {
    const text = fixture('xml-request.xml');
    expect(() => decodeRequest(text.replace('http://www.digiwin.com.cn/tiptop/TIPTOPServiceGateWay', 'http://example.com/other'), { 'content-type': 'text/xml' })).toThrow(PlatformError);
    // TIPTOP's namespace is the other one §7.1 accepts.
    expect(decodeRequest(text.replace('http://www.digiwin.com.cn/tiptop/TIPTOPServiceGateWay', 'http://www.dsc.com.tw/tiptop/TIPTOPServiceGateWay'), { 'content-type': 'text/xml' }).request.service.name).toBe('stockin.data.create');
    expect(() => decodeRequest(text.replace('<data name="stock_in">', '<data name="stock_out">'), { 'content-type': 'text/xml' })).toThrow(PlatformError);
  });

  it('decodes a field named __proto__ as a field, leaving the record an ordinary object', () => {
    const record = xmlToStdParameter('<parameter key="x_data" type="data"><data name="x"><row seq="1"><field name="__proto__" type="string">p</field></row></data></parameter>');
    const row = (record.x_data as StdRecord[])[0];
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(row, '__proto__')?.value).toBe('p');
  });

  it('refuses what the platform refuses with srvcode 100 and its own texts', () => {
    const refusal = (body: string, headers: Record<string, string> = {}): PlatformError => {
      try {
        decodeRequest(body, headers);
      } catch (error) {
        expect(error).toBeInstanceOf(PlatformError);
        return error as PlatformError;
      }
      throw new Error('expected a PlatformError');
    };
    expect(refusal('{"type":"sync","service":{"prod":"T100"}}').text).toBe("Request isn't valid JSON document: not found service name");
    expect(refusal('{"value":"a < b"}').text).toMatch(/^It isn't valid XML document\./);
    expect(refusal('{"service":{"name":"x"},"datakey":{"EntId":"","CompanyId":"DSCTC"}}').code).toBe('aws-00038');
    expect(refusal('').code).toBe('');
  });
});

describe('decodeReply on the protocol notes’ captured replies', () => {
  it('reads the §2.2 JSON v1 reply', () => {
    const reply = decodeReply('json', fixture('v1-reply.json'));
    expect(reply).toMatchObject({ srvcode: '000', execution: { code: '0', sqlCode: '0' } });
    expect(reply.parameter.result).toEqual({ success: [{ doc_no: 'SI01-26112400001', status: 'N' }], error: [] });
  });

  it('reads the §2.3 v2 reply with its srvcode from the digi-srvcode header', () => {
    const reply = decodeReply('json-v2', fixture('v2-reply.json'), { 'digi-srvcode': '000' });
    expect(reply.execution?.code).toBe('0');
    expect(reply.parameter.result).toMatchObject({ success: [{ status: 'Y' }] });
  });

  it('reads the §2.4 XML reply and its stock_in_no', () => {
    const reply = decodeReply('xml', fixture('xml-reply.xml'));
    expect(reply.execution).toEqual({ code: '0', sqlCode: '0', description: '' });
    expect(reply.parameter).toEqual({ stock_in_no: 'SI01-26112400002' });
  });

  it('recognises the srvcode-100 XML quirk even on the JSON endpoint', () => {
    const reply = decodeReply('json', fixture('srvcode100.xml'));
    expect(reply).toEqual({ srvcode: '100', parameter: {}, platformMessage: '[t100.oapi.wo.data.foo]Service not found' });
  });

  it('calls empty, truncated and foreign bodies unreadable', () => {
    for (const body of ['', '   ', '{"srvver":"1.0","srvcode":"000","payl', '<html><body>502</body></html>', 'Restful service is ok', '{"srvcode":"000"}']) {
      expect(() => decodeReply('json', body)).toThrow(UnreadableReplyError);
    }
    const fault =
      '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><soapenv:Fault><faultcode>soapenv:Server</faultcode><faultstring>boom</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>';
    expect(() => decodeReply('xml', fault)).toThrow(/SOAP Fault: boom/);
  });
});

describe('encodeRequest', () => {
  const request: StdRequest = {
    type: 'sync',
    host: { prod: 'GATEWAY', ver: '1.0', ip: '10.0.0.5', id: '', lang: 'zh_TW', timezone: '+8', acct: 'tiptop', timestamp: '20261124101500123' },
    service: { prod: 'T100', name: 't100.oapi.wo.stockin.data.approve', ip: '10.0.0.9', id: 'topprd' },
    datakey: { EntId: '99', CompanyId: 'DSCTC' },
    parameter: { data_keys: [{ doc_no: 'SI01-26112400001' }] },
  };

  it('computes the v2 key of the §2.3 example from the headers it writes', () => {
    expect(encodeRequest('json-v2', request).headers['digi-key']).toBe('ee8a6afe8e9b193fd8277ce66514edd9');
  });

  it('writes <, > and & in JSON as \\u escapes, so T100 does not sniff the body as XML, and they come back intact', () => {
    const parameter = { remark: 'a<b>&c 工單' };
    const encoded = encodeRequest('json', { ...request, parameter });
    expect(encoded.body).not.toMatch(/[<>&]/);
    expect(decodeRequest(encoded.body, {}).request.parameter).toEqual(parameter);
  });

  it('puts the XML request escaped inside SOAP invokeSrv in the T100 namespace', () => {
    const encoded = encodeRequest('xml', request);
    expect(encoded.contentType).toMatch(/^text\/xml/);
    expect(encoded.body).toContain('xmlns:tip="http://www.digiwin.com.cn/tiptop/TIPTOPServiceGateWay"');
    expect(encoded.body).toContain('<tip:invokeSrv><request>&lt;request type=&quot;sync&quot;');
  });
});

describe('stdParameterToXml / xmlToStdParameter', () => {
  it('names a record set’s <data> after its key without _data, as the captured call does', () => {
    const xml = stdParameterToXml({ stock_in_data: [{ doc_type_no: 'SI01', stock_in_detail: [{ seq: 1 }] }] });
    expect(xml).toContain('<parameter key="stock_in_data" type="data"><data name="stock_in"><row seq="1">');
    // Detail rows carry no seq attribute (their line number is the seq field), as in the §2.4 capture.
    expect(xml).toContain('<detail name="stock_in_detail"><row><field name="seq" type="numeric">1</field>');
  });

  it('decodes numeric character references in XML replies, and refuses DOCTYPE and entity declarations', () => {
    const reply = (inner: string, prolog = '') =>
      `${prolog}<response><srvver>1.0</srvver><srvcode>000</srvcode><payload><param key="std_data" type="xml"><data_response>` +
      `<execution><status code="0" sql_code="0" description=""/></execution><datainfo>${inner}</datainfo></data_response></param></payload></response>`;
    const decoded = decodeReply('xml', reply('<parameter key="remark" type="string">&#20013;&#x6587; &amp;#20013; &#60;b&#62; &#x26;</parameter>'), {});
    expect(decoded.parameter.remark).toBe('中文 &#20013; <b> &');
    // Named entities beyond XML's five are not HTML here, and CDATA text is literal.
    expect(decodeReply('xml', reply('<parameter key="remark" type="string">&nbsp;&copy;</parameter>'), {}).parameter.remark).toBe('&nbsp;&copy;');
    const cdata = decodeReply('xml', reply('<parameter key="remark" type="string"><![CDATA[&#20013; <!DOCTYPE is text here>]]></parameter>'), {});
    expect(cdata.parameter.remark).toBe('&#20013; <!DOCTYPE is text here>');
    for (const hostile of ['<!DOCTYPE response [<!ENTITY x "EVIL">]>', '<!DOCTYPE response SYSTEM "file:///etc/passwd">']) {
      expect(() => decodeReply('xml', reply('<parameter key="remark" type="string">&x;</parameter>', hostile), {})).toThrow(UnreadableReplyError);
    }
  });

  it('types 8-digit values of date keys as date', () => {
    expect(stdParameterToXml({ doc_date: '20261124', doc_no: '20261124' })).toBe(
      '<parameter key="doc_date" type="date">20261124</parameter><parameter key="doc_no" type="string">20261124</parameter>',
    );
  });

  it('round-trips empty record sets, nested records, booleans and null', () => {
    const value: StdRecord = { empty: [], result: { success: [{ doc_no: 'A' }], error: [], ok: true, missing: null } };
    expect(xmlToStdParameter(stdParameterToXml(value))).toEqual(value);
  });
});

// ── properties ──────────────────────────────────────────────────────────────────────────────────────────

/** Text without control characters (XML 1.0 cannot carry most of them); CJK and markup characters included. */
const text = fc.string({ unit: fc.constantFrom('a', 'Z', '0', ' ', '-', '<', '>', '&', '"', "'", '工', '單', '入', '庫', '💡', ']', '/'), maxLength: 12 });
const key = fc.stringMatching(/^[a-z][a-z_]{0,10}[a-z]$/).filter((name) => !/(date|_dt)$/.test(name));
const scalar = fc.oneof(text, fc.integer({ min: -1e6, max: 1e6 }), fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 }).filter((n) => !Object.is(n, -0)), fc.boolean(), fc.constant(null));

const record: fc.Arbitrary<StdRecord> = fc.letrec<{ record: StdRecord; value: unknown }>((tie) => ({
  record: fc.dictionary(key, tie('value'), { maxKeys: 4 }) as fc.Arbitrary<StdRecord>,
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, fc.array(tie('record'), { maxLength: 3 }), tie('record')),
})).record;

const attrs = fc.dictionary(fc.stringMatching(/^[a-z]{1,6}$/), text, { maxKeys: 4 });

const requestArbitrary: fc.Arbitrary<StdRequest> = fc.record({
  type: fc.constant('sync'),
  host: attrs,
  service: fc.tuple(attrs, fc.stringMatching(/^[a-z][a-z.]{0,30}$/)).map(([rest, name]) => ({ ...rest, name })),
  datakey: fc.record({ EntId: fc.stringMatching(/^[0-9A-Z]{1,4}$/), CompanyId: fc.stringMatching(/^[A-Z]{1,6}$/) }),
  parameter: record,
});

const ENCODINGS: StdEncoding[] = ['json', 'json-v2', 'xml'];

describe('round trips (property-based)', () => {
  it.each(ENCODINGS)('decodeRequest(encodeRequest(%s, request)) gives the request back with a matching key', (encoding) => {
    fc.assert(
      fc.property(requestArbitrary, (request) => {
        const encoded = encodeRequest(encoding, request);
        const decoded = decodeRequest(encoded.body, { 'content-type': encoded.contentType, ...encoded.headers });
        expect(decoded.encoding).toBe(encoding);
        expect(decoded.request).toEqual(request);
        expect(decoded.receivedKey).toBe(decoded.expectedKey);
      }),
      { numRuns: 150 },
    );
  });

  it.each(ENCODINGS)('decodeReply(encodeReply(%s, reply)) gives the reply back', (encoding) => {
    const replyArbitrary: fc.Arbitrary<StdReply> = fc.oneof(
      fc.record({
        srvcode: fc.constant('000'),
        execution: fc.record({ code: fc.constantFrom('0', '-1', '-0', 'sbx-00002'), sqlCode: fc.constantFrom('0', '100'), description: text }),
        parameter: record,
      }),
      fc.record({ srvcode: fc.constant('100'), parameter: fc.constant({}), platformMessage: text.map((message) => `[${message}]Service not found`) }),
    );
    fc.assert(
      fc.property(replyArbitrary, (reply) => {
        const encoded = encodeReply({ encoding, soap: encoding === 'xml' }, reply);
        const headers = Object.fromEntries(Object.entries(encoded.headers).map(([name, value]) => [name.toLowerCase(), value]));
        expect(decodeReply(encoding, encoded.body, headers)).toEqual(reply);
      }),
      { numRuns: 150 },
    );
  });

  it('decodeReply given any text returns or throws UnreadableReplyError, nothing else', () => {
    fc.assert(
      fc.property(fc.constantFrom<StdEncoding>(...ENCODINGS), fc.oneof(fc.string(), fc.constantFrom('<response>', '{"srvcode":"000","payload":{}}', '<srvcode>100</srvcode>', '<a><b></a>')), (encoding, body) => {
        try {
          decodeReply(encoding, body);
        } catch (error) {
          expect(error).toBeInstanceOf(UnreadableReplyError);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('decodeRequest given any text returns or throws PlatformError, nothing else', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.constantFrom('{"service":{"name":"x"}}', '<request><service name="x"/></request>', '<x>')), (body) => {
        try {
          decodeRequest(body, {});
        } catch (error) {
          expect(error).toBeInstanceOf(PlatformError);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('TIPTOP invokeSrv on aws_ttsrv2 (§2.5)', () => {
  const request: StdRequest = {
    type: 'sync',
    host: { prod: 'GATEWAY', ver: '1.0', ip: '10.0.0.5', id: '', acct: 'tiptop', lang: 'zh_TW', timestamp: '20261124101500123' },
    service: { prod: 'TIPTOP', name: 'tt.oapi.transfer.data.approve', srvver: '1.0', ip: '10.0.0.9', id: 'topprod' },
    datakey: { EntId: 'topprod', CompanyId: 'DSCTC' },
    parameter: { data_keys: [{ doc_no: 'TR01-26110001' }] },
  };

  it('sends the §2.4 request in TIPTOP’s namespace, and the sandbox reads it back', () => {
    const encoded = encodeRequest('xml', request);
    expect(encoded.body).toContain('xmlns:tip="http://www.dsc.com.tw/tiptop/TIPTOPServiceGateWay"');
    expect(encoded.body).not.toContain('digiwin.com.cn');
    const decoded = decodeRequest(encoded.body, { 'content-type': encoded.contentType });
    expect(decoded.request.service).toEqual(request.service);
    expect(decoded.request.parameter).toEqual(request.parameter);
  });

  it('answers as TIPTOP does: srvver 5.3, the data_response as CDATA directly in <payload>, no <param>', () => {
    const reply: StdReply = { srvcode: '000', execution: { code: '0', sqlCode: '0', description: '' }, parameter: { result: { success: [{ doc_no: 'TR01-26110001', status: 'YN' }], error: [] } } };
    const encoded = encodeReply({ encoding: 'xml', soap: false, product: 'TIPTOP' }, reply);
    expect(encoded.body).toMatch(/^<response><srvver>5\.3<\/srvver><srvcode>000<\/srvcode><payload><!\[CDATA\[<data_response><execution><status code="0"/);
    expect(encoded.body).not.toMatch(/<param[ >]/);
    expect(decodeReply('xml', encoded.body)).toEqual(reply);
    const soap = encodeReply({ encoding: 'xml', soap: true, product: 'TIPTOP' }, reply);
    expect(soap.body).toContain('<fjs1:invokeSrvResponse xmlns:fjs1="http://www.dsc.com.tw/tiptop/TIPTOPServiceGateWay">');
    expect(decodeReply('xml', soap.body)).toEqual(reply);
  });

  it('reads TIPTOP’s platform refusal (srvcode 100, its text in the payload)', () => {
    const encoded = encodeReply({ encoding: 'xml', soap: true, product: 'TIPTOP' }, { srvcode: '100', parameter: {}, platformMessage: 'Service not executed successfully' });
    expect(decodeReply('xml', encoded.body)).toEqual({ srvcode: '100', parameter: {}, platformMessage: 'Service not executed successfully' });
  });
});

describe('the SOAP reply fast path', () => {
  it('reads a SOAP-wrapped reply exactly as the bare one, whatever its text holds', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), fc.string({ maxLength: 30, unit: 'grapheme' }), (a, b) => {
        const reply: StdReply = { srvcode: '000', execution: { code: '0', sqlCode: '0', description: `${a}&<>"'` }, parameter: { remark: `${b}&#60;&amp;lt;`, rows: [{ item_no: a, qty: 1 }] } };
        const bare = encodeReply({ encoding: 'xml', soap: false }, reply).body;
        const wrapped = encodeReply({ encoding: 'xml', soap: true }, reply).body;
        expect(decodeReply('xml', wrapped)).toEqual(decodeReply('xml', bare));
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 60) },
    );
  });

  it('still refuses a Fault, and a DOCTYPE, in a SOAP reply', () => {
    const fault = '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><soapenv:Fault><faultstring>x</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>';
    expect(() => decodeReply('xml', fault)).toThrow(UnreadableReplyError);
    const doctype = `<!DOCTYPE x [<!ENTITY e "y">]>${encodeReply({ encoding: 'xml', soap: true }, { srvcode: '000', parameter: {} }).body.replace(/^<\?xml[^>]*>/, '')}`;
    expect(() => decodeReply('xml', doctype)).toThrow(UnreadableReplyError);
  });
});
