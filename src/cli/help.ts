import { parseArgs } from 'node:util';
import { variablesOf, type VariableGroup, type VariableInfo } from '../config.js';

/**
 * `--help` for every command: its usage, its options (the same objects parseArgs reads, so the list
 * cannot drift) and the environment variables it reads (from src/config.ts's schema, with defaults).
 */

/** An option as node:util's parseArgs takes it, with what --help says of it. */
export interface CliOption {
  type: 'boolean' | 'string';
  short?: string;
  default?: boolean;
  /** The value's name in the help: `--limit N`. */
  value?: string;
  description: string;
}

export const HELP_OPTION = { help: { type: 'boolean', short: 'h', description: 'Show this help and exit.' } } as const satisfies Record<string, CliOption>;

export interface CommandHelp<Options extends Record<string, CliOption> = Record<string, CliOption>> {
  /** One or more usage lines, without "Usage: ". */
  usage: readonly string[];
  summary: string;
  options: Options;
  variables: ReadonlyArray<{ group: string; variables: VariableInfo[] }>;
}

/** The help of a command that reads these groups of the configuration; its options keep their types for parseArgs. */
export function commandHelp<const Options extends Record<string, CliOption>>(help: {
  usage: readonly string[];
  summary: string;
  options: Options;
  groups: readonly VariableGroup[];
}): CommandHelp<Options & typeof HELP_OPTION> {
  return { usage: help.usage, summary: help.summary, options: { ...help.options, ...HELP_OPTION }, variables: variablesOf(help.groups) };
}

export function wantsHelp(argv: readonly string[]): boolean {
  return argv.includes('--help') || argv.includes('-h');
}

/**
 * The command line of a command that takes nothing but --help: with --help the help is printed;
 * anything else is a usage error (exit code 2). Answers whether the command should go on.
 */
export function acceptsCommandLine(help: CommandHelp, argv: readonly string[]): boolean {
  if (wantsHelp(argv)) {
    console.log(helpText(help));
    return false;
  }
  try {
    parseArgs({ args: [...argv], options: help.options, strict: true });
    return true;
  } catch (error) {
    console.error(`${(error as Error).message}\n${usageText(help)}`);
    process.exitCode = 2;
    return false;
  }
}

function table(rows: ReadonlyArray<readonly [string, string]>, indent = '  '): string[] {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `${indent}${left.padEnd(width)}  ${right}`.trimEnd());
}

export function usageText(help: Pick<CommandHelp, 'usage'>): string {
  return help.usage.map((line, index) => `${index === 0 ? 'Usage: ' : '       '}${line}`).join('\n');
}

export function helpText(help: CommandHelp): string {
  const options = Object.entries(help.options).map(([name, option]): [string, string] => [
    `${option.short ? `-${option.short}, ` : '    '}--${name}${option.value ? ` ${option.value}` : ''}`,
    option.description,
  ]);
  const variables = help.variables.flatMap(({ group, variables: list }) => [
    `  ${group}:`,
    ...table(list.map((variable): [string, string] => [variable.name, variable.default === null ? '' : `default ${variable.default}`]), '    '),
  ]);
  return [
    usageText(help),
    '',
    help.summary,
    '',
    'Options:',
    ...table(options),
    '',
    'Environment variables it reads (also from a .env file in the working directory; README.md, Configuration, says what each does):',
    ...variables,
  ].join('\n');
}
