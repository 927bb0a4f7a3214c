/**
 * The shift's operations as typed documents. The text comes from the .graphql files codegen reads, the types
 * from what codegen made of them, so a document and its type can never disagree:
 *   - work order and stock-in: test/operations/*.graphql, typed in test/generated/operations.ts (`npm run codegen`);
 *   - issuing note and work report: ./operations.graphql, typed in ./operations.types.ts (codegen's output for that
 *     file, checked by test/examples/mes-client.test.ts until codegen.yml's `documents` include it).
 * In your own MES repo: keep your .graphql files in one folder, point codegen at it, and keep this file's `typed()`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Kind, parse, print, visit, type DefinitionNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import type {
  ApproveWorkOrderMutation,
  ApproveWorkOrderMutationVariables,
  CreateAndPostStockInMutation,
  CreateAndPostStockInMutationVariables,
  CreateWorkOrderMutation,
  CreateWorkOrderMutationVariables,
  IssueWorkOrderMutation,
  IssueWorkOrderMutationVariables,
  ReverseStockInMutation,
  ReverseStockInMutationVariables,
  StockInQuery,
  StockInQueryVariables,
  WorkOrderQuery,
  WorkOrderQueryVariables,
} from '../../test/generated/operations';
import type { TypedDocument } from './client';
import type {
  CreateAndApproveWorkReportMutation,
  CreateAndApproveWorkReportMutationVariables,
  CreateAndPostIssuingNoteMutation,
  CreateAndPostIssuingNoteMutationVariables,
} from './operations.types';

/** Where the .graphql documents live: this folder, then the ones codegen types into test/generated. */
export const DOCUMENT_DIRECTORIES = [__dirname, path.join(__dirname, '../../test/operations')];

const definitions: DefinitionNode[] = DOCUMENT_DIRECTORIES.flatMap((directory) =>
  readdirSync(directory)
    .filter((file) => file.endsWith('.graphql'))
    .flatMap((file) => parse(readFileSync(path.join(directory, file), 'utf8')).definitions),
);
const fragments = new Map(
  definitions.filter((node): node is FragmentDefinitionNode => node.kind === Kind.FRAGMENT_DEFINITION).map((node) => [node.name.value, node]),
);

function fragmentsOf(node: DefinitionNode, found = new Set<string>()): Set<string> {
  visit(node, {
    FragmentSpread(spread) {
      const name = spread.name.value;
      if (found.has(name)) return;
      const fragment = fragments.get(name);
      if (!fragment) throw new Error(`fragment ${name} is not defined in ${DOCUMENT_DIRECTORIES.join(', ')}`);
      found.add(name);
      fragmentsOf(fragment, found);
    },
  });
  return found;
}

/** The named operation with exactly the fragments it uses, typed with codegen's result and variables types. */
export function typed<TData, TVariables>(name: string): TypedDocument<TData, TVariables> {
  const operation = definitions.find((node): node is OperationDefinitionNode => node.kind === Kind.OPERATION_DEFINITION && node.name?.value === name);
  if (!operation) throw new Error(`no operation ${name} in ${DOCUMENT_DIRECTORIES.join(', ')}`);
  const document = [print(operation), ...[...fragmentsOf(operation)].map((fragment) => print(fragments.get(fragment)!))].join('\n\n');
  return { name, document };
}

export const CreateWorkOrder = typed<CreateWorkOrderMutation, CreateWorkOrderMutationVariables>('CreateWorkOrder');
export const ApproveWorkOrder = typed<ApproveWorkOrderMutation, ApproveWorkOrderMutationVariables>('ApproveWorkOrder');
export const IssueWorkOrder = typed<IssueWorkOrderMutation, IssueWorkOrderMutationVariables>('IssueWorkOrder');
export const CreateAndPostIssuingNote = typed<CreateAndPostIssuingNoteMutation, CreateAndPostIssuingNoteMutationVariables>('CreateAndPostIssuingNote');
export const CreateAndApproveWorkReport = typed<CreateAndApproveWorkReportMutation, CreateAndApproveWorkReportMutationVariables>('CreateAndApproveWorkReport');
export const CreateAndPostStockIn = typed<CreateAndPostStockInMutation, CreateAndPostStockInMutationVariables>('CreateAndPostStockIn');
export const ReverseStockIn = typed<ReverseStockInMutation, ReverseStockInMutationVariables>('ReverseStockIn');
export const WorkOrder = typed<WorkOrderQuery, WorkOrderQueryVariables>('WorkOrder');
export const StockIn = typed<StockInQuery, StockInQueryVariables>('StockIn');
