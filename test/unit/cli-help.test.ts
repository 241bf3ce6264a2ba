import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { helpText, wantsHelp } from '../../src/cli/help.js';
import { SYNC_HELP } from '../../src/cli/sync-command.js';
import { webhooksHelpText } from '../../src/cli/webhooks-command.js';
import { sandboxProcessVariablesInfo, variablesOf, VARIABLE_GROUPS } from '../../src/config.js';

describe('--help', () => {
  it('is asked for with --help or -h', () => {
    expect([wantsHelp(['--full', '--help']), wantsHelp(['-h']), wantsHelp(['--full'])]).toEqual([true, true, false]);
  });

  it('lists the sync command\'s options with their values, and the variables of the groups it reads with their defaults', () => {
    const text = helpText(SYNC_HELP);
    expect(text).toMatch(/^Usage: npm run sync -- \[--full \| --incremental \| --push\]/);
    for (const flag of ['--full', '--incremental', '--push', '--dry-run', '--limit N', '--client-id ID', '-h, --help']) expect(text).toContain(flag);
    expect(text).toMatch(/^ {4}SYNC_PAGE_SIZE +default 100$/m);
    expect(text).toMatch(/^ {4}DATABASE_URL$/m);
    expect(text).toMatch(/^ {4}RUN_MIGRATIONS_ON_START +default true$/m);
    // Server-only settings are not the sync command's business.
    expect(text).not.toContain('API_KEYS');
    expect(text).not.toContain('WEBHOOK_');
  });

  it('gives each webhooks command its own options, or all three', () => {
    const register = webhooksHelpText(['register', '--help']);
    expect(register).toContain('--url URL');
    expect(register).not.toContain('--id ID');
    expect(webhooksHelpText(['remove', '-h'])).toContain('--id ID');
    expect(webhooksHelpText(['--help']).match(/^Usage: /gm)).toHaveLength(3);
  });

  it('gives the sandbox process its own port default', () => {
    expect(sandboxProcessVariablesInfo()).toContainEqual({ name: 'SANDBOX_PORT', default: '4010' });
  });
});

describe("README's Configuration", () => {
  const readme = readFileSync('README.md', 'utf8');
  const configuration = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('\n## ', readme.indexOf('## Configuration') + 1));
  const sectionOf = (group: string) => {
    const start = configuration.search(new RegExp(`\\n### ${group}\\b`));
    if (start < 0) return '';
    const end = configuration.indexOf('\n### ', start + 1);
    return configuration.slice(start, end < 0 ? undefined : end);
  };
  const documented = (text: string) => new Set([...text.matchAll(/^\| ([^|]+) \|/gm)].flatMap((row) => [...row[1]!.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((name) => name[1]!)));

  it.each(VARIABLE_GROUPS)('documents every variable of the %s group in its own section, and no other', (group) => {
    const { variables } = variablesOf([group])[0]!;
    expect([...documented(sectionOf(group))].sort()).toEqual(variables.map((variable) => variable.name).sort());
  });
});
