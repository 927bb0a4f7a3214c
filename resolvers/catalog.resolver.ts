import { Arg, Query, Resolver } from 'type-graphql';
import { catalogRows } from '../src/catalog';
import type { Erp } from '../src/catalog/types';
import { ApiOperation } from '../schema/api-operation';
import { DocumentTypeEnum, ErpEnum } from '../schema/enums';

@Resolver()
export class CatalogResolver {
  @Query(() => [ApiOperation], {
    description: 'The operation catalog: every ERP API the gateway can call, every saga it runs instead, and the field that calls each.',
  })
  apiCatalog(
    @Arg('erp', () => ErpEnum, { nullable: true, description: 'Only this ERP family.' }) erp?: Erp,
    @Arg('document', () => DocumentTypeEnum, { nullable: true, description: 'Only this document type.' }) document?: string,
  ): ApiOperation[] {
    return catalogRows()
      .filter((row) => (!erp || row.erp === erp) && (!document || row.document === document))
      .map((row) => ({ ...row, action: row.operation, formats: [...row.formats], steps: [...row.steps] }));
  }
}
