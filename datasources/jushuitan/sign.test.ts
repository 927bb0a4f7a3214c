/**
 * Jushuitan's signature (protocols/others.md §2.1): all three vectors byte for byte, key order by bytes, empty
 * fields and `sign` skipped, and the client's form as it goes on the wire. Budget: < 1 s.
 */
import { jushuitanSign, jushuitanSignText, sameSign } from './sign';

const SECRET = 'e9c5ca33fecb404b8e6cdbd0ef4a6d25';
const APP_KEY = '5b53060f23d84ddf9703056e84fa5a2d';
const TIMESTAMP = '1639128407';

describe('jushuitanSign', () => {
  test('vector 1 (the vendor\'s own): getInitToken', () => {
    const fields: [string, string][] = [['app_key', APP_KEY], ['timestamp', TIMESTAMP], ['grant_type', 'authorization_code'], ['charset', 'utf-8'], ['code', '123456']];
    expect(jushuitanSign(SECRET, fields)).toBe('05e3a51e19e0883afd1882ccd309e0b9');
    expect(jushuitanSignText(SECRET, fields)).toBe(`${SECRET}app_key${APP_KEY}charsetutf-8code123456grant_typeauthorization_codetimestamp${TIMESTAMP}`);
  });

  test('vector 2: the count query of §2.2', () => {
    const fields = new Map([
      ['app_key', APP_KEY],
      ['access_token', 'd7b01bf0842a4742a9450e21ffd95f60'],
      ['timestamp', TIMESTAMP],
      ['charset', 'utf-8'],
      ['version', '2'],
      ['biz', '{"page_index":1,"page_size":50,"modified_begin":"2024-09-01 00:00:00","modified_end":"2024-09-07 23:59:59","status":"Confirmed"}'],
    ]);
    expect(jushuitanSign(SECRET, fields)).toBe('81865c20626af35154f3712947fcf0ff');
  });

  test('vector 3: string numbers and a UTF-8 name in biz', () => {
    const fields: [string, string][] = [
      ['app_key', APP_KEY],
      ['access_token', 'd7b01bf0842a4742a9450e21ffd95f60'],
      ['timestamp', TIMESTAMP],
      ['charset', 'utf-8'],
      ['version', '2'],
      ['biz', '{"page_index":"1","page_size":"100","nicks":["老板"]}'],
    ];
    expect(jushuitanSign(SECRET, fields)).toBe('395f5a78b446be465ac03a02491296c7');
  });

  test('sign and empty fields are skipped; order of the input does not matter', () => {
    const base: [string, string][] = [['app_key', APP_KEY], ['timestamp', TIMESTAMP], ['grant_type', 'authorization_code'], ['charset', 'utf-8'], ['code', '123456']];
    const noisy: [string, string][] = [...base].reverse().concat([['sign', 'whatever'], ['access_token', '']]);
    expect(jushuitanSign(SECRET, noisy)).toBe('05e3a51e19e0883afd1882ccd309e0b9');
    // Byte order: upper case before lower case, `_` (0x5F) before lower-case letters.
    expect(jushuitanSignText('s', [['b', '1'], ['B', '2'], ['a_b', '3'], ['ab', '4']])).toBe('sB2a_b3ab4b1');
  });

  test('sameSign compares whole signatures', () => {
    expect(sameSign('05e3a51e19e0883afd1882ccd309e0b9', '05E3A51E19E0883AFD1882CCD309E0B9')).toBe(true);
    expect(sameSign('05e3a51e19e0883afd1882ccd309e0b9', '05e3a51e19e0883afd1882ccd309e0b8')).toBe(false);
    expect(sameSign('05e3', '05e3a51e19e0883afd1882ccd309e0b9')).toBe(false);
  });
});
