import type { CodegenConfig } from '@graphql-codegen/cli';

const scalars = { DateTime: 'string', JSON: 'unknown', ID: 'string', CountryCode: 'string', Currency: 'string' };

// Typed documents from the checked-in schema.graphql: for the tests' GraphQL operations, and for the
// admin page's, written in .graphql files beside its screens (as strings: the page sends them as they are,
// with no GraphQL library in its bundle, and each is in the bundle once).
const config: CodegenConfig = {
  schema: 'schema.graphql',
  ignoreNoDocuments: true,
  emitLegacyCommonJSImports: false,
  generates: {
    'test/generated/': {
      documents: ['test/**/*.ts', '!test/generated/**'],
      preset: 'client',
      config: { useTypeImports: true, enumsAsTypes: true, scalars },
      presetConfig: { fragmentMasking: false },
    },
    'admin/src/generated/': {
      documents: ['admin/src/**/*.graphql'],
      preset: 'client',
      config: { useTypeImports: true, enumsAsTypes: true, documentMode: 'string', scalars },
      presetConfig: { fragmentMasking: false },
    },
  },
};

export default config;
