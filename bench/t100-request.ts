/**
 * The T100 request the bench sends directly (the direct scenario, the codec scenario, the peer gateway and its smoke
 * run): the integration-platform envelope with a fixed host, service and datakey that the sandbox accepts.
 */
import type { StdRecord, StdRequest } from '../datasources/common/digiwin/envelope-types';

export const BENCH_HOST = { prod: 'BENCH', ver: '1.0', ip: '127.0.0.1', id: '', lang: 'zh_TW', timezone: '+8', acct: 'tiptop', timestamp: '20261124101500123' };
export const BENCH_DATAKEY = { EntId: '99', CompanyId: 'DSCTC' };

/** The envelope's fields for `api` around `parameter` (encode it with the repo's codec). */
export function t100Request(api: string, parameter: StdRecord = {}): StdRequest {
  return { type: 'sync', host: BENCH_HOST, service: { prod: 'T100', name: api, ip: '', id: 'topprd' }, datakey: BENCH_DATAKEY, parameter };
}
