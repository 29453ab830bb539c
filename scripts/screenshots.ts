/**
 * `npm run screenshots`: the README's pictures of the HTML page (`--html FILE`),
 * taken in Debian's headless Chromium (test/support/chromium.ts) from the fleet
 * report the HTML test uses (assembled from the captured goldens,
 * test/support/html-fixtures.ts). Writes docs/img/html-fleet-1280.png (light) and
 * docs/img/html-card-800-dark.png (one card, dark).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { renderFleetHtml } from '../cli/render/html.js';
import { launchChromium } from '../test/support/chromium.js';
import { goldenFleet } from '../test/support/html-fixtures.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'docs', 'img');

const work = await mkdtemp(path.join(tmpdir(), 'tfdoctor-shots-'));
const file = path.join(work, 'fleet.html');
await writeFile(file, renderFleetHtml(goldenFleet()));
await mkdir(OUT, { recursive: true });
const browser = await launchChromium();
try {
  const page = await browser.context.newPage();
  const url = pathToFileURL(file).href;
  const shots: string[] = [];
  // The top of the page at 1280 px, light: the fleet overview and the first findings.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(url);
  shots.push(path.join(OUT, 'html-fleet-1280.png'));
  await page.screenshot({ path: shots[0] });
  // One card at 800 px, dark: a drift with its attribute diff and the proposals' copy buttons.
  await page.setViewportSize({ width: 800, height: 900 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(url);
  const drift = page.locator('article.card', { hasText: 'changed-out-of-band' }).first();
  shots.push(path.join(OUT, 'html-card-800-dark.png'));
  await drift.screenshot({ path: shots[1] });
  for (const s of shots) process.stdout.write(`${path.relative(ROOT, s)}\n`);
} finally {
  await browser.close();
  await rm(work, { recursive: true, force: true });
}
