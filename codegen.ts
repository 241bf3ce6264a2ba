import type { CodegenConfig } from '@graphql-codegen/cli';

// Typed documents for the tests' GraphQL operations, from the checked-in schema.graphql.
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['test/**/*.ts', '!test/generated/**'],
  ignoreNoDocuments: true,
  emitLegacyCommonJSImports: false,
  generates: {
    'test/generated/': {
      preset: 'client',
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: 'string', JSON: 'unknown', ID: 'string', CountryCode: 'string', Currency: 'string' },
      },
      presetConfig: { fragmentMasking: false },
    },
  },
};

export default config;
