import { Arg, Query, Resolver } from 'type-graphql';
import { catalogRows } from '../src/catalog';
import type { Erp } from '../src/catalog/types';
import { ApiOperation } from '../schema/api-operation';
import { ErpEnum } from '../schema/enums';

@Resolver()
export class CatalogResolver {
  @Query(() => [ApiOperation], { description: 'The operation catalog: every ERP API the gateway can call, and the field that calls it.' })
  apiCatalog(
    @Arg('erp', () => ErpEnum, { nullable: true }) erp?: Erp,
    @Arg('document', () => String, { nullable: true }) document?: string,
  ): ApiOperation[] {
    return catalogRows()
      .filter((row) => (!erp || row.erp === erp) && (!document || row.document === document))
      .map((row) => ({ ...row, action: row.operation, formats: [...row.formats] }));
  }
}
