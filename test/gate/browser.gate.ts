import { expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.js';

// Run only by .ci/run's gate (TEST_GATE=<project>): fails when the gate names this project, to prove
// that a failing test makes the test command exit non-zero with the browser (and the page's build) loaded.
it('fails when the gate names the browser project', async () => {
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.setContent('<p>gate</p>');
    expect(await page.textContent('p')).toBe('gate');
  } finally {
    await browser.close();
  }
  expect(process.env.TEST_GATE).not.toBe('browser');
});
