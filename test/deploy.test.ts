/**
 * Deployment artefacts, checked by reading them — no Docker, no network, nothing started. Budget: under 3 s.
 *
 * (a) Dockerfile: base images cannot be pulled on the project's machines, so the image is not built; this reads the
 *     file and checks its properties: several stages; the final one installs production dependencies only
 *     (`npm ci --omit=dev`), runs as a non-root USER, has a HEALTHCHECK asking /healthz with no curl/wget, EXPOSEs the
 *     port its ENV gives, runs the file `npm run build` emits, and downloads nothing at run time. .dockerignore keeps
 *     node_modules, data and .git out of the context without hiding what the Dockerfile copies.
 * (b) docs/configuration.md against the config parser: the allowed key lists are probed from the parser itself
 *     (an unknown key's ConfigError lists them; BASE_CONNECTION_KEYS is exported), so every key the parser accepts is
 *     documented, in the right table, and no documented key is unknown to it. Each default written as a literal,
 *     `required` or `none` is compared with what parseConfig produces for a minimal config; each env override is
 *     exercised; every environment variable the code reads is in the environment table.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, parseConfig, type GatewayConfig } from '../src/config';
import { BASE_CONNECTION_KEYS } from '../src/config/connection';
import { ERP_FAMILIES } from '../src/erps';

const ROOT_DIR = path.join(__dirname, '..');
const read = (file: string): string => readFileSync(path.join(ROOT_DIR, file), 'utf8');

// ---------------------------------------------------------------------------------------------------------------
// (a) Dockerfile

interface Instruction {
  readonly op: string;
  readonly args: string;
}

/** Instructions in order: comments and blank lines dropped, `\` continuations joined. */
function dockerInstructions(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let current = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line.endsWith('\\')) {
      current += `${line.slice(0, -1)} `;
      continue;
    }
    current += line;
    const match = /^(\S+)\s+([\s\S]*)$/.exec(current.trim());
    if (!match) throw new Error(`unreadable Dockerfile line: ${current}`);
    instructions.push({ op: match[1].toUpperCase(), args: match[2].trim() });
    current = '';
  }
  return instructions;
}

/** Stages: each starts at a FROM. */
function dockerStages(instructions: readonly Instruction[]): { from: string; alias?: string; body: Instruction[] }[] {
  const stages: { from: string; alias?: string; body: Instruction[] }[] = [];
  for (const instruction of instructions) {
    if (instruction.op === 'FROM') {
      const match = /^(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?$/i.exec(instruction.args);
      if (!match) throw new Error(`unreadable FROM: ${instruction.args}`);
      stages.push({ from: match[1], ...(match[2] ? { alias: match[2] } : {}), body: [] });
    } else if (stages.length > 0) {
      stages[stages.length - 1].body.push(instruction);
    } else if (instruction.op !== 'ARG') {
      throw new Error(`${instruction.op} before the first FROM`);
    }
  }
  return stages;
}

/** `CMD ["node", "x.js"]` or `CMD node x.js` → its words. */
function commandWords(args: string): string[] {
  const exec = args.replace(/^(?:--\S+\s+)*CMD\s+/i, '');
  if (exec.startsWith('[')) return JSON.parse(exec) as string[];
  return exec.split(/\s+/);
}

/** A downloader or installer: none may run when the container starts. */
const DOWNLOADS = /\b(npm\s+(install|i|ci|add|update)|npx|yarn|pnpm|curl|wget|apt-get|apk\s+add|pip)\b/;

describe('Dockerfile', () => {
  const stages = dockerStages(dockerInstructions(read('Dockerfile')));
  const final = stages[stages.length - 1];
  const ops = (op: string): Instruction[] => final.body.filter((instruction) => instruction.op === op);

  it('is multi-stage, the final stage starting from a base image, not from an earlier stage', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const aliases = stages.slice(0, -1).map((stage) => stage.alias);
    expect(aliases).not.toContain(final.from);
    // The toolchain stays in the build stage.
    expect(ops('RUN').map((run) => run.args).join('\n')).not.toMatch(/\b(g\+\+|make|python3|build-essential)\b/);
  });

  it('installs production dependencies only in the final stage, with npm ci', () => {
    const runs = ops('RUN').map((run) => run.args);
    expect(runs.some((run) => /\bnpm\s+ci\b/.test(run) && /--omit[= ]dev\b|--production\b/.test(run))).toBe(true);
    expect(runs.join('\n')).not.toMatch(/\bnpm\s+(install|i)\b/);
    // npm ci needs the lockfile beside package.json.
    expect(ops('COPY').some((copy) => /\bpackage-lock\.json\b/.test(copy.args) && !copy.args.includes('--from'))).toBe(true);
  });

  it('runs as a user that is not root', () => {
    const users = ops('USER');
    expect(users.length).toBeGreaterThan(0);
    const user = users[users.length - 1].args.split(':')[0].trim();
    expect(user).not.toMatch(/^(root|0)$/);
    expect(user).not.toBe('');
  });

  it('has a HEALTHCHECK that asks /healthz with node itself (no curl or wget in slim images)', () => {
    const checks = ops('HEALTHCHECK');
    expect(checks).toHaveLength(1);
    const check = checks[0].args;
    expect(check).not.toMatch(/^NONE$/i);
    expect(check).toMatch(/\bCMD\b/);
    expect(check).toContain('/healthz');
    expect(check).not.toMatch(/\b(curl|wget)\b/);
    expect(commandWords(check.slice(check.search(/\bCMD\b/)))[0]).toBe('node');
  });

  it('exposes 4000, the PORT its ENV gives, and listens on every interface', () => {
    expect(ops('EXPOSE').flatMap((expose) => expose.args.split(/\s+/))).toContain('4000');
    const env = ops('ENV').map((instruction) => instruction.args).join(' ');
    expect(env).toMatch(/\bPORT=4000\b/);
    expect(env).toMatch(/\bHOST=0\.0\.0\.0\b/);
  });

  it('starts the file `npm run build` emits, with plain node: nothing is downloaded or compiled at run time', () => {
    const starts = [...ops('CMD'), ...ops('ENTRYPOINT')];
    expect(starts.length).toBeGreaterThan(0);
    for (const start of starts) expect(start.args).not.toMatch(DOWNLOADS);
    expect(starts.map((start) => start.args).join(' ')).not.toMatch(/\bts-node\b/);
    // tsconfig.build.json (extending tsconfig.json) emits <outDir>/<path relative to rootDir>.
    const build = JSON.parse(read('tsconfig.build.json')) as { extends?: string; compilerOptions?: { outDir?: string; rootDir?: string } };
    const base = JSON.parse(read(build.extends ?? 'tsconfig.json')) as { compilerOptions?: { outDir?: string; rootDir?: string } };
    const options = { ...base.compilerOptions, ...build.compilerOptions };
    const emitted = path.posix.normalize(path.posix.join(options.outDir ?? '.', path.posix.relative(options.rootDir ?? '.', 'src/main.js')));
    expect(JSON.parse(read('package.json')).scripts.build).toMatch(/tsc -p tsconfig\.build\.json/);
    const words = commandWords(ops('CMD')[ops('CMD').length - 1].args);
    expect(words[0]).toBe('node');
    expect(words).toContain(emitted);
    // … and the final stage has it: the build output copied from an earlier stage.
    const outDir = emitted.split('/')[0];
    expect(ops('COPY').some((copy) => /--from=\S+/.test(copy.args) && new RegExp(`\\b${outDir}\\b`).test(copy.args))).toBe(true);
  });

  it('declares the data directory a volume', () => {
    expect(ops('VOLUME').length).toBeGreaterThan(0);
    const env = ops('ENV').map((instruction) => instruction.args).join(' ');
    const dataDir = /\bGATEWAY_DATA_DIR=(\S+)/.exec(env)?.[1];
    expect(dataDir).toBeDefined();
    expect(ops('VOLUME')[0].args).toContain(dataDir!);
  });

  it('.dockerignore keeps node_modules, data and .git out without hiding a file the Dockerfile copies', () => {
    const patterns = read('.dockerignore')
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'));
    for (const required of ['node_modules', 'data', '.git']) expect(patterns).toContain(required);
    const sources = stages
      .flatMap((stage) => stage.body)
      .filter((instruction) => instruction.op === 'COPY' && !instruction.args.includes('--from'))
      .flatMap((copy) => copy.args.split(/\s+/).filter((word) => !word.startsWith('--')).slice(0, -1));
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      const ignoredBy = patterns.filter((pattern) => !pattern.startsWith('!') && !pattern.includes('*')).find((pattern) => source === pattern || source.startsWith(`${pattern}/`));
      expect({ source, ignoredBy }).toEqual({ source, ignoredBy: undefined });
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------
// (b) docs/configuration.md against the parser

interface Row {
  readonly key: string;
  readonly type: string;
  readonly default: string;
  readonly env: string;
  readonly meaning: string;
}

const COLUMNS = ['key', 'type', 'default', 'env', 'meaning'];

/** Cells of a table row; `\|` is a pipe inside a cell. */
function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim().replace(/\\\|/g, '|'));
}

/** Every `<!-- config-table: id -->` and the table under it: header and rows. */
function docTables(markdown: string): Map<string, { header: string[]; rows: string[][] }> {
  const tables = new Map<string, { header: string[]; rows: string[][] }>();
  const lines = markdown.split(/\r?\n/);
  lines.forEach((line, index) => {
    const marker = /^<!--\s*config-table:\s*(.+?)\s*-->$/.exec(line.trim());
    if (!marker) return;
    let at = index + 1;
    while (at < lines.length && lines[at].trim() === '') at++;
    const table: string[] = [];
    while (at < lines.length && lines[at].trim().startsWith('|')) table.push(lines[at++]);
    if (tables.has(marker[1])) throw new Error(`two tables named ${marker[1]}`);
    tables.set(marker[1], { header: cells(table[0] ?? ''), rows: table.slice(2).map(cells) });
  });
  return tables;
}

/** The single code span a key cell holds. */
function keyName(cell: string): string {
  const match = /^`([^`]+)`$/.exec(cell);
  if (!match) throw new Error(`a key cell must be one code span: ${cell}`);
  return match[1];
}

const markdown = read('docs/configuration.md');
const tables = docTables(markdown);

function rowsOf(id: string): Row[] {
  const table = tables.get(id);
  if (!table) throw new Error(`docs/configuration.md has no table "${id}"`);
  expect(table.header).toEqual(COLUMNS);
  return table.rows.map((row) => {
    expect(row).toHaveLength(COLUMNS.length);
    const [key, type, fallback, env, meaning] = row;
    return { key: keyName(key), type, default: fallback, env, meaning };
  });
}

const T100 = { erp: 't100', baseUrl: 'http://t100.example:8080/wtopprd', enterprise: '99', site: 'DSCTC', user: 'u' };

/** The least each family's connection needs: every key not here gets its default. */
const MINIMAL_CONNECTION: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  t100: T100,
  tiptop: { erp: 'tiptop', baseUrl: 'http://tiptop.example/topprod', plant: 'DSCTC', user: 'u' },
  sunlike: { erp: 'sunlike', baseUrl: 'http://sunlike.example/ERP_API', company: 'PLUS', user: 'u', password: 'p' },
  kingdee: { erp: 'kingdee', baseUrl: 'https://kingdee.example/k3cloud', acctId: 'a1', username: 'u', appId: 'id', appSecret: 'secret' },
  jushuitan: { erp: 'jushuitan', appKey: 'k', appSecret: 'secret', accessToken: 'token' },
  aiwms: { erp: 'aiwms' },
};

const ROOT = { connections: { x: T100 } };
type Parsed = Record<string, unknown>;
const asParsed = (value: unknown): Parsed => value as Parsed;
const aiwms = (config: GatewayConfig): Parsed => asParsed(config.connections[0]);

/** How a table's section is reached: a minimal value, where it sits in a document, where its result is, its key path. */
interface Section {
  readonly minimal: Readonly<Record<string, unknown>>;
  wrap(record: Record<string, unknown>): unknown;
  read(config: GatewayConfig): Parsed;
  readonly path: string;
}

const SECTIONS: Record<string, Section> = {
  '(root)': { minimal: ROOT, wrap: (record) => record, read: asParsed, path: '' },
  'apiKeys[]': { minimal: { key: 'k' }, wrap: (record) => ({ ...ROOT, apiKeys: [record] }), read: (config) => asParsed(config.apiKeys[0]), path: 'apiKeys[0].' },
  limits: { minimal: {}, wrap: (record) => ({ ...ROOT, limits: record }), read: (config) => asParsed(config.limits), path: 'limits.' },
  rateLimit: { minimal: { requests: 10 }, wrap: (record) => ({ ...ROOT, rateLimit: record }), read: (config) => asParsed(config.rateLimit), path: 'rateLimit.' },
  jwt: { minimal: { secret: 's'.repeat(32) }, wrap: (record) => ({ ...ROOT, jwt: record }), read: (config) => asParsed(config.jwt), path: 'jwt.' },
  inventorySync: { minimal: {}, wrap: (record) => ({ ...ROOT, inventorySync: record }), read: (config) => asParsed(config.inventorySync), path: 'inventorySync.' },
  tracing: { minimal: {}, wrap: (record) => ({ ...ROOT, tracing: record }), read: (config) => asParsed(config.tracing), path: 'tracing.' },
  'inventorySync.items.*': {
    minimal: { number: '1.01.001' },
    wrap: (record) => ({ ...ROOT, inventorySync: { items: { 'SKU-1': record } } }),
    read: (config) => asParsed(config.inventorySync.items.get('SKU-1')),
    path: 'inventorySync.items.SKU-1.',
  },
  ...Object.fromEntries(
    Object.entries(MINIMAL_CONNECTION).map(([erp, minimal]): [string, Section] => [
      `connection:${erp}`,
      { minimal, wrap: (record) => ({ connections: { x: record } }), read: (config) => asParsed(config.connections[0]), path: 'connections.x.' },
    ]),
  ),
  'connection:aiwms.users[]': {
    minimal: { company: 'c', user: 'u', password: 'p' },
    wrap: (record) => ({ connections: { x: { erp: 'aiwms', users: [record] } } }),
    read: (config) => asParsed((aiwms(config).users as unknown[])[0]),
    path: 'connections.x.users[0].',
  },
  'connection:aiwms.routes': {
    minimal: {},
    wrap: (record) => ({ connections: { x: { erp: 'aiwms', routes: record } } }),
    read: (config) => asParsed(aiwms(config).routes),
    path: 'connections.x.routes.',
  },
  'connection:aiwms.route': {
    minimal: { document: 'MiscReceipt' },
    wrap: (record) => ({ connections: { x: { erp: 'aiwms', routes: { entry: { '11': record } } } } }),
    read: (config) => asParsed((aiwms(config).routes as Record<string, Map<string, unknown>>).entry.get('11')),
    path: 'connections.x.routes.entry.11.',
  },
};

const NO_ENV = {};

function configError(document: unknown, env: Record<string, string> = NO_ENV): ConfigError {
  try {
    parseConfig(document, env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(document)}`);
}

/** The keys a section allows, as the parser's unknown-key error lists them. */
function allowedKeys(section: Section): string[] {
  const unknown = 'zzNotAKey';
  const error = configError(section.wrap({ ...section.minimal, [unknown]: 1 }));
  expect(error.key).toBe(`${section.path}${unknown}`);
  const match = /unknown key \(allowed: ([^)]*)\)$/.exec(error.message);
  if (!match) throw new Error(`unexpected unknown-key message: ${error.message}`);
  return match[1].split(', ');
}

const sorted = (keys: Iterable<string>): string[] => [...new Set(keys)].sort();

/** A family that takes the transport keys every connection has (all but aiwms). */
const inherits = (erp: string): boolean => allowedKeys(SECTIONS[`connection:${erp}`]).includes('baseUrl');

const isEmpty = (value: unknown): boolean =>
  value === undefined ||
  value === null ||
  value === '' ||
  (Array.isArray(value) && value.length === 0) ||
  (value instanceof Map && value.size === 0) ||
  (typeof value === 'object' && !(value instanceof Map) && !Array.isArray(value) && Object.keys(value).length === 0);

type Verdict = 'checked' | 'free';

/** Checks one documented default against the parser; returns what it could check, or the problem. */
function checkDefault(section: Section, row: Row, problems: string[]): Verdict {
  const where = `${section.path}${row.key} (default ${row.default})`;
  const without = Object.fromEntries(Object.entries(section.minimal).filter(([key]) => key !== row.key));
  const literal = /^`([^`]+)`$/.exec(row.default);
  if (row.default === 'required') {
    try {
      parseConfig(section.wrap(without), NO_ENV);
      problems.push(`${where}: parses without it`);
    } catch (error) {
      if (!(error instanceof ConfigError) || error.key !== `${section.path}${row.key}`) problems.push(`${where}: ${(error as Error).message}`);
    }
    return 'checked';
  }
  if (!literal && row.default !== 'none') return 'free';
  if (Object.hasOwn(section.minimal, row.key)) {
    problems.push(`${where}: the test's minimal config sets this key, so its default cannot be checked`);
    return 'checked';
  }
  const value = section.read(parseConfig(section.wrap({ ...section.minimal }), NO_ENV))[row.key];
  if (row.default === 'none') {
    if (!isEmpty(value)) problems.push(`${where}: the parser gives ${JSON.stringify(value)}`);
    return 'checked';
  }
  let expected: unknown;
  try {
    expected = JSON.parse(literal![1]);
  } catch {
    problems.push(`${where}: a literal default must be JSON`);
    return 'checked';
  }
  if (JSON.stringify(value) !== JSON.stringify(expected)) problems.push(`${where}: the parser gives ${JSON.stringify(value)}`);
  return 'checked';
}

describe('docs/configuration.md', () => {
  const families = ERP_FAMILIES.map((family) => family.erp as string);

  it('has one table per section the parser reads, every table with the columns key | type | default | env | meaning', () => {
    expect(sorted(families)).toEqual(sorted(Object.keys(MINIMAL_CONNECTION)));
    expect(sorted(tables.keys())).toEqual(sorted([...Object.keys(SECTIONS), 'connection:base', 'environment']));
    for (const id of tables.keys()) {
      if (id === 'environment') continue;
      for (const row of rowsOf(id)) {
        expect(row.type).not.toBe('');
        expect(row.default).not.toBe('');
        expect(row.meaning).not.toBe('');
      }
    }
  });

  it('documents every key the parser allows at the top level and in every nested section, and no other', () => {
    for (const [id, section] of Object.entries(SECTIONS)) {
      if (/^connection:[a-z0-9]+$/.test(id)) continue; // families: next test (they share the base keys)
      expect({ id, keys: sorted(rowsOf(id).map((row) => row.key)) }).toEqual({ id, keys: sorted(allowedKeys(section)) });
    }
  });

  it('documents the keys every connection has, and each family’s own, and no other', () => {
    const base = rowsOf('connection:base').map((row) => row.key);
    expect(sorted(base)).toEqual(sorted(BASE_CONNECTION_KEYS));
    for (const erp of families) {
      const allowed = allowedKeys(SECTIONS[`connection:${erp}`]);
      if (inherits(erp)) expect(allowed).toEqual(expect.arrayContaining([...BASE_CONNECTION_KEYS]));
      const own = rowsOf(`connection:${erp}`).map((row) => row.key);
      const documented = [...own, ...(inherits(erp) ? base : [])];
      expect({ erp, keys: sorted(documented) }).toEqual({ erp, keys: sorted(allowed) });
    }
  });

  it('gives the defaults the parser produces for a minimal config', () => {
    const problems: string[] = [];
    const free: string[] = [];
    for (const [id, section] of Object.entries(SECTIONS)) {
      const erp = /^connection:([a-z0-9]+)$/.exec(id)?.[1];
      const own = rowsOf(id);
      // A family's own row (jushuitan's baseUrl) overrides the common one.
      const rows = erp && inherits(erp) ? [...own, ...rowsOf('connection:base').filter((row) => !own.some((mine) => mine.key === row.key))] : own;
      for (const row of rows) {
        const table = erp && !own.includes(row) ? 'connection:base' : id;
        if (checkDefault(section, row, problems) === 'free') free.push(`${table}.${row.key}`);
      }
    }
    expect(problems).toEqual([]);
    // The top level and the common connection keys: every default is checked, but these three derived ones, below.
    expect(sorted(free.filter((entry) => entry.startsWith('(root).') || entry.startsWith('connection:base.')))).toEqual(
      sorted(['(root).defaultConnection', '(root).limits', '(root).inventorySync', '(root).tracing', 'connection:base.maxConcurrent']),
    );
    const connectionDefaults = (record: Record<string, unknown>): Parsed => asParsed(parseConfig({ connections: { x: record, y: T100 } }, NO_ENV).connections[0]);
    expect(parseConfig({ connections: { x: T100, y: T100 } }, NO_ENV).defaultConnection).toBe('x');
    expect(connectionDefaults({ ...T100, maxSockets: 7 }).maxConcurrent).toBe(7);
    const limits = Object.fromEntries(rowsOf('limits').map((row) => [row.key, JSON.parse(/^`([^`]+)`$/.exec(row.default)![1]) as unknown]));
    expect(parseConfig(ROOT, NO_ENV).limits).toEqual(limits);
  });

  it('names the environment variable behind each key that has one, and the key in the file wins over it', () => {
    const samples: Record<string, { key: keyof GatewayConfig; value: string; parsed: unknown; inFile: unknown }> = {
      PORT: { key: 'port', value: '5005', parsed: 5005, inFile: 4100 },
      HOST: { key: 'host', value: '0.0.0.0', parsed: '0.0.0.0', inFile: '10.0.0.1' },
      GATEWAY_DATA_DIR: { key: 'dataDir', value: '/srv/gateway', parsed: '/srv/gateway', inFile: '/var/lib/gateway' },
    };
    const documented: string[] = [];
    for (const id of tables.keys()) {
      if (id === 'environment') continue;
      for (const row of rowsOf(id)) {
        if (row.env === '—') continue;
        const name = /^`([A-Z][A-Z0-9_]*)`/.exec(row.env)?.[1];
        expect({ key: `${id}.${row.key}`, env: name ?? row.env }).toEqual({ key: `${id}.${row.key}`, env: expect.stringMatching(/^[A-Z][A-Z0-9_]*$/) });
        documented.push(`${id}.${row.key}=${name}`);
        if (name === 'GATEWAY_API_KEYS') {
          // Appended to the file's keys.
          const env = { GATEWAY_API_KEYS: JSON.stringify([{ key: 'from-env', scopes: ['read'] }]) };
          expect(parseConfig({ ...ROOT, apiKeys: [{ key: 'from-file' }] }, env).apiKeys.map((apiKey) => apiKey.key)).toEqual(['from-file', 'from-env']);
          continue;
        }
        if (name === 'OTEL_EXPORTER_OTLP_ENDPOINT') {
          // The collector's base URL: the traces path is appended; tracing.otlpUrl in the file wins.
          expect(parseConfig(ROOT, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' }).tracing.otlpUrl).toBe('http://c:4318/v1/traces');
          expect(parseConfig({ ...ROOT, tracing: { otlpUrl: 'http://f:4318/v1/traces' } }, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' }).tracing.otlpUrl).toBe('http://f:4318/v1/traces');
          continue;
        }
        const sample = name ? samples[name] : undefined;
        expect({ env: name, checked: sample?.key }).toEqual({ env: name, checked: row.key });
        expect(parseConfig(ROOT, { [name!]: sample!.value })[sample!.key]).toEqual(sample!.parsed);
        expect(parseConfig({ ...ROOT, [sample!.key]: sample!.inFile }, { [name!]: sample!.value })[sample!.key]).toEqual(sample!.inFile);
      }
    }
    expect(sorted(documented)).toEqual(sorted(['(root).port=PORT', '(root).host=HOST', '(root).dataDir=GATEWAY_DATA_DIR', '(root).apiKeys=GATEWAY_API_KEYS', 'tracing.otlpUrl=OTEL_EXPORTER_OTLP_ENDPOINT']));
  });

  it('lists every environment variable the code reads (and the Dockerfile sets), and none it does not', () => {
    const table = tables.get('environment');
    expect(table?.header).toEqual(['variable', 'default', 'meaning']);
    const listed = new Set(table!.rows.flatMap((row) => [...row[0].matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((match) => match[1])));
    const inCode = new Set<string>();
    const scan = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const file = path.join(dir, name);
        if (statSync(file).isDirectory()) scan(file);
        else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) {
          for (const match of readFileSync(file, 'utf8').matchAll(/process\.env\.([A-Z][A-Z0-9_]*)/g)) inCode.add(match[1]);
        }
      }
    };
    for (const dir of ['src', 'schema', 'resolvers', 'datasources', 'sandbox']) scan(path.join(ROOT_DIR, dir));
    // parseConfig reads its env parameter, not process.env.
    for (const match of read('src/config/index.ts').matchAll(/\benv\.([A-Z][A-Z0-9_]*)/g)) inCode.add(match[1]);
    const dockerEnv = dockerStages(dockerInstructions(read('Dockerfile')))
      .flatMap((stage) => stage.body)
      .filter((instruction) => instruction.op === 'ENV')
      .flatMap((instruction) => [...instruction.args.matchAll(/\b([A-Z][A-Z0-9_]*)=/g)].map((match) => match[1]));
    expect(inCode.size).toBeGreaterThan(5);
    for (const name of [...inCode, ...dockerEnv]) expect({ name, listed: listed.has(name) }).toEqual({ name, listed: true });
    // NAME / NAME_FILE stand for any `${NAME}`; NODE_ENV is listed to say the gateway ignores it.
    for (const name of listed) {
      if (['NAME', 'NAME_FILE', 'NODE_ENV'].includes(name)) continue;
      expect({ name, readByCode: inCode.has(name) }).toEqual({ name, readByCode: true });
    }
  });

  it('says how to pass secrets, and each way works', () => {
    for (const form of ['${NAME}', 'NAME_FILE', '${file:/run/secrets/']) expect(markdown).toContain(form);
    const dir = mkdtempSync(path.join(tmpdir(), 'gw-deploy-'));
    const secret = path.join(dir, 't100_user');
    writeFileSync(secret, 'alice\n');
    const user = (value: string, env: Record<string, string>): unknown => asParsed(parseConfig({ connections: { x: { ...T100, user: value } } }, env).connections[0]).user;
    expect(user('${T100_USER}', { T100_USER: 'bob' })).toBe('bob');
    expect(user('${T100_USER}', { T100_USER_FILE: secret })).toBe('alice');
    expect(user(`\${file:${secret}}`, {})).toBe('alice');
    expect(configError({ connections: { x: { ...T100, user: '${T100_USER}' } } }).key).toBe('connections.x.user');
  });
});
