import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { CountryCodeResolver, CurrencyResolver } from 'graphql-scalars';

/**
 * graphql-scalars' CountryCode and Currency, typing inputs like the outputs they set. As inputs they
 * take any text: the mutation checks it and answers a ValidationError naming the field with a message
 * for the form, as for every other field (the scalar refusing it would fail the whole request instead).
 */

function textInput(value: unknown): string {
  if (typeof value !== 'string') throw new GraphQLError('A string is expected', { extensions: { code: 'BAD_USER_INPUT' } });
  return value;
}

function checkedByTheMutation(scalar: GraphQLScalarType, description: string, serialize: (value: unknown) => string) {
  return new GraphQLScalarType<string, string>({
    name: scalar.name,
    description,
    specifiedByURL: scalar.specifiedByURL ?? null,
    serialize,
    parseValue: textInput,
    parseLiteral: (ast) => textInput(ast.kind === Kind.STRING ? ast.value : undefined),
  });
}

// Stored country codes are always known ones (normalization keeps others out of the column).
export const CountryCodeScalar = checkedByTheMutation(
  CountryCodeResolver,
  'A country as its ISO 3166-1 alpha-2 code, e.g. BE. In an input, a code that is not one is answered with a ValidationError naming the field.',
  (value) => CountryCodeResolver.serialize(value) as string,
);

// Stored currencies are the three letters Robaws holds, known to ISO 4217 or not: written out as they are.
export const CurrencyScalar = checkedByTheMutation(
  CurrencyResolver,
  'A currency as its ISO 4217 code, e.g. EUR. In an input, a currency that is not accepted is answered with a ValidationError naming the field.',
  textInput,
);
