/**
 * Reads every mutation path needs, over any datasource: the current document (fresh, not from a request's
 * loader: it is about to change), and the document after a committed change.
 */
import type { ActionResult, CanonicalDocument, CanonicalInput } from '../src/catalog/canonical';
import type { DocumentKind } from '../src/catalog/types';
import { GatewayError, NotFoundError } from '../src/errors';
import type { ErpDatasource } from './types';

export async function currentDocument(kind: DocumentKind, datasource: ErpDatasource, docNo: string): Promise<CanonicalDocument> {
  const [document] = await datasource.read(kind, [docNo]);
  if (!document) throw new NotFoundError(kind.type, docNo, datasource.connection);
  return document;
}

/**
 * The document after a committed change, read back because the ERP fills fields we did not send (number, unit,
 * posting date). If reading it back fails, the change still happened: answer with what we know rather than an
 * error, or a client retrying under its idempotency key would do it twice.
 */
export async function readBack(
  kind: DocumentKind,
  datasource: ErpDatasource,
  docNo: string,
  known: () => CanonicalDocument,
): Promise<CanonicalDocument> {
  try {
    return await currentDocument(kind, datasource, docNo);
  } catch (error) {
    if (error instanceof GatewayError) return known();
    throw error;
  }
}

/** What we know of a document after an action when it cannot be read back: the earlier state, the new status. */
export function withResult(document: CanonicalDocument, result: ActionResult): CanonicalDocument {
  return { ...document, status: result.status ?? document.status, rawStatus: result.rawStatus ?? document.rawStatus };
}

/** What we know of a new document when it cannot be read back: the input, numbered. */
export function composedDocument(input: CanonicalInput, result: ActionResult): CanonicalDocument {
  return {
    ...input,
    docNo: result.docNo,
    status: result.status ?? 'UNAPPROVED',
    rawStatus: result.rawStatus ?? '',
    docType: input.docType ?? result.docNo.split('-')[0],
    lines: (input.lines ?? []).map((line, index) => ({ seq: index + 1, ...line })),
  };
}
