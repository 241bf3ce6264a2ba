import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import type { GraphQLFieldResolver } from 'graphql';
import { ValidationError, type FieldIssue } from '../errors.js';

/**
 * Text arguments Postgres cannot store or compare: a NUL character (U+0000) in a text value is
 * refused by Postgres with an error of its own. Every field checks its arguments before it runs and
 * answers a ValidationError naming each such argument, as for any other input that does not fit.
 */

const NUL = '\u0000';

/** Every string in `value` holding a NUL character, with its dotted path. */
export function nulCharacterIssues(value: unknown, path: string[] = []): FieldIssue[] {
  if (typeof value === 'string') return value.includes(NUL) ? [{ path: path.join('.'), message: 'Text cannot contain the NUL character (U+0000)' }] : [];
  // Lists too: their entries are keyed by index.
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => nulCharacterIssues(item, [...path, key]));
  return [];
}

function refuseNulCharacters(args: object): void {
  const issues = nulCharacterIssues(args);
  if (issues.length > 0) throw new ValidationError(issues);
}

const pluginName = 'textArguments';

class TextArgumentsPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(resolver: GraphQLFieldResolver<unknown, Types['Context'], object>, fieldConfig: PothosOutputFieldConfig<Types>) {
    if (Object.keys(fieldConfig.args).length === 0) return resolver;
    return ((parent, args, context, info) => {
      refuseNulCharacters(args);
      return resolver(parent, args, context, info);
    }) satisfies GraphQLFieldResolver<unknown, Types['Context'], object>;
  }

  override wrapSubscribe(subscribe: GraphQLFieldResolver<unknown, Types['Context'], object> | undefined, fieldConfig: PothosOutputFieldConfig<Types>) {
    if (!subscribe || Object.keys(fieldConfig.args).length === 0) return subscribe;
    return ((parent, args, context, info) => {
      refuseNulCharacters(args);
      return subscribe(parent, args, context, info);
    }) satisfies GraphQLFieldResolver<unknown, Types['Context'], object>;
  }
}

declare global {
  export namespace PothosSchemaTypes {
    interface Plugins<Types extends SchemaTypes> {
      textArguments: TextArgumentsPlugin<Types>;
    }
  }
}

SchemaBuilder.registerPlugin(pluginName, TextArgumentsPlugin);

export default pluginName;
