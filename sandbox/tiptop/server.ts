/**
 * The TIPTOP GP sandbox ERP as a real HTTP server (protocols/digiwin.md §7.1): aws_ttsrv2 (SOAP: invokeSrv with the
 * 中台 envelope, and the DOC-style CreateMISCIssueData / CreateTransferNote), its WSDL, /CROSS/RESTful (JSON v2),
 * under any web area, always HTTP 200 for platform and business outcomes — except where a fault says otherwise.
 * Admin routes for standalone use. Structure and fault handling follow sandbox/t100/server.ts.
 */
import express, { type Request, type Response } from 'express';
import { decodeRequest, encodeReply, PlatformError, TIPTOP_NAMESPACE } from '../../datasources/common/digiwin/envelope';
import type { StdEncoding, StdReply } from '../../datasources/common/digiwin/envelope-types';
import type { DocumentStatus } from '../../src/catalog/types';
import { headersOf, platform, soapFault, type DigiwinDocumentView } from '../common/digiwin-http';
import { FaultInjector, type FaultMode } from '../common/faults';
import { afterDelay, closer, htmlErrorHandler, listen, mountAdminRoutes, timeoutOrHttp500 } from '../common/http';
import { decodeDocRequest, DocStyleError, encodeDocResponse, soapOperation, unwrapDocEnvelope, type DocResponse } from './doc-style';
import { TiptopEngine } from './engine';
import { SandboxState } from './state';

export interface TiptopSandboxOptions {
  readonly dataDir: string;
  readonly id?: string;
  readonly host?: string;
  readonly port?: number;
  /** Web area in the base URL (`/topprod`); the routes answer under any prefix. */
  readonly area?: string;
  readonly clock?: () => Date;
  readonly allowNegativeStock?: boolean;
  /** Check `Authentication@password` (TIPTOP reads it but does not check it, §2.7; ASSUMPTION). */
  readonly strictPassword?: boolean;
  /** Blank-pad document numbers in std_data replies (§7.5, ASSUMPTION default on). */
  readonly padStrings?: boolean;
}

/** rawStatus: confirm flag + post flag (NN, YN, YY, XN). */
export type TiptopDocumentView = DigiwinDocumentView;

export interface RunningTiptopSandbox {
  readonly id: string;
  readonly erp: 'tiptop';
  readonly baseUrl: string;
  readonly faults: FaultInjector;
  documents(query?: { type?: string; docNo?: string; status?: DocumentStatus }): TiptopDocumentView[];
  /** Stock on hand; a blank location or lot is TIPTOP's one space. */
  stock(item: string, warehouse: string, location: string, lot: string): number;
  /** Calls that reached dispatch, by service name (all when omitted). */
  callCount(api?: string): number;
  close(): Promise<void>;
}

const WSDL = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:xsd="http://www.w3.org/2001/XMLSchema"
 xmlns:tns="${TIPTOP_NAMESPACE}" targetNamespace="${TIPTOP_NAMESPACE}" name="TIPTOPServiceGateWay">
 <message name="invokeSrvRequest"><part name="request" type="xsd:string"/></message>
 <message name="invokeSrvResponse"><part name="response" type="xsd:string"/></message>
 <message name="CreateMISCIssueDataRequest"><part name="request" type="xsd:string"/></message>
 <message name="CreateMISCIssueDataResponse"><part name="response" type="xsd:string"/></message>
 <message name="CreateTransferNoteRequest"><part name="request" type="xsd:string"/></message>
 <message name="CreateTransferNoteResponse"><part name="response" type="xsd:string"/></message>
 <portType name="TIPTOPServiceGateWayPortType">
  <operation name="invokeSrv"><input message="tns:invokeSrvRequest"/><output message="tns:invokeSrvResponse"/></operation>
  <operation name="CreateMISCIssueData"><input message="tns:CreateMISCIssueDataRequest"/><output message="tns:CreateMISCIssueDataResponse"/></operation>
  <operation name="CreateTransferNote"><input message="tns:CreateTransferNoteRequest"/><output message="tns:CreateTransferNoteResponse"/></operation>
 </portType>
</definitions>`;

/** TIPTOP answers invokeSrv in its own form (§2.5); JSON via ESP is the platform's. */
function send(res: Response, target: { encoding: StdEncoding; soap: boolean }, reply: StdReply): void {
  const encoded = encodeReply({ ...target, product: 'TIPTOP' }, reply);
  res.status(200).set(encoded.headers).type(encoded.contentType).send(encoded.body);
}

/** TIPTOP's text for a request aws_ttsrv2 cannot dispatch (§2.6). */
const NOT_EXECUTED = 'Service not executed successfully';

export async function startTiptopSandbox(options: TiptopSandboxOptions): Promise<RunningTiptopSandbox> {
  const id = options.id ?? 'tiptop';
  const clock = options.clock ?? (() => new Date());
  const state = new SandboxState(options.dataDir, `${id}.sqlite`);
  const engine = new TiptopEngine(state, {
    padStrings: options.padStrings ?? true,
    allowNegativeStock: options.allowNegativeStock ?? false,
    strictPassword: options.strictPassword ?? false,
    clock,
  });
  engine.seedIfEmpty();
  const faults = new FaultInjector();
  const held = new Set<Response>();
  const delayed = new Set<NodeJS.Timeout>();

  const app = express();
  app.disable('x-powered-by');
  app.use(express.text({ type: () => true, limit: '10mb' }));

  /** The fault cases every route handles alike (as the T100 server); true when the fault answered or withheld the reply. */
  const faulted = (
    res: Response,
    fault: FaultMode | undefined,
    log: (code: string) => void,
    forms: { garbage: () => { body: string; type: string }; platform: () => void; error: () => void; emptyType: string },
  ): boolean => {
    if (timeoutOrHttp500(fault, res, log, held)) return true;
    switch (fault) {
      case 'soap_fault':
        log('soap_fault');
        res.status(500).type('text/xml; charset=utf-8').send(soapFault('sandbox fault: soap_fault'));
        return true;
      case 'empty':
        log('empty');
        res.status(200).type(forms.emptyType).send('');
        return true;
      case 'garbage': {
        log('garbage');
        const whole = forms.garbage();
        res.status(200).type(whole.type).send(whole.body.slice(0, Math.floor(whole.body.length / 2)));
        return true;
      }
      case 'platform':
        log('platform');
        forms.platform();
        return true;
      case 'error':
        log('sbx-09999');
        forms.error();
        return true;
      default:
        return false;
    }
  };

  /** Runs `answer` now, or after the delay fault's wait (even if the caller has gone, as an ERP would). */
  const schedule = (taken: { mode: FaultMode; ms?: number } | undefined, answer: (fault: FaultMode | undefined) => void, res?: Response): void => {
    if (taken?.mode === 'delay') {
      // Outside express's error handling: an unexpected error answers 500 here rather than ending the process.
      afterDelay(delayed, taken.ms ?? 0, () => answer(undefined), (error) => {
        if (res && !res.headersSent) res.status(500).type('html').send(`<html><body>500 ${(error as Error).message.replace(/</g, '&lt;')}</body></html>`);
      });
      return;
    }
    answer(taken?.mode);
  };

  // ── invokeSrv (§2.5) and ESP (§2.3) ─────────────────────────────────────────────────────────────────
  const envelope = (req: Request, res: Response, body: string): void => {
    const headers = headersOf(req);
    let decoded;
    try {
      decoded = decodeRequest(body, headers);
    } catch (error) {
      if (!(error instanceof PlatformError)) throw error;
      const encoding: StdEncoding = body.includes('<') ? 'xml' : 'json-v2';
      // ASSUMPTION: TIPTOP's texts (§2.6) for what its invokeSrv cannot read, as srvcode 100.
      const message = /service name/i.test(error.text) ? 'No Service Name specified!' : error.code === 'aws-00038' ? error.text : "Request isn't valid XML document!";
      send(res, { encoding, soap: /Envelope/.test(body) }, platform(message));
      return;
    }
    const { request, encoding, soap } = decoded;
    const target = { encoding, soap };
    const name = request.service.name;
    if (!engine.knowsOpenApi(name)) {
      send(res, target, platform(NOT_EXECUTED));
      return;
    }
    const reference = headers['digi-reqid'] ?? request.host.timestamp ?? '';
    const taken = faults.take(name, (mode) => mode !== 'post_fails');
    const log = (code: string): void => state.logCall({ service: name, key: decoded.receivedKey, reference, encoding, code }, clock());
    schedule(taken, (fault) => {
      const handled = faulted(res, fault, log, {
        emptyType: encoding === 'xml' ? 'text/xml' : 'application/json',
        garbage: () => {
          const whole = encodeReply({ ...target, product: 'TIPTOP' }, { srvcode: '000', execution: { code: '0', sqlCode: '0', description: '' }, parameter: { result: { success: [], error: [] } } });
          return { body: whole.body, type: whole.contentType };
        },
        platform: () => send(res, target, platform(NOT_EXECUTED)),
        error: () => send(res, target, { srvcode: '000', execution: { code: 'sbx-09999', sqlCode: '0', description: '模擬錯誤 (sandbox fault: error)' }, parameter: {} }),
      });
      if (handled) return;
      const reply = engine.handle(request);
      log(reply.execution?.code ?? reply.srvcode);
      if (fault === 'lost_reply') {
        // Committed; the caller never hears about it.
        req.socket.destroy();
        return;
      }
      send(res, target, reply);
    }, res);
  };

  // ── DOC-style services (§2.5, §5.2) ─────────────────────────────────────────────────────────────────
  const docStyle = (req: Request, res: Response, body: string): void => {
    const reply = (operation: string, response: DocResponse): void => {
      res.status(200).type('text/xml; charset=utf-8').send(encodeDocResponse(operation, response));
    };
    let unwrapped;
    try {
      unwrapped = unwrapDocEnvelope(body);
    } catch (error) {
      if (!(error instanceof DocStyleError)) throw error;
      res.status(500).type('text/xml; charset=utf-8').send(soapFault(error.description));
      return;
    }
    const { operation, requestText } = unwrapped;
    if (!engine.knowsDocStyle(operation)) {
      // ASSUMPTION: an operation the WSDL does not name is the SOAP server's Fault, not a TIPTOP Response.
      res.status(500).type('text/xml; charset=utf-8').send(soapFault(`operation ${operation} is not defined`));
      return;
    }
    const taken = faults.take(operation);
    const log = (code: string): void => state.logCall({ service: operation, key: '', reference: '', encoding: 'doc', code }, clock());
    schedule(taken, (fault) => {
      const handled = faulted(res, fault, log, {
        emptyType: 'text/xml',
        garbage: () => ({ body: encodeDocResponse(operation, { code: '0', description: '', parameter: [] }), type: 'text/xml; charset=utf-8' }),
        platform: () => res.status(500).type('text/xml; charset=utf-8').send(soapFault('sandbox fault: platform')),
        error: () => reply(operation, { code: 'sbx-09999', description: '模擬錯誤 (sandbox fault: error)', parameter: [] }),
      });
      if (handled) return;
      let response: DocResponse;
      try {
        response = engine.docCreate(operation, decodeDocRequest(requestText), fault === 'post_fails');
      } catch (error) {
        if (!(error instanceof DocStyleError)) throw error;
        response = { code: error.code, description: error.description, parameter: [] };
      }
      log(response.code);
      if (fault === 'lost_reply') {
        req.socket.destroy();
        return;
      }
      reply(operation, response);
    }, res);
  };

  app.get(/\/ws\/r\/aws_ttsrv2$/, (_req, res) => {
    res.type('text/xml').send(WSDL);
  });
  app.post(/\/ws\/r\/aws_ttsrv2$/, (req, res) => {
    const body = typeof req.body === 'string' ? req.body : '';
    const operation = soapOperation(body);
    // Dispatch on the SOAP Body's first element (§2.5): invokeSrv → 中台 envelope; {Op}Request → DOC-style. A bare
    // <request> (no SOAP) goes to the envelope codec too.
    if (!operation || operation.name === 'invokeSrv') envelope(req, res, body);
    else if (operation.namespace !== TIPTOP_NAMESPACE) res.status(500).type('text/xml; charset=utf-8').send(soapFault(`${operation.name} is not in the TIPTOP namespace`));
    else docStyle(req, res, body);
  });
  app.post('/CROSS/RESTful', (req, res) => envelope(req, res, typeof req.body === 'string' ? req.body : ''));

  const documents = (query: { type?: string; docNo?: string; status?: DocumentStatus } = {}): TiptopDocumentView[] => engine.view(query);
  mountAdminRoutes(app, {
    documents: (pick) => documents({ type: pick('type'), docNo: pick('docNo'), status: pick('status') as DocumentStatus | undefined }),
    faults,
  });
  app.use(htmlErrorHandler());

  const { server, port } = await listen(app, options.host ?? '127.0.0.1', options.port ?? 0);
  const area = (options.area ?? 'topprod').replace(/^\/+|\/+$/g, '');
  const blank = (value: string): string => (value.trim() === '' ? ' ' : value.trim());

  return {
    id,
    erp: 'tiptop',
    baseUrl: `http://${options.host ?? '127.0.0.1'}:${port}/${area}`,
    faults,
    documents,
    stock: (item, warehouse, location, lot) => state.stockOf(item, warehouse, blank(location), blank(lot)),
    callCount: (api?: string) => state.callCount(api),
    close: closer({ server, held, delayed, state }),
  };
}
