// Lint config. Its main job is STYLE.md item 3: the layers are enforced here so they cannot rot.
//
//   shared        → shared + npm packages (no Node builtins, no electron, no DOM globals)
//   src-renderer  → itself + shared + npm packages (no Node builtins, no electron)
//   src-main      → app → boot | cli → ipc → services → db | sms → core → shared, never backwards
//                   (cli: the command table, used by app/ and by the plain-Node entry cli.ts)
//   knex/pg/sqlite3 → only src-main/db and migrations
//   hq (headquarters) → hq + shared, never src-main or the desk's migrations (and the desk never
//                  imports hq); pg only in hq/db and hq/migrations
//
// Two independent nets:
//   1. boundaries/dependencies (eslint-plugin-boundaries 7) classifies every import by the layer
//      of the importing file and of the resolved target (local, external or Node core module).
//      It needs `import/resolver` with the .ts extensions, or relative .ts imports resolve to
//      nothing and are silently allowed (FACTS.md, "Import boundaries").
//   2. no-restricted-imports names the forbidden packages (every Node builtin, bare or `node:`,
//      electron, knex/pg/sqlite3), so those stay forbidden even if resolution breaks.
// test/unit/lint-boundaries.test.ts proves each rule fires.

import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const ROOT = fileURLToPath(new URL('.', import.meta.url));

// ---- layers ---------------------------------------------------------------------------------

/** Element types, each a folder (partialMatch: false = matched from the project root). */
const ELEMENTS = [
  { type: 'shared', pattern: 'shared' },
  { type: 'renderer', pattern: 'src-renderer' },
  { type: 'app', pattern: 'src-main/app' },
  { type: 'boot', pattern: 'src-main/boot' },
  { type: 'cli', pattern: 'src-main/cli' },
  { type: 'ipc', pattern: 'src-main/ipc' },
  { type: 'services', pattern: 'src-main/services' },
  { type: 'db', pattern: 'src-main/db' },
  { type: 'sms', pattern: 'src-main/sms' },
  { type: 'core', pattern: 'src-main/core' },
  { type: 'migrations', pattern: 'migrations' },
  // Headquarters: its own entry points and migrations; it shares only shared/ with the desk.
  { type: 'hq-db', pattern: 'hq/db' },
  { type: 'hq-migrations', pattern: 'hq/migrations' },
  { type: 'hq', pattern: 'hq' },
  // Any other sub-folder of src-main has no declared place in the layers yet: it may import
  // nothing local until it is added above and to MAY_IMPORT.
  { type: 'main-unlayered', pattern: 'src-main/*', capture: ['folder'] },
  // Last, so every sub-folder above wins: what is left directly in src-main/ (server.ts, cli.ts)
  // is an entry point, a composition root like boot.
  { type: 'main-entry', pattern: 'src-main' },
].map((element) => ({ ...element, partialMatch: false }));

const MAIN_LAYERS = ['main-entry', 'app', 'boot', 'cli', 'ipc', 'services', 'db', 'sms', 'core'];

/** Which layers each layer may import (its own files are always allowed). */
const MAY_IMPORT = {
  shared: ['shared'],
  renderer: ['renderer', 'shared'],
  'main-entry': [...MAIN_LAYERS, 'migrations', 'shared'],
  boot: [...MAIN_LAYERS, 'migrations', 'shared'],
  app: ['app', 'boot', 'cli', 'ipc', 'core', 'shared'],
  // The command table and its runner: tasks over the services, for both CLI hosts.
  cli: ['cli', 'services', 'db', 'core', 'shared'],
  ipc: ['ipc', 'services', 'core', 'shared'],
  services: ['services', 'db', 'sms', 'core', 'shared'],
  db: ['db', 'core', 'shared', 'migrations'],
  sms: ['sms', 'core', 'shared'],
  core: ['core', 'shared'],
  migrations: ['migrations', 'shared'],
  hq: ['hq', 'hq-db', 'hq-migrations', 'shared'],
  'hq-db': ['hq-db', 'hq-migrations', 'shared'],
  'hq-migrations': ['hq-migrations'],
};

const HQ_LAYERS = ['hq', 'hq-db', 'hq-migrations'];

/** Processes without Node: the renderer is sandboxed, shared runs in both. */
const NO_NODE = ['shared', 'renderer'];
const DB_DRIVERS = ['knex', 'pg', 'sqlite3'];
const DB_OWNERS = ['db', 'migrations'];

const boundaryPolicies = [
  // Any layer may use npm packages; the disallow policies at the end narrow this.
  { allow: { to: { module: { origin: 'external' } } } },
  // Node builtins only where Node runs.
  {
    from: { element: { type: [...MAIN_LAYERS, 'main-unlayered', 'migrations', ...HQ_LAYERS] } },
    allow: { to: { module: { origin: 'core' } } },
  },
  ...Object.entries(MAY_IMPORT).map(([from, to]) => ({
    from: { element: { type: from } },
    allow: { to: { element: { type: to } } },
  })),
  // Main may read package.json (the app version); the renderer must not bundle it.
  {
    from: { element: { type: MAIN_LAYERS } },
    allow: { to: { file: { categories: 'manifest' } } },
  },
  // Policies are last-match-wins, so these override the allows above.
  {
    from: { element: { type: HQ_LAYERS } },
    disallow: { to: { element: { types: { noneOf: [...HQ_LAYERS, 'shared'] } } } },
    message:
      'Layers: headquarters ({{from.element.type}}) shares only shared/ with the desk; it must not import ' +
      '{{to.element.type}} (DESIGN.md, Headquarters).',
  },
  {
    from: { element: { type: 'main-unlayered' } },
    disallow: { to: { module: { origin: 'local' } } },
    message:
      'Layers: src-main/{{from.element.captured.folder}} is not a declared layer; add it to ELEMENTS and MAY_IMPORT ' +
      'in eslint.config.mjs before it imports other layers (STYLE.md item 3).',
  },
  {
    from: { element: { type: NO_NODE } },
    disallow: { to: { module: { origin: 'core' } } },
    message: 'Layers: {{from.element.type}} runs without Node; it must not import the Node builtin "{{to.module.source}}".',
  },
  {
    from: { element: { type: NO_NODE } },
    disallow: { to: { module: { source: 'electron' } } },
    message: 'Layers: {{from.element.type}} must not import electron; only src-main does.',
  },
  {
    from: { element: { types: { noneOf: [...DB_OWNERS, ...HQ_LAYERS] } } },
    disallow: { to: { module: { source: DB_DRIVERS } } },
    message: 'Layers: only src-main/db and migrations may import {{to.module.source}} (found in {{from.element.type}}).',
  },
  {
    from: { element: { type: 'hq' } },
    disallow: { to: { module: { source: DB_DRIVERS } } },
    message: 'Layers: in headquarters only hq/db and hq/migrations may import {{to.module.source}}.',
  },
];

// ---- named-package net ----------------------------------------------------------------------

const NODE_BUILTINS = [...new Set(builtinModules.filter((name) => !name.startsWith('_')))];

const noDbDrivers = {
  paths: DB_DRIVERS.map((name) => ({
    name,
    message: 'Only src-main/db and migrations may import the database driver (STYLE.md item 3).',
  })),
  patterns: [
    {
      group: DB_DRIVERS.map((name) => `${name}/*`),
      message: 'Only src-main/db and migrations may import the database driver (STYLE.md item 3).',
    },
  ],
};

const noNodeNoElectron = {
  paths: [
    ...noDbDrivers.paths,
    ...NODE_BUILTINS.map((name) => ({
      name,
      message: 'shared and src-renderer run without Node: no Node builtins (STYLE.md item 3).',
    })),
    { name: 'electron', message: 'Only src-main may import electron (STYLE.md item 3).' },
  ],
  patterns: [
    ...noDbDrivers.patterns,
    {
      group: ['node:*'],
      message: 'shared and src-renderer run without Node: no Node builtins (STYLE.md item 3).',
    },
    { group: ['electron/*'], message: 'Only src-main may import electron (STYLE.md item 3).' },
  ],
};

const NODE_GLOBALS = ['process', 'Buffer', 'require', 'module', '__dirname', '__filename', 'global', 'setImmediate'];
const DOM_GLOBALS = [
  'window',
  'document',
  'navigator',
  'location',
  'localStorage',
  'sessionStorage',
  'indexedDB',
  'fetch',
  'XMLHttpRequest',
  'WebSocket',
  'alert',
];
const restrictGlobals = (names, why) => names.map((name) => ({ name, message: why }));

// ---- Persian only through the catalogues (STYLE.md item 10, issue 12 item 4) -------------------

/** Arabic-script letters and digits (Persian included), as they would appear in the source text. */
const ARABIC_SCRIPT = '[\\u0600-\\u06FF\\u0750-\\u077F\\u08A0-\\u08FF\\uFB50-\\uFDFF\\uFE70-\\uFEFF]';
const CATALOGUE_ONLY =
  'Persian text lives only in the catalogues (src-renderer/i18n/fa/, shared/i18n/): move this text there. ' +
  '(A character table may spell its code points as \\u escapes.)';
/** The source text (raw), not the value: a table of code points written as escapes is not text for people. */
const noArabicLiterals = [
  { selector: `Literal[raw=/${ARABIC_SCRIPT}/]`, message: CATALOGUE_ONLY },
  { selector: `TemplateElement[value.raw=/${ARABIC_SCRIPT}/]`, message: CATALOGUE_ONLY },
  { selector: `JSXText[raw=/${ARABIC_SCRIPT}/]`, message: CATALOGUE_ONLY },
];

// ---- config ---------------------------------------------------------------------------------

export default defineConfig([
  globalIgnores(['out/', 'node_modules/', 'dist/', 'test-results/', 'playwright-report/', 'coverage/', '.data/']),

  js.configs.recommended,
  tseslint.configs.recommended,

  // Everything outside the browser and shared code runs on Node (main, migrations, tests,
  // scripts, config files).
  { languageOptions: { globals: globals.node } },
  { files: ['src-renderer/**'], languageOptions: { globals: globals.browser } },
  { files: ['shared/**'], languageOptions: { globals: globals.es2022 } },

  {
    files: ['**/*.{ts,tsx,mts,cts,js,mjs,cjs}'],
    plugins: { boundaries },
    settings: {
      'import/resolver': { node: { extensions: ['.ts', '.tsx', '.js', '.json'] } },
      'boundaries/root-path': ROOT,
      'boundaries/elements': ELEMENTS,
      'boundaries/files': [{ category: 'manifest', pattern: 'package.json' }],
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          // Check npm packages and Node builtins too, not only local files.
          checkAllOrigins: true,
          // A local import that resolves to no layer (a typo, a path the resolver cannot follow)
          // is an error, not a silent pass.
          checkUnknownLocals: true,
          message:
            '{{#if to.element.type}}Layers: {{from.element.type}} must not import {{to.element.type}}' +
            '{{else}}Layers: {{from.element.type}} must not import "{{dependency.source}}": it is in no ' +
            'layer {{from.element.type}} may use, or it does not resolve{{/if}} (STYLE.md item 3).',
          policies: boundaryPolicies,
        },
      ],
    },
  },

  {
    files: ['shared/**', 'src-renderer/**'],
    rules: { 'no-restricted-imports': ['error', noNodeNoElectron] },
  },
  {
    files: ['src-main/**'],
    ignores: ['src-main/db/**'],
    rules: { 'no-restricted-imports': ['error', noDbDrivers] },
  },
  {
    files: ['hq/**'],
    ignores: ['hq/db/**', 'hq/migrations/**'],
    rules: { 'no-restricted-imports': ['error', noDbDrivers] },
  },
  {
    files: ['shared/**'],
    rules: {
      'no-restricted-globals': [
        'error',
        ...restrictGlobals(DOM_GLOBALS, 'shared runs in main too: no DOM (STYLE.md item 3).'),
        ...restrictGlobals(NODE_GLOBALS, 'shared runs in the renderer too: no Node (STYLE.md item 3).'),
      ],
    },
  },
  {
    files: ['src-main/**', 'src-renderer/**', 'shared/**', 'hq/**'],
    ignores: ['src-renderer/i18n/**', 'shared/i18n/**'],
    rules: { 'no-restricted-syntax': ['error', ...noArabicLiterals] },
  },
  {
    files: ['src-renderer/**'],
    rules: {
      'no-restricted-globals': [
        'error',
        ...restrictGlobals(NODE_GLOBALS, 'The renderer is sandboxed: no Node (STYLE.md item 3).'),
      ],
    },
  },
]);
