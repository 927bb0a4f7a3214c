/**
 * The Digiwin integration-platform (互聯中台) envelope as one model, independent of its encodings
 * (protocols/digiwin.md §2.1): JSON v1 on awsp920, JSON v2 with digi-* headers, XML in SOAP invokeSrv on awsp900.
 * The codec (envelope.ts) turns this model into bytes and back, for the client and for the sandbox alike.
 */

/** std_data parameter values: scalars, records, and arrays of records (record sets / detail rows). */
export type StdValue = string | number | boolean | null | StdRecord | StdRecord[];
export interface StdRecord {
  [key: string]: StdValue;
}

/** Ordered string attributes (host, service, datakey): key order matters for the v1/XML key (§2.7). */
export type StdAttributes = Record<string, string>;

export interface StdRequest {
  /** `sync` */
  readonly type: string;
  /** host{prod,ver,ip,id,lang,timezone,acct,timestamp} */
  readonly host: StdAttributes;
  /** service{prod,name,ip,id[,srvver]} — `name` is the API name, exact and case-sensitive. */
  readonly service: StdAttributes;
  /** datakey{EntId,CompanyId} */
  readonly datakey: StdAttributes;
  /** payload.std_data.parameter */
  readonly parameter: StdRecord;
}

/** execution{code, sql_code, description}: code "0" is success; anything else an ERP refusal. */
export interface StdExecution {
  readonly code: string;
  readonly sqlCode: string;
  readonly description: string;
}

/** A decoded reply. `srvcode` other than "000" means the platform did not execute the service. */
export interface StdReply {
  readonly srvcode: string;
  /** Present when srvcode is "000". */
  readonly execution?: StdExecution;
  /** payload.std_data.parameter (JSON) or datainfo (XML), as a std_data record. */
  readonly parameter: StdRecord;
  /** For srvcode ≠ "000": the platform's text (`[name]Service not found`, `aws-00038` …). */
  readonly platformMessage?: string;
}

/** Wire encodings of the envelope. `xml` = the §2.4 `<request>` inside SOAP `invokeSrv` (awsp900). */
export type StdEncoding = 'json' | 'json-v2' | 'xml';

/** A request as the client sends it: body, content type, extra headers. */
export interface EncodedRequest {
  readonly body: string;
  readonly contentType: string;
  readonly headers: Record<string, string>;
  /** The key computed for this request (§2.7), also written into the body/header. */
  readonly key: string;
}

/** What the sandbox learns from a request body (+ headers for v2). */
export interface DecodedRequest {
  readonly encoding: StdEncoding;
  readonly request: StdRequest;
  /** The key the caller sent (`key`, `digi-key` or `@key`), '' when absent. */
  readonly receivedKey: string;
  /** The key §2.7 derives from what was received (md5 policy compares the two). */
  readonly expectedKey: string;
  /** Whether the XML request came inside a SOAP invokeSrv envelope (reply must be SOAP too). */
  readonly soap: boolean;
}
