// One transform (@swc/jest) for everything: the @nestjs packages are ESM-only and jest 30
// cannot require() ESM on Node 20, so they are transpiled like our own code.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

const aliases = Object.fromEntries(
  ['config', 'contracts', 'db', 'queue', 'ml', 'observability'].map((lib) => [
    `^@mlserve/${lib}$`,
    `<rootDir>/libs/${lib}/src/index.ts`,
  ]),
);

const shared = {
  rootDir: __dirname,
  testEnvironment: '<rootDir>/test/support/node-environment.js',
  transform: { '^.+\\.(t|j|mj)s$': swc },
  transformIgnorePatterns: [
    '/node_modules/(?!(@nestjs|file-type|@tokenizer|@borewit|@prisma/schema-engine-wasm|uint8array-extras|strtok3|token-types)/)',
  ],
  moduleNameMapper: { ...aliases, '^(\\.{1,2}/.*)\\.js$': '$1' },
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  testEnvironmentOptions: { globalsCleanup: 'off' },
};

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 60000,
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,prisma}/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
