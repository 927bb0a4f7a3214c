/**
 * The T100 sandbox ERP as a real HTTP server (protocols/digiwin.md §7.1): awsp920 (JSON v1, v2 with digi-*
 * headers, raw XML), awsp900 (SOAP invokeSrv), /CROSS/RESTful, under any web area, always HTTP 200 for
 * platform and business outcomes — except where a fault says otherwise. Admin routes for standalone use.
 */
import express, { type Request, type Response } from 'express';
import { decodeRequest, encodeReply, PlatformError } from '../../datasources/common/digiwin/envelope';
import type { StdEncoding, StdReply } from '../../datasources/common/digiwin/envelope-types';
import type { DocumentStatus } from '../../src/catalog/types';
import { headersOf, platform, soapFault, type DigiwinDocumentView } from '../common/digiwin-http';
import { FaultInjector, type FaultMode } from '../common/faults';
import { afterDelay, closer, HTML_500, html500WithMessage, htmlErrorHandler, listen, mountAdminRoutes, timeoutOrHttp500 } from '../common/http';
import { T100Engine } from './engine';
import { SandboxState } from './state';

export interface T100SandboxOptions {
  readonly dataDir: string;
  readonly id?: string;
  readonly host?: string;
  readonly port?: number;
  /** Web area in the base URL (`/wtopprd`); the routes answer under any prefix. */
  readonly area?: string;
  /** off: keys not checked (as T100 does); md5: §2.7 keys must match; static: a fixed key per service. */
  readonly keyPolicy?: 'off' | 'md5' | 'static';
  readonly staticKeys?: Readonly<Record<string, string>>;
  readonly padStrings?: boolean;
  readonly allowNegativeStock?: boolean;
  /** What a dispost leaves: Y (default) or Z (§3.2). */
  readonly unpostedStatus?: 'Y' | 'Z';
  readonly clock?: () => Date;
}

export type SandboxDocumentView = DigiwinDocumentView;

export interface RunningSandbox {
  readonly id: string;
  readonly erp: 't100';
  readonly baseUrl: string;
  readonly faults: FaultInjector;
  documents(query?: { type?: string; docNo?: string; status?: DocumentStatus }): SandboxDocumentView[];
  /** Calls that reached dispatch, by service name (all when omitted). */
  callCount(api?: string): number;
  close(): Promise<void>;
}

const WSDL = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
 xmlns:tns="http://www.digiwin.com.cn/tiptop/TIPTOPServiceGateWay" targetNamespace="http://www.digiwin.com.cn/tiptop/TIPTOPServiceGateWay" name="TIPTOPServiceGateWay">
 <message name="invokeSrvRequest"><part name="request" type="xsd:string"/></message>
 <message name="invokeSrvResponse"><part name="response" type="xsd:string"/></message>
 <portType name="TIPTOPServiceGateWayPortType"><operation name="invokeSrv"><input message="tns:invokeSrvRequest"/><output message="tns:invokeSrvResponse"/></operation></portType>
</definitions>`;

const SOAP_FAULT = soapFault('sandbox fault: soap_fault');

function send(res: Response, target: { encoding: StdEncoding; soap: boolean }, reply: StdReply): void {
  const encoded = encodeReply(target, reply);
  res.status(200).set(encoded.headers).type(encoded.contentType).send(encoded.body);
}

export async function startT100Sandbox(options: T100SandboxOptions): Promise<RunningSandbox> {
  const id = options.id ?? 't100';
  const clock = options.clock ?? (() => new Date());
  const state = new SandboxState(options.dataDir);
  const engine = new T100Engine(state, {
    padStrings: options.padStrings ?? true,
    allowNegativeStock: options.allowNegativeStock ?? false,
    unpostedStatus: options.unpostedStatus ?? 'Y',
    clock,
  });
  engine.seedIfEmpty();
  const faults = new FaultInjector();
  const held = new Set<Response>();
  const delayed = new Set<NodeJS.Timeout>();

  const app = express();
  app.disable('x-powered-by');
  app.use(express.text({ type: () => true, limit: '10mb' }));

  const envelope = (req: Request, res: Response): void => {
    const body = typeof req.body === 'string' ? req.body : '';
    const headers = headersOf(req);
    let decoded;
    try {
      decoded = decodeRequest(body, headers);
    } catch (error) {
      if (!(error instanceof PlatformError)) throw error;
      const encoding: StdEncoding = body.includes('<') ? 'xml' : headers['digi-reqid'] !== undefined ? 'json-v2' : 'json';
      const message = error.code && error.code !== '-1' ? `${error.code}` : error.text;
      send(res, { encoding, soap: /Envelope/.test(body) }, platform(message));
      return;
    }
    const { request, encoding, soap } = decoded;
    const target = { encoding, soap };
    const name = request.service.name;

    if (options.keyPolicy === 'md5' && decoded.receivedKey !== decoded.expectedKey) {
      send(res, target, platform('-1 Key validate fail!'));
      return;
    }
    if (options.keyPolicy === 'static' && options.staticKeys?.[name] !== undefined && options.staticKeys[name] !== decoded.receivedKey) {
      res.status(200).send(''); // as seen on one ESP (§2.7)
      return;
    }
    if (!engine.knows(name)) {
      send(res, target, platform(`[${name}]Service not found`));
      return;
    }
    const reference = headers['digi-reqid'] ?? request.host.timestamp ?? '';
    const taken = faults.take(name, (mode) => mode !== 'post_fails' || engine.isCustomized(name));
    const log = (code: string): void => state.logCall({ service: name, key: decoded.receivedKey, reference, encoding, code }, clock());
    const answer = (fault: FaultMode | undefined): void => {
      if (timeoutOrHttp500(fault, res, log, held)) return;
      switch (fault) {
        case 'soap_fault':
          log('soap_fault');
          res.status(500).type('text/xml; charset=utf-8').send(SOAP_FAULT);
          return;
        case 'empty':
          log('empty');
          res.status(200).type('application/json').send('');
          return;
        case 'garbage': {
          log('garbage');
          const whole = encodeReply(target, { srvcode: '000', execution: { code: '0', sqlCode: '0', description: '' }, parameter: { result: { success: [], error: [] } } });
          res.status(200).type(whole.contentType).send(whole.body.slice(0, Math.floor(whole.body.length / 2)));
          return;
        }
        case 'platform':
          log('platform');
          send(res, target, platform(`[${name}]Service not executed successfully`));
          return;
        case 'error':
          log('sbx-09999');
          send(res, target, { srvcode: '000', execution: { code: 'sbx-09999', sqlCode: '0', description: '模擬錯誤 (sandbox fault: error)' }, parameter: {} });
          return;
        default:
          break;
      }
      const reply = engine.handle(request, encoding, fault);
      log(reply.execution?.code ?? reply.srvcode);
      if (fault === 'lost_reply') {
        // Committed; the caller never hears about it (the never-lose/never-duplicate case).
        req.socket.destroy();
        return;
      }
      send(res, target, reply);
    };
    if (taken?.mode === 'delay') {
      // Held, then run normally — even if the caller has gone meanwhile, as an ERP would: a test can kill a gateway
      // or retry while the call waits.
      // Outside express's error handling: an unexpected error answers 500 here rather than ending the process.
      afterDelay(delayed, taken.ms ?? 0, () => answer(undefined), (error) => {
        if (!res.headersSent) res.status(500).type('html').send(html500WithMessage(HTML_500, error));
      });
      return;
    }
    answer(taken?.mode);
  };

  app.get(/\/ws\/r\/awsp920$/, (_req, res) => {
    res.type('text/plain').send('Restful service is ok');
  });
  app.get(/\/ws\/r\/awsp900$/, (_req, res) => {
    res.type('text/xml').send(WSDL);
  });
  app.post(/\/ws\/r\/awsp9(00|20)$/, envelope);
  app.post('/CROSS/RESTful', envelope);

  const documents = (query: { type?: string; docNo?: string; status?: DocumentStatus } = {}): SandboxDocumentView[] => engine.view(query);
  mountAdminRoutes(app, {
    documents: (pick) => documents({ type: pick('type'), docNo: pick('docNo'), status: pick('status') as DocumentStatus | undefined }),
    faults,
  });
  app.use(htmlErrorHandler());

  const { server, port } = await listen(app, options.host ?? '127.0.0.1', options.port ?? 0);
  const area = (options.area ?? 'wtopprd').replace(/^\/+|\/+$/g, '');

  return {
    id,
    erp: 't100',
    baseUrl: `http://${options.host ?? '127.0.0.1'}:${port}/${area}`,
    faults,
    documents,
    callCount: (api?: string) => state.callCount(api),
    close: closer({ server, held, delayed, state }),
  };
}
