/**
 * GraphiQL served from node_modules (graphiql 4.1.2 UMD + React 18 UMD): no CDN, works with no internet
 * (shared/toolchain.md, GraphiQL offline recipe).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Router, type Request, type Response, type NextFunction } from 'express';

function packageFile(pkg: string, file: string): string {
  return path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file);
}

const ASSETS: Record<string, { file: string; type: string }> = {
  'react.js': { file: packageFile('react', 'umd/react.production.min.js'), type: 'application/javascript; charset=utf-8' },
  'react-dom.js': { file: packageFile('react-dom', 'umd/react-dom.production.min.js'), type: 'application/javascript; charset=utf-8' },
  'graphiql.js': { file: packageFile('graphiql', 'graphiql.min.js'), type: 'application/javascript; charset=utf-8' },
  'graphiql.css': { file: packageFile('graphiql', 'graphiql.min.css'), type: 'text/css; charset=utf-8' },
};

/** What GraphiQL opens on: the default connection's ERP family's example, else the catalog. */
export function defaultQuery(example?: string): string {
  return `# ERP GraphQL gateway. Try:\n${example ?? '{ apiCatalog { erp document action apiName kind graphqlField } }'}\n`;
}

function graphiqlPage(query: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"/><title>ERP GraphQL gateway · GraphiQL</title>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<link rel="stylesheet" href="/graphiql-assets/graphiql.css"/>
<style>body{margin:0}</style></head>
<body><div id="graphiql" style="height:100vh"></div>
<script src="/graphiql-assets/react.js"></script>
<script src="/graphiql-assets/react-dom.js"></script>
<script src="/graphiql-assets/graphiql.js"></script>
<script>
ReactDOM.createRoot(document.getElementById('graphiql')).render(React.createElement(GraphiQL, {
  fetcher: GraphiQL.createFetcher({ url: '/graphql' }),
  defaultQuery: ${JSON.stringify(query).replace(/</g, '\\u003c')},
}));
</script></body></html>`;
}

export function graphiqlRouter(example?: string): Router {
  const page = graphiqlPage(defaultQuery(example));
  const router = Router();
  const cache = new Map<string, Buffer>();
  router.get('/graphiql-assets/:name', (req: Request, res: Response) => {
    // A URL path names the asset: looked up as an own key only (`__proto__` is not an asset).
    const name = String(req.params.name);
    const asset = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
    if (!asset) {
      res.status(404).type('text/plain').send('not found');
      return;
    }
    let body = cache.get(asset.file);
    if (!body) {
      body = readFileSync(asset.file);
      cache.set(asset.file, body);
    }
    res.type(asset.type).set('cache-control', 'public, max-age=86400').send(body);
  });
  router.get('/graphiql', (_req: Request, res: Response) => {
    res.type('html').send(page);
  });
  // A browser's GET /graphql gets the IDE; GET with a query (or asking for JSON) goes on to Apollo.
  router.get('/graphql', (req: Request, res: Response, next: NextFunction) => {
    if (req.query.query === undefined && req.accepts(['application/json', 'text/html']) === 'text/html') {
      res.type('html').send(page);
      return;
    }
    next();
  });
  return router;
}
