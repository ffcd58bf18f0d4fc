import nx from '@nx/eslint-plugin';

/**
 * Layering, as in the architecture page: adapters and engines import core only; stores import
 * core only; transports import the SIP port (and core's kernel: logger, clock, lifecycle);
 * nothing but the app imports an adapter; core imports nothing of ours and no transport library;
 * drachtio-srf is confined to its transport. Tests may also import the test doubles.
 *
 * Run through `nx run-many -t lint`: the boundary rule needs Nx's project graph and does nothing
 * when ESLint runs bare.
 */
const transportLibraries = ['drachtio-srf', 'fastify', 'ioredis', 'ws', 'undici'];

function depConstraints({ tests }) {
  const testing = tests ? ['type:testing'] : [];
  return [
    { sourceTag: 'type:core', onlyDependOnLibsWithTags: [], bannedExternalImports: transportLibraries },
    { sourceTag: 'type:engine', onlyDependOnLibsWithTags: ['type:core', ...testing], bannedExternalImports: ['drachtio-srf'] },
    { sourceTag: 'type:store', onlyDependOnLibsWithTags: ['type:core', ...testing], bannedExternalImports: ['drachtio-srf'] },
    { sourceTag: 'type:sip-port', onlyDependOnLibsWithTags: ['type:core', ...testing], bannedExternalImports: transportLibraries },
    { sourceTag: 'type:adapter', onlyDependOnLibsWithTags: ['type:core', 'type:sip-port', ...testing], bannedExternalImports: ['drachtio-srf'] },
    { sourceTag: 'type:transport', onlyDependOnLibsWithTags: ['type:core', 'type:sip-port', ...testing] },
    { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:core', 'type:sip-port'], bannedExternalImports: ['drachtio-srf'] },
    { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['*'], bannedExternalImports: ['drachtio-srf'] },
    { sourceTag: 'type:tools', onlyDependOnLibsWithTags: ['*'] },
    // Plugins (examples/, and what `nx g @herald/tools:plugin` makes) build on the public core only, as outside authors do.
    { sourceTag: 'type:plugin', onlyDependOnLibsWithTags: ['type:core'], bannedExternalImports: ['drachtio-srf'] },
    // An embedding product composes the core with engines and stores, without the host app or adapters.
    { sourceTag: 'type:embed', onlyDependOnLibsWithTags: ['type:core', 'type:engine', 'type:store'], bannedExternalImports: ['drachtio-srf'] },
  ];
}

const boundaries = (tests) => [
  'error',
  { enforceBuildableLibDependency: true, allowCircularSelfDependency: false, allow: [], depConstraints: depConstraints({ tests }) },
];

const specFiles = ['**/*.spec.ts'];
/**
 * Test-only code besides the specs: the `src/testing` and `src/test-support` folders, which no
 * library or app build includes (see each tsconfig.lib.json / tsconfig.app.json). They may use the
 * test doubles too, instead of restating them.
 */
const testOnlyFiles = [...specFiles, '**/src/testing/**/*.ts', '**/src/test-support/**/*.ts'];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    ignores: ['**/dist', '**/node_modules', '**/coverage', '**/out-tsc', 'tmp/**', '**/files/**/*.template'],
  },
  {
    files: ['**/*.ts', '**/*.js', '**/*.cjs', '**/*.mjs'],
    rules: { '@nx/enforce-module-boundaries': boundaries(false) },
  },
  {
    files: testOnlyFiles,
    rules: { '@nx/enforce-module-boundaries': boundaries(true) },
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'Literal[raw="null"]:not(BinaryExpression > Literal)',
          message: 'Use undefined, not null (house style), unless an external format needs null; then disable with a reason.',
        },
      ],
    },
  },
  {
    // Tests feed external formats (YAML, JSON, XML) that contain null.
    files: specFiles,
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // Tool configuration files load the shared presets by path; they are not part of any package.
    files: ['**/jest.config.cjs', 'jest.preset.cjs', 'eslint.config.mjs'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
];
