import { mkdir } from 'node:fs/promises';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

/**
 * Headless Chromium for the browser tests: the Debian package (`.ci/run` installs it), driven by
 * playwright-core, which never downloads a browser of its own.
 */

export const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** The widths the page must work at: a laptop's and a phone's. */
export const VIEWPORTS = {
  laptop: { width: 1366, height: 850 },
  phone: { width: 390, height: 844 },
} as const;

const SCREENS_DIR = new URL('../../docs/screens/', import.meta.url);

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** Saves what the window shows as docs/screens/<name>.png (the README shows them). */
export async function saveScreen(page: Page, name: string): Promise<void> {
  await mkdir(SCREENS_DIR, { recursive: true });
  await page.screenshot({ path: new URL(`${name}.png`, SCREENS_DIR).pathname, fullPage: false });
}

/** Form controls without a name for assistive technology: no <label>, aria-label or aria-labelledby. */
export function unlabelledControls(page: Page): Promise<string[]> {
  return page.$$eval('input, select, textarea', (controls) =>
    controls
      .filter((control) => (control as HTMLInputElement).type !== 'hidden')
      .filter((control) => {
        const labels = (control as HTMLInputElement).labels;
        const byLabel = labels !== null && Array.from(labels).some((label) => label.textContent?.trim());
        return !byLabel && !control.getAttribute('aria-label')?.trim() && !control.getAttribute('aria-labelledby');
      })
      .map((control) => control.outerHTML),
  );
}

/** Whether the page is wider than the window (a phone would have to scroll sideways). */
export function overflowsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
}

/** Presses Tab from the top of the page until `target` has the focus; the number of presses, or null past `limit`. */
export async function tabsTo(page: Page, target: Locator, limit = 40): Promise<number | null> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  for (let presses = 1; presses <= limit; presses++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((element) => element === document.activeElement)) return presses;
  }
  return null;
}

type Rgb = [number, number, number];

function parseRgb(color: string): Rgb {
  const parts = /^rgba?\((\d+(?:\.\d+)?)[,\s]+(\d+(?:\.\d+)?)[,\s]+(\d+(?:\.\d+)?)/.exec(color);
  if (!parts) throw new Error(`not an rgb() colour: ${color}`);
  return [Number(parts[1]), Number(parts[2]), Number(parts[3])];
}

/** WCAG 2 relative luminance of an sRGB colour. */
function luminance([red, green, blue]: Rgb): number {
  const linear = (channel: number) => {
    const value = channel / 255;
    return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue);
}

/** WCAG 2 contrast ratio of two CSS rgb() colours, 1 to 21. */
export function contrastRatio(foreground: string, background: string): number {
  const [lighter, darker] = [luminance(parseRgb(foreground)), luminance(parseRgb(background))].sort((a, b) => b - a) as [number, number];
  return (lighter + 0.05) / (darker + 0.05);
}

/** Each element's text and the contrast of its rendered text colour on its rendered background. */
export async function renderedContrasts(elements: Locator): Promise<Array<{ text: string; ratio: number }>> {
  const colours = await elements.evaluateAll((nodes) =>
    nodes.map((node) => {
      const style = getComputedStyle(node);
      return { text: node.textContent ?? '', color: style.color, background: style.backgroundColor };
    }),
  );
  return colours.map(({ text, color, background }) => ({ text, ratio: contrastRatio(color, background) }));
}
