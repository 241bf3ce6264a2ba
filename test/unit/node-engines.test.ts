import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

/**
 * `npm ci` warns EBADENGINE for every installed package whose `engines.node` refuses the running Node.
 * The lock file records each package's `engines`, so the floor package.json and the README state can be
 * checked against every package at once, on any Node.
 */

const packageJson = JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, { version?: string; engines?: unknown }> };
const floor = semver.minVersion(packageJson.engines.node)!;

describe('the Node floor', () => {
  it('is the one the README states', () => {
    expect(readFileSync('README.md', 'utf8')).toContain(`Node ${floor.major}.${floor.minor} or newer`);
  });

  it('is accepted by every package the lock file installs', () => {
    const refusing = Object.entries(lock.packages).flatMap(([path, entry]) => {
      const wanted = (entry.engines as { node?: unknown } | undefined)?.node;
      return typeof wanted === 'string' && !semver.satisfies(floor, wanted) ? [`${path}@${entry.version}: node ${wanted}`] : [];
    });
    expect(refusing).toEqual([]);
  });
});
