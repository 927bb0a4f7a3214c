/**
 * HTTP pieces the Digiwin sandbox servers (T100, TIPTOP; protocols/digiwin.md §7.1) share: the admin document view,
 * request headers as the envelope codec reads them, a platform (srvcode 100) reply, and a SOAP Fault.
 */
import type { Request } from 'express';
import type { StdReply } from '../../datasources/common/digiwin/envelope-types';
import type { DocumentStatus } from '../../src/catalog/types';

/** A document as /sandbox/documents shows it. */
export interface DigiwinDocumentView {
  type: string;
  docNo: string;
  status: DocumentStatus;
  /** The ERP's own status: T100's stus code; TIPTOP's confirm flag + post flag (NN, YN, YY, XN). */
  rawStatus: string;
  head: Record<string, unknown>;
  lines: Record<string, unknown>[];
  createdAt: string;
  updatedAt: string;
}

/** Header names lower-cased, repeated headers joined with commas. */
export function headersOf(req: Request): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(req.headers).map(([name, value]) => [name.toLowerCase(), Array.isArray(value) ? value.join(',') : value]));
}

/** A platform outcome (srvcode 100) with its message. */
export function platform(message: string): StdReply {
  return { srvcode: '100', parameter: {}, platformMessage: message };
}

/** A SOAP 1.1 Server Fault with `text` (escaped) as its faultstring. */
export function soapFault(text: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>' +
    `<soapenv:Fault><faultcode>soapenv:Server</faultcode><faultstring>${text.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>`
  );
}
