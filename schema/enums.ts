import { registerEnumType } from 'type-graphql';
import { API_KINDS, DOCUMENT_STATUSES, ERPS, OPERATIONS, WIRE_FORMATS } from '../src/catalog/types';

function enumOf<T extends string>(values: readonly T[], name: (value: T) => string = (value) => value): Record<string, T> {
  return Object.fromEntries(values.map((value) => [name(value), value]));
}

/** GraphQL `Erp { T100 TIPTOP … }`; internal values are the catalog's lower-case ids. */
export const ErpEnum = enumOf(ERPS, (erp) => erp.toUpperCase());
registerEnumType(ErpEnum, { name: 'Erp', description: 'ERP families behind the gateway.' });

export const DocumentStatusEnum = enumOf(DOCUMENT_STATUSES);
registerEnumType(DocumentStatusEnum, {
  name: 'DocumentStatus',
  description: "Canonical document status; the ERP's own code is in extensions.documentStatus.",
});

export const ApiKindEnum = enumOf(API_KINDS);
registerEnumType(ApiKindEnum, { name: 'ApiKind', description: 'OPEN_API: standard OpenAPI; CUSTOMIZED: 定製型 composite API.' });

export const WireFormatEnum = enumOf(WIRE_FORMATS);
registerEnumType(WireFormatEnum, { name: 'WireFormat' });

/** Catalog operations in their GraphQL spelling: CREATE, READ, CREATE_AND_POST … */
export const OperationEnum = enumOf(OPERATIONS, (operation) => operation.replace(/[A-Z]/g, (letter) => `_${letter}`).toUpperCase());
registerEnumType(OperationEnum, { name: 'Operation', description: 'A catalog operation: a lifecycle action, a read, or a composite.' });
