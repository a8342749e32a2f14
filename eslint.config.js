// Lint: TypeScript rules and the layering of the tree, in one place.
// `npm run lint` runs it; `npm test` runs it first.
import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';
import globals from 'globals';
import prettier from 'eslint-config-prettier';

/**
 * Every folder of the tree as an element, and what each may import.
 * Layers (VS Code style): shared is pure; the back end (electron/core) never imports Electron or
 * the UI; the UI never imports Node or the back end; only the Electron glue touches Electron.
 * Inside the back end, each capability folder lists the folders it may use: a folder that is not
 * listed there is a reach upward or sideways that needs a reason.
 */
const CORE_DEPENDENCIES = {
  db: [],
  contract: [],
  security: [],
  files: ['contract'],
  // PDF helpers every PDF writer shares (font subsets).
  pdf: [],
  events: [],
  audit: ['contract', 'db'],
  accounts: ['audit', 'contract', 'db', 'trust'],
  trust: ['accounts', 'audit', 'contract', 'db', 'events', 'privacy'],
  // Each feature's personal-data source reads through that feature's store.
  privacy: ['audit', 'contract', 'db', 'devices', 'dossier', 'files', 'queue'],
  devices: ['db', 'events', 'files', 'resources'],
  hall: ['contract', 'db', 'events'],
  queue: ['contract', 'db', 'devices', 'events', 'hall'],
  catalog: ['contract', 'db', 'devices', 'events'],
  calendar: ['contract', 'db', 'devices'],
  dossier: ['audit', 'calendar', 'catalog', 'contract', 'pdf', 'db', 'devices', 'events', 'files', 'resources'],
  digitize: ['contract', 'pdf', 'db', 'devices', 'events', 'files', 'resources', 'signing'],
  signing: ['contract', 'pdf', 'devices', 'digitize', 'events', 'files', 'resources'],
  sync: ['contract', 'db', 'devices', 'dossier', 'events', 'files', 'resources'],
  // Hall replication: dossiers of a workstation to its hub, through the sync engine's machinery.
  replication: ['contract', 'db', 'dossier', 'files', 'sync'],
  system: ['contract', 'db', 'devices'],
  // The hub is a transport: it serves the whole core (app.ts) over HTTP.
  hub: ['contract', 'security', 'system', 'trust', 'app'],
  // Hub and workstations of one hall: TLS, pairing, the workstation's link to the hub. Like the hub it
  // serves the whole core, and it reuses the hub's routes on its HTTPS listener.
  'hall-link': ['accounts', 'app', 'contract', 'db', 'devices', 'files', 'hall', 'hub', 'trust'],
  // The CLI is the composition root of the command line: it opens the core and every module's commands.
  cli: ['app', 'audit', 'db', 'devices', 'hall-link', 'sync', 'trust'],
};

// Files at the root of electron/core: the composition root and what every module may read.
const CORE_ROOT_FILES = { workers: 'workers.ts', app: 'app.ts', config: 'config.ts', events: 'events.ts', resources: 'resources.ts' };

const elements = [
  { type: 'shared', pattern: 'shared', partialMatch: false },
  { type: 'renderer', pattern: 'renderer', partialMatch: false },
  ...Object.keys(CORE_DEPENDENCIES).map((folder) => ({ type: `core-${folder}`, pattern: `electron/core/${folder}`, partialMatch: false })),
  // The files at the root of electron/core; told apart by file category below.
  { type: 'core-root', pattern: 'electron/core', partialMatch: false },
  { type: 'electron-glue', pattern: 'electron', partialMatch: false },
  { type: 'tooling', pattern: '{tools,tests,bench}', partialMatch: false },
];

const coreType = (name) => `core-${name}`;
const everyCoreModule = [...Object.keys(CORE_DEPENDENCIES).map(coreType), 'core-root'];
/** What every back-end module may read at the root: its config, the event bus and resource paths. */
const coreCommons = { element: { type: 'core-root' }, file: { categories: '{config,events,resources,workers}' } };
const fileCategories = [
  ...Object.entries(CORE_ROOT_FILES).map(([category, file]) => ({ category, pattern: `electron/core/${file}` })),
  { category: 'cli-entry', pattern: 'electron/core/*/*-cli.ts' },
  { category: 'cli-entry', pattern: 'electron/core/hub/serve.ts' },
];

/** Packages and built-ins each layer may not import (relative imports are the boundaries rule's). */
const NODE_BUILTIN = `^(node:.*|${builtinModules.filter((name) => !name.startsWith('_')).join('|')})(/.*)?$`;
const restrictedImports = (...patterns) => ['error', { patterns }];
const noElectronInCore = { regex: '^electron(/|$)', message: 'electron/core is plain Node: it never imports electron.' };
/** Packages that talk to hardware (serial, USB HID, PKCS#11 tokens): only a driver in devices/ imports them. */
const DEVICE_PACKAGES = '^(serialport|node-hid|usb|graphene-pk11|pkcs11js|node-webcrypto-p11)(/|$)';

const layerPolicies = [
  // A test beside the code it tests may use fixtures and anything else a test needs.
  { from: { file: { categories: 'test' } }, allow: { to: { element: { type: '*' } } } },
  { from: { element: { type: 'shared' } }, allow: { to: { element: { type: 'shared' } } } },
  { from: { element: { type: 'renderer' } }, allow: { to: { element: { types: { anyOf: ['renderer', 'shared'] } } } } },
  // The Electron glue wires the core to Electron's API.
  {
    from: { element: { type: 'electron-glue' } },
    allow: { to: { element: { types: { anyOf: ['electron-glue', 'shared', ...everyCoreModule] } } } },
  },
  // Tests, benches and tools may use everything.
  {
    from: { element: { type: 'tooling' } },
    allow: { to: { element: { types: { anyOf: ['tooling', 'shared', 'renderer', 'electron-glue', ...everyCoreModule] } } } },
  },
  // The back end is plain Node: any package but Electron.
  { from: { element: { types: { anyOf: everyCoreModule } } }, allow: { to: { element: { type: 'shared' } } } },
  // The composition root wires every module; the other root files use only each other.
  { from: { file: { categories: 'app' } }, allow: { to: { element: { types: { anyOf: everyCoreModule } } } } },
  // A module's command-line entry (`<module>/<name>-cli.ts`) and `npm run serve` (hub/serve.ts) are
  // small composition roots of their own: they open the whole core and start what it needs.
  { from: { file: { categories: 'cli-entry' } }, allow: { to: { element: { types: { anyOf: everyCoreModule } } } } },
  { from: { element: { type: 'core-root' } }, allow: { to: coreCommons } },
  // config.ts is the schema of every module's settings, so it names their config types.
  { from: { file: { categories: 'config' } }, allow: { to: { element: { types: { anyOf: everyCoreModule } } } } },
  {
    from: { element: { type: 'core-cli' } },
    allow: { to: { element: { types: { anyOf: everyCoreModule } }, file: { categories: 'cli-entry' } } },
  },
  ...Object.entries(CORE_DEPENDENCIES).map(([folder, allowed]) => ({
    from: { element: { type: coreType(folder) } },
    allow: {
      to: [
        { element: { types: { anyOf: [coreType(folder), ...allowed.filter((name) => name !== 'app').map(coreType)] } } },
        coreCommons,
        ...(allowed.includes('app') ? [{ element: { type: 'core-root' }, file: { categories: 'app' } }] : []),
      ],
    },
  })),
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'dist-electron/',
      'dist-hub/',
      'docs/',
      'release/',
      'data/',
      'test-results/',
      'playwright-report/',
      'bench/results/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,mts,cts}'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': elements,
      'boundaries/files': [{ category: 'test', pattern: '**/*.test.{ts,tsx}' }, ...fileCategories],
      'boundaries/include': ['electron/**', 'shared/**', 'renderer/**', 'tools/**', 'tests/**', 'bench/**'],
      'import/resolver': { node: { extensions: ['.ts', '.tsx', '.mts', '.js', '.mjs', '.cjs', '.json'] } },
    },
    rules: {
      'boundaries/dependencies': ['error', { default: 'disallow', policies: layerPolicies }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    rules: {
      'no-restricted-imports': restrictedImports({
        regex: '^(?!\\.|zod(/|$))',
        message: 'shared/ is pure TypeScript: it may import only zod and shared/ itself.',
      }),
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/**/*.test.{ts,tsx}'],
    rules: {
      'no-restricted-imports': restrictedImports(
        { regex: NODE_BUILTIN, message: 'renderer/ runs in the browser: no Node built-ins.' },
        { regex: '^electron(/|$)', message: 'renderer/ talks to the back end only through the bridge.' },
      ),
    },
  },
  {
    files: ['electron/core/**/*.ts'],
    rules: {
      'no-restricted-imports': restrictedImports(noElectronInCore),
    },
  },
  {
    // One home for device drivers: the packages that speak to hardware are imported only in devices/.
    files: ['electron/core/**/*.ts'],
    ignores: ['electron/core/devices/**', '**/*.test.ts'],
    rules: {
      'no-restricted-imports': restrictedImports(noElectronInCore, {
        regex: DEVICE_PACKAGES,
        message: 'A device driver lives in electron/core/devices/<kind>/: import the driver from there, not the device package.',
      }),
    },
  },
  {
    // Product code: a query's rows are checked once where they are read, never cast (`stmt.get(…) as Row`).
    files: ['electron/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'TSAsExpression > CallExpression[callee.property.name=/^(get|all|iterate)$/]',
          message: "Parse query rows with a schema in the module's store, not with `as`.",
        },
      ],
    },
  },
  {
    files: ['**/*.{mjs,cjs,js}'],
    languageOptions: { globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // Layout is Prettier's (tools/format.test.ts): no lint rule argues with it.
  prettier,
);
