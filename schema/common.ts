/**
 * Types shared by every document kind: the `Document` interface, lines, paging, filters and inputs.
 * Per-kind classes (schema/documents.ts) extend these, so a kind only adds its own fields.
 */
import { Field, Float, ID, InputType, Int, InterfaceType, ObjectType } from 'type-graphql';
import type { DocumentStatus, Erp } from '../src/catalog/types';
import { DocumentStatusEnum, ErpEnum } from './enums';
import { DateScalar, JSONScalar } from './scalars';

@ObjectType('DocumentLine', { description: 'One line of a document: an item, a quantity and where it goes.' })
export class DocumentLine {
  @Field(() => Int, { nullable: true }) seq?: number;
  @Field(() => String) itemNo!: string;
  @Field(() => Float) quantity!: number;
  @Field(() => String, { nullable: true }) unit?: string | null;
  @Field(() => String, { nullable: true }) warehouse?: string | null;
  @Field(() => String, { nullable: true }) location?: string | null;
  @Field(() => String, { nullable: true }) lot?: string | null;
  @Field(() => String, { nullable: true }) workOrderNo?: string | null;
  @Field(() => String, { nullable: true }) remark?: string | null;
  @Field(() => JSONScalar, { nullable: true, description: 'ERP-specific extra fields.' })
  extensions?: Record<string, unknown> | null;
}

@InterfaceType('Document', {
  description: 'Every ERP document: where it lives, its number, status and lines.',
  resolveType: (value: { typeName?: string }) => value.typeName,
})
export abstract class DocumentInterface {
  @Field(() => ID, { description: 'The gateway connection (ERP instance) the document lives in.' }) connection!: string;
  @Field(() => ErpEnum) erp!: Erp;
  @Field(() => String) docNo!: string;
  @Field(() => String, { nullable: true, description: 'Document type / slip (單別).' }) docType?: string | null;
  @Field(() => DateScalar, { nullable: true }) docDate?: string | null;
  @Field(() => DocumentStatusEnum) status!: DocumentStatus;
  @Field(() => String, { nullable: true }) department?: string | null;
  @Field(() => String, { nullable: true }) supplier?: string | null;
  @Field(() => String, { nullable: true }) remark?: string | null;
  @Field(() => String, { nullable: true }) workOrderNo?: string | null;
  @Field(() => [DocumentLine]) lines!: DocumentLine[];
  @Field(() => JSONScalar, {
    nullable: true,
    description: 'ERP-specific fields; documentStatus holds the ERP status code (T100 stus: N, Y, S, X …).',
  })
  extensions?: Record<string, unknown> | null;
}

@ObjectType('PageInfo')
export class PageInfo {
  @Field(() => Boolean) hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) endCursor?: string | null;
}

@InputType('DocumentLineInput')
export class DocumentLineInput {
  @Field(() => String) itemNo!: string;
  @Field(() => Float) quantity!: number;
  @Field(() => String, { nullable: true }) unit?: string;
  @Field(() => String, { nullable: true }) warehouse?: string;
  @Field(() => String, { nullable: true }) location?: string;
  @Field(() => String, { nullable: true }) lot?: string;
  @Field(() => String, { nullable: true }) workOrderNo?: string;
  @Field(() => String, { nullable: true }) remark?: string;
  @Field(() => JSONScalar, { nullable: true }) extensions?: Record<string, unknown>;
}

/**
 * The canonical input shape of design §2 and the list filter, as data: every `<Type>Input` and `<Type>Filter`
 * gets these fields (type-graphql input types only inherit from decorated input types, which would show up in
 * the schema as stray types).
 */
export interface SharedFieldSpec {
  readonly name: string;
  readonly type: () => unknown;
  readonly description?: string;
}

export const DOCUMENT_INPUT_FIELDS: readonly SharedFieldSpec[] = [
  { name: 'docType', type: () => String, description: 'Slip / document type (單別); the ERP numbers the document.' },
  { name: 'docDate', type: () => DateScalar },
  { name: 'department', type: () => String },
  { name: 'remark', type: () => String },
  { name: 'workOrderNo', type: () => String },
  { name: 'supplier', type: () => String },
  { name: 'lines', type: () => [DocumentLineInput] },
  { name: 'extensions', type: () => JSONScalar, description: 'ERP-specific extra fields, passed through.' },
];

export const DOCUMENT_FILTER_FIELDS: readonly SharedFieldSpec[] = [
  { name: 'status', type: () => DocumentStatusEnum },
  { name: 'docNo', type: () => String },
  { name: 'docDateFrom', type: () => DateScalar, description: 'Document date from (inclusive).' },
  { name: 'docDateTo', type: () => DateScalar, description: 'Document date to (inclusive).' },
];

@ObjectType('DeletedDocument', { description: 'What a delete mutation answers: the document is gone.' })
export class DeletedDocument {
  @Field(() => ID) connection!: string;
  @Field(() => String) typeName!: string;
  @Field(() => String) docNo!: string;
  @Field(() => Boolean) deleted!: boolean;
}
