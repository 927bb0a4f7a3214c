/**
 * Sandbox admin endpoints on the gateway's own port (design §3, sandbox mode only):
 * `GET /sandbox`, `POST|DELETE /sandbox/{id}/faults`, `GET /sandbox/{id}/documents?type=&docNo=`.
 */
import express, { Router, type Request, type Response } from 'express';
import type { DocumentStatus } from '../catalog/types';

export interface FaultSpec {
  api: string;
  mode: string;
  count: number;
  /** For `delay`. */
  ms?: number;
}

/** What the gateway needs of an embedded sandbox ERP (each sandbox/<erp>/server.ts returns one). */
export interface SandboxHandle {
  readonly id: string;
  readonly erp: string;
  readonly baseUrl: string;
  readonly faults: { add(spec: FaultSpec): unknown; clear(): void; list(): unknown };
  documents(query?: { type?: string; docNo?: string; status?: DocumentStatus }): unknown[];
  close(): Promise<void>;
}

export function sandboxAdminRouter(sandboxes: readonly SandboxHandle[]): Router {
  const router = Router();
  const byId = new Map(sandboxes.map((sandbox) => [sandbox.id, sandbox]));
  const find = (req: Request, res: Response): SandboxHandle | undefined => {
    const sandbox = byId.get(String(req.params.id));
    if (!sandbox) res.status(404).json({ error: `no sandbox named ${String(req.params.id)}` });
    return sandbox;
  };

  router.get('/', (_req, res) => {
    res.json(sandboxes.map(({ id, erp, baseUrl }) => ({ id, erp, baseUrl })));
  });
  router.post('/:id/faults', express.json(), (req, res) => {
    const sandbox = find(req, res);
    if (!sandbox) return;
    const body = (req.body ?? {}) as Partial<FaultSpec>;
    try {
      const spec = { api: String(body.api ?? '*'), mode: String(body.mode ?? ''), count: Number(body.count ?? 1), ...(body.ms === undefined ? {} : { ms: Number(body.ms) }) };
      res.status(201).json({ added: sandbox.faults.add(spec) ?? spec, faults: sandbox.faults.list() });
    } catch (error) {
      res.status(400).json({ error: (error as Error).message });
    }
  });
  router.get('/:id/faults', (req, res) => {
    const sandbox = find(req, res);
    if (sandbox) res.json(sandbox.faults.list());
  });
  router.delete('/:id/faults', (req, res) => {
    const sandbox = find(req, res);
    if (!sandbox) return;
    sandbox.faults.clear();
    res.json({ cleared: true });
  });
  router.get('/:id/documents', (req, res) => {
    const sandbox = find(req, res);
    if (!sandbox) return;
    const query = {
      type: typeof req.query.type === 'string' ? req.query.type : undefined,
      docNo: typeof req.query.docNo === 'string' ? req.query.docNo : undefined,
      status: typeof req.query.status === 'string' ? (req.query.status as DocumentStatus) : undefined,
    };
    res.json(sandbox.documents(query));
  });
  return router;
}
