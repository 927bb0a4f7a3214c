import { Field, ObjectType } from 'type-graphql';
import type { Action, Erp, Operation, RowKind, WireFormat } from '../src/catalog/types';
import { ApiKindEnum, DocumentTypeEnum, ErpEnum, OperationEnum, WireFormatEnum } from './enums';

@ObjectType('ApiOperationStep', { description: 'One step of a saga row: the action and the ERP API it calls.' })
export class ApiOperationStep {
  @Field(() => OperationEnum, { description: 'The lifecycle action of the step.' }) action!: Action;
  @Field(() => String, { description: 'The ERP API the step calls, exactly as registered.' }) apiName!: string;
}

@ObjectType('ApiOperation', { description: 'One operation-catalog row: which ERP API (or gateway saga) serves which document operation.' })
export class ApiOperation {
  @Field(() => ErpEnum, { description: 'The ERP family.' }) erp!: Erp;
  @Field(() => DocumentTypeEnum, { description: 'The GraphQL document type.' }) document!: string;
  @Field(() => String, { description: 'ERP program(s), as the seed labels them.' }) program!: string;
  @Field(() => OperationEnum, { description: 'Catalog operation (action, read, list or composite).' }) action!: Operation;
  @Field(() => String, { nullable: true, description: 'API name, exactly as the ERP registers it; null for a saga, which lists its steps.' })
  apiName!: string | null;
  @Field(() => ApiKindEnum, { description: 'One OpenAPI call, one customized call, or a gateway saga.' }) kind!: RowKind;
  @Field(() => [ApiOperationStep], { description: "A saga's steps in order, each with its API; empty for a single API." }) steps!: ApiOperationStep[];
  @Field(() => [WireFormatEnum], { description: 'Envelope encodings the API accepts.' }) formats!: WireFormat[];
  @Field(() => String, { description: 'Message standard (互聯中台標準規範 …).' }) standard!: string;
  @Field(() => String, { description: 'The Query or Mutation field that calls this API.' }) graphqlField!: string;
  @Field(() => String, { description: "The seed's description of the API (or the saga's steps)." }) description!: string;
}
