import { isEnumType, isInputObjectType, isInterfaceType, isIntrospectionType, isObjectType, isSpecifiedScalarType, type GraphQLNamedType, type GraphQLSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/graphql/schema.js';

/**
 * Every type, field, argument, input field and enum value of the API says what it is for a frontend
 * developer. Excepted: GraphQL's own scalars (String, Int, Float, Boolean, ID) and introspection
 * types, which the spec describes, and the root types Query, Mutation and Subscription themselves
 * (each of their fields is described).
 */

function rootTypes(of: GraphQLSchema): Set<GraphQLNamedType | null | undefined> {
  return new Set([of.getQueryType(), of.getMutationType(), of.getSubscriptionType()]);
}

/** Where a description is missing, by schema coordinate (Type, Type.field, Type.field(arg), Enum.VALUE). */
function undescribed(of: GraphQLSchema): string[] {
  const roots = rootTypes(of);
  return Object.values(of.getTypeMap()).flatMap((type) => {
    if (isIntrospectionType(type) || isSpecifiedScalarType(type)) return [];
    const own = !type.description && !roots.has(type) ? [type.name] : [];
    if (isObjectType(type) || isInterfaceType(type)) {
      return [
        ...own,
        ...Object.values(type.getFields()).flatMap((field) => [
          ...(field.description ? [] : [`${type.name}.${field.name}`]),
          ...field.args.filter((arg) => !arg.description).map((arg) => `${type.name}.${field.name}(${arg.name}:)`),
        ]),
      ];
    }
    if (isInputObjectType(type)) return [...own, ...Object.values(type.getFields()).filter((field) => !field.description).map((field) => `${type.name}.${field.name}`)];
    if (isEnumType(type)) return [...own, ...type.getValues().filter((value) => !value.description).map((value) => `${type.name}.${value.name}`)];
    return own;
  });
}

describe('schema descriptions', () => {
  it('every type, field, argument, input field and enum value is described', () => {
    expect(undescribed(schema)).toEqual([]);
  });
});
