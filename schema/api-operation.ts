import { Field, ObjectType } from 'type-graphql';
import type { ApiKind, Erp, Operation, WireFormat } from '../src/catalog/types';
import { ApiKindEnum, ErpEnum, OperationEnum, WireFormatEnum } from './enums';

@ObjectType('ApiOperation', { description: 'One operation-catalog row: which ERP API serves which document operation.' })
export class ApiOperation {
  @Field(() => ErpEnum) erp!: Erp;
  @Field(() => String, { description: 'GraphQL document type.' }) document!: string;
  @Field(() => String, { description: 'ERP program(s), as the seed labels them.' }) program!: string;
  @Field(() => OperationEnum, { description: 'Catalog operation (action, read, list or composite).' }) action!: Operation;
  @Field(() => String, { description: 'API name, exactly as the ERP registers it.' }) apiName!: string;
  @Field(() => ApiKindEnum) kind!: ApiKind;
  @Field(() => [WireFormatEnum]) formats!: WireFormat[];
  @Field(() => String, { description: 'Message standard (互聯中台標準規範 …).' }) standard!: string;
  @Field(() => String, { description: 'The Query or Mutation field that calls this API.' }) graphqlField!: string;
  @Field(() => String, { description: "The seed's description of the API." }) description!: string;
}
