import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('errors that escape background work', () => {
  it('are recorded with their cause, and the process keeps running', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/fixtures/escaping-errors.ts'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += String(chunk)));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    const recorded = JSON.parse(stdout) as Array<{ msg: string; err: { message: string; cause?: { message: string } } }>;
    expect(recorded).toEqual([
      { msg: 'a promise failed with nobody to handle it; the server keeps running', err: expect.objectContaining({ message: 'a background task failed', cause: expect.objectContaining({ message: 'the database went away' }) }) },
      { msg: 'an error escaped every handler; the server keeps running', err: expect.objectContaining({ message: 'thrown from a timer' }) },
    ]);
  });
});
