// @vitest-environment node
/**
 * The scrapers/ tree is consistent: every portal folder is registered under its own id, tested by
 * the one-line fixture test, given fixtures that name their URL, and kept pure by the scoped
 * ESLint rules; every document format folder (a CDA, a PDF lab report) likewise, in the document
 * readers' registry, with documents and their expected files as fixtures. In the spirit of refined-github's build/features.test.ts: a mistake fails here,
 * with a message that says what to do, before it fails in a browser.
 *
 * The checks are pure functions over a description of the tree (`Tree`), so each rule is broken
 * on purpose below with a fake tree, and the same checks then run over the real one.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';
import { channelsScriptSource, contentScriptSource } from '../tools/new-scraper';
import { urlComment } from '../tools/parse-html';
import { portalChannels } from './channel-registry';
import { documentReaders } from './document-registry';
import { matchesPattern, scrapers } from './registry';

interface ScraperInfo {
  id: string;
  version: string;
  matches: readonly string[];
  produces: readonly string[];
  /** Said by a portal that loads its data through in-session requests. */
  scopes?: unknown;
}
/** A file of `fixtures/`, with the URL it names: the html's comment, the expected file's `url`. */
interface Fixture {
  file: string;
  url: string | null;
}
/** A document format's reader (scrapers/documents.ts). */
interface ReaderInfo {
  id: string;
  version: string;
  format: string;
  produces: readonly string[];
}
interface Folder {
  name: string;
  /** The default export of `index.ts` when it is a portal's scraper; null otherwise. */
  scraper: ScraperInfo | null;
  /** The default export of `index.ts` when it is a document format's reader; null otherwise. */
  reader?: ReaderInfo | null;
  /** The text of `<name>.test.ts`, or null. */
  testFile: string | null;
  fixtures: Fixture[];
  /** Whether the folder has `channels.ts` (its in-session requests) and `sessions/` (saved answers). */
  channels: { module: boolean; sessions: boolean };
  /** ESLint's view of the folder: what its rules forbid there, and what they found. */
  lint: { globals: string[]; imports: string[]; violations: string[] };
}
interface Registered extends ScraperInfo {
  /** The folder whose `index.ts` exports it, or null. */
  folder: string | null;
}
interface Tree {
  folders: Folder[];
  registry: Registered[];
  /** scrapers/document-registry.ts, each reader with the folder that exports it. */
  documents: (ReaderInfo & { folder: string | null })[];
  /** `entrypoints/<id>.content.ts` files: the portal id each is named after, and its text. */
  contentScripts: { id: string; text: string }[];
  /** The ids of scrapers/channel-registry.ts. */
  channels: string[];
}

/** A channel portal's second entry point is `<id>-channels.content.ts`. */
const CHANNELS_SUFFIX = '-channels';

const ONE_LINE_TEST = 'runFixtures(import.meta.url)';
const ONE_LINE_DOCUMENT_TEST = 'runDocumentFixtures(import.meta.url)';
const DOCUMENT = /\.(xml|pdf)$/;
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;
/** `.invalid` is reserved (RFC 2606): `npm run new-scraper` uses it as the placeholder host. */
const PLACEHOLDER_HOST = /\.invalid(:\d+)?$/i;
const REQUIRED_GLOBALS = [
  'document',
  'window',
  'location',
  'browser',
  'chrome',
  'fetch',
  'indexedDB',
  'globalThis',
];
const REQUIRED_IMPORTS = ['dexie', 'webextension-polyfill', 'wxt/*', '#imports'];

/** Why a match pattern is not one portal's pages, or null when it is. */
function patternMistake(pattern: string): string | null {
  if (pattern === '<all_urls>') return 'matches every site';
  const parts = /^([^:/]+):\/\/([^/]*)(.*)$/.exec(pattern);
  if (!parts) return 'is not <scheme>://<host>/<path>';
  const [, scheme = '', host = '', path = ''] = parts;
  if (scheme !== 'https') return `scheme « ${scheme} »: portals are served over https only`;
  if (host.includes('*')) return 'a host wildcard reaches beyond the portal’s own host';
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?$/i.test(host)) return `host « ${host} » is not a host name`;
  if (PLACEHOLDER_HOST.test(host))
    return 'placeholder host left by npm run new-scraper: write the portal’s own host';
  if (!path.startsWith('/')) return 'the path must start with /';
  try {
    matchesPattern(pattern, new URL('https://example.org/'));
  } catch {
    return 'the registry cannot read it';
  }
  return null;
}

const byFolder = (tree: Tree, each: (folder: Folder) => string[]): string[] =>
  tree.folders.flatMap((folder) => each(folder).map((message) => `${folder.name}: ${message}`));
/** The same, for portal folders only (a document format has no pages nor URLs). */
const byPortal = (tree: Tree, each: (folder: Folder) => string[]): string[] =>
  byFolder({ ...tree, folders: tree.folders.filter((folder) => !folder.reader) }, each);
const byReader = (tree: Tree, each: (folder: Folder) => string[]): string[] =>
  byFolder({ ...tree, folders: tree.folders.filter((folder) => folder.reader) }, each);

/** What each check asks, as the test names say it. */
const TITLES = {
  registered: 'every scraper folder is registered',
  named: 'every registered scraper lives in the folder named after its id',
  unique: 'no two scrapers share an id',
  tested: 'every folder has its index.ts and its one-line fixture test',
  fixtures: 'every folder has a fixture readable offline',
  paired: 'every fixture page has its expected file and the reverse',
  patterns: 'match patterns name one https host',
  versions: 'versions are semver and every scraper produces a kind',
  urls: "every fixture names its URL, and the URL is one of the scraper's pages",
  lint: 'the scoped ESLint rules keep every scraper pure',
  entrypoints: 'every registered portal has its own content script, and only they have one',
  channels:
    'a portal that says it has in-session requests has them registered, their script and saved sessions, and only it does',
} as const;
type CheckId = keyof typeof TITLES;
const CHECK_IDS = Object.keys(TITLES) as CheckId[];

const CHECKS: Record<CheckId, (tree: Tree) => string[]> = {
  registered: (tree) => [
    ...byFolder(tree, (folder) =>
      folder.scraper && !tree.registry.some((entry) => entry.folder === folder.name)
        ? ['not registered: add its import and array entry to scrapers/registry.ts']
        : [],
    ),
    ...byFolder(tree, (folder) =>
      folder.reader && !tree.documents.some((entry) => entry.folder === folder.name)
        ? ['not registered: add its import and array entry to scrapers/document-registry.ts']
        : [],
    ),
  ],
  named: (tree) =>
    [...tree.registry, ...tree.documents].flatMap((entry) => {
      if (entry.folder === null)
        return [`${entry.id}: registered, but exported by no scrapers/<id>/index.ts`];
      if (entry.id !== entry.folder) return [`${entry.folder}: its id is « ${entry.id} »: rename one`];
      return [];
    }),
  unique: (tree) => {
    const ids = [...tree.registry, ...tree.documents].map((entry) => entry.id);
    return [...new Set(ids.filter((id, index) => ids.indexOf(id) !== index))].map(
      (id) => `${id}: registered more than once`,
    );
  },
  tested: (tree) =>
    byFolder(tree, (folder) => {
      const line = folder.reader ? ONE_LINE_DOCUMENT_TEST : ONE_LINE_TEST;
      return [
        ...(folder.scraper || folder.reader
          ? []
          : ['no index.ts exporting defineScraper(…) or defineDocumentReader(…) by default']),
        ...(folder.testFile?.includes(line) ? [] : [`${folder.name}.test.ts must be the one line ${line}`]),
      ];
    }),
  fixtures: (tree) => [
    ...byPortal(tree, (folder) =>
      folder.fixtures.some((f) => f.file.endsWith('.html') && !f.file.endsWith('.spa.html'))
        ? []
        : ['no fixtures/<case>.html (a page saved from the portal) besides SPA pages'],
    ),
    ...byReader(tree, (folder) =>
      folder.fixtures.some((f) => DOCUMENT.test(f.file))
        ? []
        : ['no fixtures/<case>.xml or <case>.pdf (a document written for the project)'],
    ),
  ],
  paired: (tree) => [
    ...byReader(tree, (folder) => {
      const files = new Set(folder.fixtures.map((f) => f.file));
      return [...files].flatMap((file) => {
        if (DOCUMENT.test(file))
          return files.has(file.replace(DOCUMENT, '.expected.json')) ? [] : [`${file} has no .expected.json`];
        if (file.endsWith('.expected.json'))
          return ['.xml', '.pdf'].some((ext) => files.has(file.replace(/\.expected\.json$/, ext)))
            ? []
            : [`${file} has no document`];
        return [`fixtures/${file} is neither a document nor an expected file`];
      });
    }),
    ...byPortal(tree, (folder) => {
      const files = new Set(folder.fixtures.map((f) => f.file));
      return [...files].flatMap((file) => {
        if (file.endsWith('.html'))
          return files.has(file.replace(/\.html$/, '.expected.json'))
            ? []
            : [`${file} has no .expected.json`];
        if (file.endsWith('.expected.json'))
          return files.has(file.replace(/\.expected\.json$/, '.html')) ? [] : [`${file} has no .html page`];
        return [`fixtures/${file} is neither a page nor an expected file`];
      });
    }),
  ],
  patterns: (tree) =>
    tree.registry.flatMap((entry) =>
      [...(entry.matches.length === 0 ? ['(none)'] : entry.matches)].flatMap((pattern) => {
        const mistake = pattern === '(none)' ? 'no match pattern' : patternMistake(pattern);
        return mistake ? [`${entry.id}: ${pattern}: ${mistake}`] : [];
      }),
    ),
  versions: (tree) =>
    [...tree.registry, ...tree.documents].flatMap((entry) => [
      ...(SEMVER.test(entry.version) ? [] : [`${entry.id}: version « ${entry.version} » is not semver`]),
      ...(entry.produces.length > 0 ? [] : [`${entry.id}: produces no record kind`]),
    ]),
  urls: (tree) =>
    byPortal(tree, (folder) =>
      folder.fixtures.flatMap(({ file, url }) => {
        if (!file.endsWith('.html')) {
          const page = folder.fixtures.find((f) => f.file === file.replace(/\.expected\.json$/, '.html'));
          return page && page.url !== url ? [`${file}: its url differs from the page's <!-- url: … -->`] : [];
        }
        if (url === null) return [`${file}: no first line <!-- url: … --> naming the page's address`];
        if (!URL.canParse(url)) return [`${file}: « ${url} » is not a URL`];
        const patterns = folder.scraper?.matches ?? [];
        const matched = patterns.some((pattern) => {
          try {
            return matchesPattern(pattern, new URL(url));
          } catch {
            return false;
          }
        });
        return matched ? [] : [`${file}: ${url} is not matched by ${patterns.join(', ') || 'any pattern'}`];
      }),
    ),
  entrypoints: (tree) => entrypointMistakes(tree),
  channels: (tree) => channelMistakes(tree),
  lint: (tree) =>
    byFolder(tree, (folder) => [
      ...REQUIRED_GLOBALS.filter((name) => !folder.lint.globals.includes(name)).map(
        (name) => `eslint.config.js does not forbid the global « ${name} » in this folder`,
      ),
      ...REQUIRED_IMPORTS.filter((name) => !folder.lint.imports.includes(name)).map(
        (name) => `eslint.config.js does not forbid importing « ${name} » in this folder`,
      ),
      ...folder.lint.violations,
    ]),
};

/** The `channels` check: a portal's in-session requests, from its scraper to its page script. */
function channelMistakes(tree: Tree): string[] {
  const scripts = new Map(tree.contentScripts.map((script) => [script.id, script.text]));
  const said = tree.registry.filter((entry) => entry.scopes !== undefined).map((entry) => entry.id);
  return [
    ...said.flatMap((id) => {
      const folder = tree.folders.find((f) => f.name === id);
      const script = scripts.get(`${id}${CHANNELS_SUFFIX}`);
      return [
        ...(folder?.channels.module
          ? []
          : [`${id}: says it has in-session requests (scopes), but has no channels.ts`]),
        ...(tree.channels.includes(id)
          ? []
          : [`${id}: its channels are not in scrapers/channel-registry.ts`]),
        ...(folder?.channels.sessions
          ? []
          : [`${id}: no sessions/<case>/ of saved answers to test its requests on`]),
        ...(script === undefined
          ? [`${id}: no entrypoints/${id}${CHANNELS_SUFFIX}.content.ts: its requests could not be loaded`]
          : script === channelsScriptSource(id)
            ? []
            : [
                `${id}: entrypoints/${id}${CHANNELS_SUFFIX}.content.ts differs from channelsScriptSource (tools/new-scraper.ts)`,
              ]),
      ];
    }),
    ...tree.channels
      .filter((id) => !said.includes(id))
      .map(
        (id) =>
          `${id}: registered channels, but its scraper declares no scopes: its pages would never use them`,
      ),
  ];
}

/** The `entrypoints` check: it reads the entry points, not the folders. */
function entrypointMistakes(tree: Tree): string[] {
  const scripts = new Map(
    tree.contentScripts
      .filter(
        (script) =>
          !script.id.endsWith(CHANNELS_SUFFIX) ||
          !tree.channels.includes(script.id.slice(0, -CHANNELS_SUFFIX.length)),
      )
      .map((script) => [script.id, script.text]),
  );
  const registered = tree.registry.map((entry) => entry.id);
  return [
    ...registered.flatMap((id) => {
      const text = scripts.get(id);
      if (text === undefined)
        return [
          `${id}: no entrypoints/${id}.content.ts: its pages would get no button (npm run new-scraper writes it)`,
        ];
      return text === contentScriptSource(id)
        ? []
        : [
            `${id}: entrypoints/${id}.content.ts differs from what npm run new-scraper writes: copy it from there`,
          ];
    }),
    ...[...scripts.keys()]
      .filter((id) => !registered.includes(id))
      .map(
        (id) => `entrypoints/${id}.content.ts: no registered scraper « ${id} »: remove it or register one`,
      ),
  ];
}

// --- Each mistake, made on purpose -------------------------------------------------------------

function fakeTree(): Tree {
  const folder = (name: string): Folder => ({
    name,
    scraper: { id: name, version: '1.0.0', matches: [`https://www.${name}.fr/*`], produces: ['document'] },
    testFile: `import { runFixtures } from '../fixtures';\n\n${ONE_LINE_TEST};\n`,
    fixtures: [
      { file: 'liste.expected.json', url: `https://www.${name}.fr/liste` },
      { file: 'liste.html', url: `https://www.${name}.fr/liste` },
    ],
    channels: { module: false, sessions: false },
    lint: { globals: [...REQUIRED_GLOBALS, 'navigator'], imports: [...REQUIRED_IMPORTS], violations: [] },
  });
  const folders = [folder('alpha'), folder('beta')];
  // beta loads its data through in-session requests.
  folders[1]!.scraper!.scopes = () => ['page'];
  folders[1]!.channels = { module: true, sessions: true };
  // gamma reads a document format.
  const reader: ReaderInfo = { id: 'gamma', version: '1.0.0', format: 'xml', produces: ['lab-result'] };
  folders.push({
    ...folder('gamma'),
    scraper: null,
    reader,
    testFile: `import { runDocumentFixtures } from '../document-fixtures';\n\n${ONE_LINE_DOCUMENT_TEST};\n`,
    fixtures: [
      { file: 'compte-rendu.expected.json', url: null },
      { file: 'compte-rendu.xml', url: null },
    ],
  });
  return {
    folders,
    registry: folders.filter((f) => f.scraper).map((f) => ({ ...f.scraper!, folder: f.name })),
    documents: [{ ...reader, folder: 'gamma' }],
    contentScripts: [
      ...folders.filter((f) => f.scraper).map((f) => ({ id: f.name, text: contentScriptSource(f.name) })),
      { id: 'beta-channels', text: channelsScriptSource('beta') },
    ],
    channels: ['beta'],
  };
}

/** What `check` says about a sound tree after `make` breaks it. */
function broken(check: CheckId, make: (tree: Tree, beta: Folder) => void): string {
  const tree = fakeTree();
  make(tree, tree.folders[1]!);
  return CHECKS[check](tree).join('\n');
}

/** Changes beta's scraper, in its folder and in the registry alike. */
const patchBeta =
  (patch: Partial<ScraperInfo>) =>
  (tree: Tree, beta: Folder): void => {
    beta.scraper = { ...beta.scraper!, ...patch };
    tree.registry[1] = { ...tree.registry[1]!, ...patch };
  };
const setUrls = (url: string | null) => (_tree: Tree, beta: Folder) =>
  void (beta.fixtures = beta.fixtures.map((f) => ({ ...f, url })));

describe('consistency checks', () => {
  it.each(CHECK_IDS)('a sound tree passes « %s »', (check) => {
    expect(CHECKS[check](fakeTree())).toEqual([]);
  });

  it.each<[string, CheckId, RegExp, (tree: Tree, beta: Folder) => void]>([
    ['a folder left out of the registry', 'registered', /beta: not registered/, (t) => void t.registry.pop()],
    ['an id that differs from its folder', 'named', /beta: its id is « gamma »/, patchBeta({ id: 'gamma' })],
    [
      'a registered scraper without folder',
      'named',
      /beta: registered, but/,
      (t) => void (t.registry[1]!.folder = null),
    ],
    [
      'a scraper registered twice',
      'unique',
      /alpha: registered more than once/,
      (t) => void t.registry.push(t.registry[0]!),
    ],
    ['a folder without index.ts', 'tested', /beta: no index.ts/, (_, b) => void (b.scraper = null)],
    ['a folder without its test', 'tested', /beta: beta.test.ts must be/, (_, b) => void (b.testFile = null)],
    [
      'a test that is not the one line',
      'tested',
      /must be the one line/,
      (_, b) => void (b.testFile = 'it()'),
    ],
    ['a folder without fixtures', 'fixtures', /beta: no fixtures/, (_, b) => void (b.fixtures = [])],
    [
      'only SPA fixtures',
      'fixtures',
      /beta: no fixtures/,
      (_, b) => void (b.fixtures[1]!.file = 'liste.spa.html'),
    ],
    [
      'a page without expected file',
      'paired',
      /liste.html has no .expected.json/,
      (_, b) => void b.fixtures.shift(),
    ],
    [
      'an expected file without page',
      'paired',
      /liste.expected.json has no .html/,
      (_, b) => void b.fixtures.pop(),
    ],
    [
      'a stray file in fixtures/',
      'paired',
      /notes.txt is neither/,
      (_, b) => void b.fixtures.push({ file: 'notes.txt', url: null }),
    ],
    ['a pattern-less scraper', 'patterns', /beta: \(none\): no match pattern/, patchBeta({ matches: [] })],
    ['a version that is not semver', 'versions', /version « 1.0 »/, patchBeta({ version: '1.0' })],
    ['a prefixed version', 'versions', /version « v1.0.0 »/, patchBeta({ version: 'v1.0.0' })],
    ['a scraper that produces nothing', 'versions', /produces no record kind/, patchBeta({ produces: [] })],
    ['a page without its url comment', 'urls', /liste.html: no first line <!-- url/, setUrls(null)],
    ['a page that is no URL', 'urls', /« liste » is not a URL/, setUrls('liste')],
    [
      "a page at another portal's URL",
      'urls',
      /https:\/\/www.alpha.fr\/liste is not matched/,
      setUrls('https://www.alpha.fr/liste'),
    ],
    [
      'an expected file with another URL',
      'urls',
      /liste.expected.json: its url differs/,
      (_, b) => void (b.fixtures[0]!.url = 'https://www.beta.fr/x'),
    ],
    [
      'lint rules that let `document` through',
      'lint',
      /does not forbid the global « document »/,
      (_, b) => void (b.lint.globals = ['window']),
    ],
    [
      'lint rules that let Dexie in',
      'lint',
      /does not forbid importing « dexie »/,
      (_, b) => void (b.lint.imports = []),
    ],
    [
      'a scraper that reads `window`',
      'lint',
      /beta: index.ts:3 Unexpected use of 'window'/,
      (_, b) => void b.lint.violations.push("index.ts:3 Unexpected use of 'window'."),
    ],
    [
      'a portal without its content script',
      'entrypoints',
      /beta: no entrypoints\/beta.content.ts/,
      (t) => void (t.contentScripts = t.contentScripts.filter((script) => script.id !== 'beta')),
    ],
    [
      'a content script that loads every scraper',
      'entrypoints',
      /beta: entrypoints\/beta.content.ts differs/,
      (t) => void (t.contentScripts[1]!.text = "import { scrapers } from '../scrapers/registry';\n"),
    ],
    [
      'a content script left behind by a removed portal',
      'entrypoints',
      /entrypoints\/gamma.content.ts: no registered scraper/,
      (t) => void t.contentScripts.push({ id: 'gamma', text: contentScriptSource('gamma') }),
    ],
    [
      'a channel portal without its channels.ts',
      'channels',
      /beta: says it has in-session requests \(scopes\), but has no channels.ts/,
      (_, b) => void (b.channels.module = false),
    ],
    [
      'channels left out of the channel registry',
      'channels',
      /beta: its channels are not in scrapers\/channel-registry.ts/,
      (t) => void t.channels.pop(),
    ],
    [
      'channels without saved sessions',
      'channels',
      /beta: no sessions\/<case>\//,
      (_, b) => void (b.channels.sessions = false),
    ],
    [
      'channels without their page script',
      'channels',
      /beta: no entrypoints\/beta-channels.content.ts/,
      (t) => void t.contentScripts.pop(),
    ],
    [
      'a document folder left out of its registry',
      'registered',
      /gamma: not registered: add its import and array entry to scrapers\/document-registry.ts/,
      (t) => void t.documents.pop(),
    ],
    [
      'a document folder whose test is the portals’ line',
      'tested',
      /gamma: gamma.test.ts must be the one line runDocumentFixtures/,
      (t) => void (t.folders[2]!.testFile = ONE_LINE_TEST),
    ],
    [
      'a document folder without documents',
      'fixtures',
      /gamma: no fixtures\/<case>.xml/,
      (t) => void (t.folders[2]!.fixtures = []),
    ],
    [
      'a document without expected file',
      'paired',
      /gamma: compte-rendu.xml has no .expected.json/,
      (t) => void t.folders[2]!.fixtures.shift(),
    ],
    [
      'a reader whose version is not semver',
      'versions',
      /gamma: version « 1 »/,
      (t) => void (t.documents[0]!.version = '1'),
    ],
    [
      'a channels script that loads more',
      'channels',
      /beta-channels.content.ts differs/,
      (t) => void (t.contentScripts.at(-1)!.text += "import '../scrapers/alpha/channels';\n"),
    ],
    [
      'channels whose scraper never uses them',
      'channels',
      /alpha: registered channels, but its scraper declares no scopes/,
      (t) => void t.channels.push('alpha'),
    ],
  ])('%s fails « %s »', (_mistake, check, says, make) => {
    expect(broken(check, make)).toMatch(says);
  });

  it.each([
    ['<all_urls>', /matches every site/],
    ['*://www.beta.fr/*', /scheme « \* »/],
    ['http://www.beta.fr/*', /scheme « http »/],
    ['https://*.beta.fr/*', /host wildcard/],
    ['https://*/*', /host wildcard/],
    ['https://www.beta.fr', /path must start with \//],
    ['www.beta.fr/*', /is not <scheme>/],
    ['https://beta/*', /is not a host name/],
    ['https://beta.a-remplacer.invalid/*', /placeholder host/],
  ])('the pattern %s fails « patterns »', (pattern, says) => {
    expect(broken('patterns', patchBeta({ matches: [pattern] }))).toMatch(says);
  });
});

// --- The real tree -----------------------------------------------------------------------------

const SCRAPERS = import.meta.dirname;
const PROJECT = join(SCRAPERS, '..');
const PURITY_RULES = new Set(['no-restricted-globals', 'no-restricted-imports']);

function restrictedNames(rule: unknown): { globals: string[]; imports: string[] } {
  const options = Array.isArray(rule) ? (rule.slice(1) as unknown[]) : [];
  const globals = options.map((o) => (typeof o === 'string' ? o : ((o as { name?: string }).name ?? '')));
  const imports = options.flatMap((o) => {
    const { paths = [], patterns = [] } = o as {
      paths?: { name: string }[];
      patterns?: { group?: string[] }[];
    };
    return [...paths.map((p) => p.name), ...patterns.flatMap((p) => p.group ?? [])];
  });
  return { globals, imports };
}

async function realTree(): Promise<Tree> {
  const eslint = new ESLint({ cwd: PROJECT });
  const names = readdirSync(SCRAPERS, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .filter((name) =>
      ['index.ts', 'fixtures', `${name}.test.ts`].some((f) => existsSync(join(SCRAPERS, name, f))),
    );
  const exported = new Map<unknown, string>();
  const folders = await Promise.all(
    names.map(async (name): Promise<Folder> => {
      const dir = join(SCRAPERS, name);
      const read = (file: string): string | null =>
        existsSync(join(dir, file)) ? readFileSync(join(dir, file), 'utf8') : null;
      let scraper: ScraperInfo | null = null;
      let reader: ReaderInfo | null = null;
      if (existsSync(join(dir, 'index.ts'))) {
        const module = (await import(`./${name}/index.ts`)) as { default?: ScraperInfo | ReaderInfo };
        const found = module.default ?? null;
        if (found && 'format' in found) reader = found;
        else scraper = found;
        if (found) exported.set(found, name);
      }
      const fixtureDir = join(dir, 'fixtures');
      const fixtures = (existsSync(fixtureDir) ? readdirSync(fixtureDir) : []).sort().map((file) => {
        const text = readFileSync(join(fixtureDir, file), 'utf8');
        if (file.endsWith('.html')) return { file, url: urlComment(text) };
        if (!file.endsWith('.json') || reader) return { file, url: null };
        return { file, url: (JSON.parse(text) as { url?: string }).url ?? null };
      });
      const config = (await eslint.calculateConfigForFile(join(dir, 'index.ts'))) as {
        rules?: Record<string, unknown>;
      };
      const results = await eslint.lintFiles([`scrapers/${name}/**/*.ts`]);
      const violations = results.flatMap((result) =>
        result.messages
          .filter((m) => m.ruleId !== null && PURITY_RULES.has(m.ruleId))
          .map((m) => `${relative(dir, result.filePath)}:${m.line} ${m.message}`),
      );
      return {
        name,
        scraper,
        reader,
        testFile: read(`${name}.test.ts`),
        fixtures,
        channels: {
          module: existsSync(join(dir, 'channels.ts')),
          sessions: existsSync(join(dir, 'sessions')),
        },
        lint: {
          globals: restrictedNames(config.rules?.['no-restricted-globals']).globals,
          imports: restrictedNames(config.rules?.['no-restricted-imports']).imports,
          violations,
        },
      };
    }),
  );
  const registry = scrapers.map((scraper) => ({ ...scraper, folder: exported.get(scraper) ?? null }));
  const entrypoints = join(PROJECT, 'entrypoints');
  const contentScripts = readdirSync(entrypoints)
    .filter((file) => file.endsWith('.content.ts'))
    .map((file) => ({
      id: file.slice(0, -'.content.ts'.length),
      text: readFileSync(join(entrypoints, file), 'utf8'),
    }));
  return {
    folders,
    registry,
    documents: documentReaders.map((reader) => ({ ...reader, folder: exported.get(reader) ?? null })),
    contentScripts,
    channels: portalChannels.map((channels) => channels.id),
  };
}

describe('the scrapers/ tree', () => {
  let tree: Tree;
  beforeAll(async () => {
    tree = await realTree();
  }, 60_000);

  it('has portal folders to check', () => {
    expect(tree.folders.length).toBeGreaterThanOrEqual(6);
  });

  it('has ESLint flag a scraper that reaches for the page, the browser or the database', async () => {
    const source = [
      "import Dexie from 'dexie';",
      "import { browser } from '#imports';",
      'export const leak = [document.title, globalThis.location, fetch, Dexie, browser];',
    ].join('\n');
    const eslint = new ESLint({ cwd: PROJECT });
    const [result] = await eslint.lintText(source, { filePath: join(SCRAPERS, 'nouveau', 'index.ts') });
    const found = result?.messages.filter((m) => m.ruleId !== null && PURITY_RULES.has(m.ruleId));
    expect(found?.map((m) => `${m.line}:${m.column}`)).toEqual(['1:1', '2:1', '3:22', '3:38', '3:59']);
  });

  it.each(CHECK_IDS.map((id) => [TITLES[id], id] as const))('%s', (_title, id) => {
    expect(CHECKS[id](tree)).toEqual([]);
  });
});
