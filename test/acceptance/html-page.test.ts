/**
 * The `--html` page in a real browser: Debian's headless Chromium driven by
 * playwright-core (test/support/chromium.ts), one browser for the whole file.
 * The pages are rendered from the fleet report assembled from the captured
 * goldens (test/support/html-fixtures.ts) and written under test-output/html/
 * with a screenshot per width (CI keeps the folder as an artifact).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { execa } from 'execa';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderFleetHtml, renderHtml, renderRepairHtml } from '../../cli/render/html.js';
import { displayArgv } from '../../cli/render/text.js';
import { launchChromium, type Chromium } from '../support/chromium.js';
import { goldenFleet, HOSTILE, HOSTILE_ADDRESS, hostileReport, sampleRepair } from '../support/html-fixtures.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const OUT = path.join(ROOT, 'test-output', 'html');
const WIDTHS = [1280, 800] as const;

let browser: Chromium;
const fleet = goldenFleet();
const hostile = hostileReport();
const files: Record<'fleet' | 'hostile' | 'repair', string> = { fleet: '', hostile: '', repair: '' };

beforeAll(async () => {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const { repair, approvers, audit } = sampleRepair();
  const pages = {
    fleet: renderFleetHtml(fleet),
    hostile: renderHtml(hostile, { reportFile: 'report.json' }),
    repair: renderRepairHtml(repair, { file: 'repair-1.json', approvers, audit, auditLog: '/srv/tfdoctor/app-sre-stage/.tfdoctor/audit.jsonl', now: new Date('2026-11-21T13:00:00Z') }),
  };
  for (const [name, html] of Object.entries(pages)) {
    const file = path.join(OUT, `${name}.html`);
    writeFileSync(file, html);
    files[name as keyof typeof files] = file;
  }
  browser = await launchChromium();
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write']);
});

afterAll(async () => {
  await browser?.close();
});

interface Opened {
  page: Page;
  /** Console errors and uncaught page errors. */
  errors: string[];
  /** Every request other than the page file itself (each was aborted). */
  requests: string[];
  /** The page file itself went through the route (so the routing saw every request). */
  served: boolean;
}

/** Opens a page file with every request routed: the file itself is served, anything else is recorded and aborted. */
async function open(file: string, width: number): Promise<Opened> {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width, height: 900 });
  const url = pathToFileURL(file).href;
  const errors: string[] = [];
  const requests: string[] = [];
  const opened: Opened = { page, errors, requests, served: false };
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => { errors.push(`dialog: ${d.message()}`); void d.dismiss(); });
  await page.route('**/*', async (route) => {
    if (route.request().url() === url) {
      opened.served = true;
      return route.continue();
    }
    requests.push(route.request().url());
    return route.abort();
  });
  page.on('request', (r) => { if (r.url() !== url && !requests.includes(r.url())) requests.push(r.url()); });
  await page.goto(url, { waitUntil: 'load' });
  return opened;
}

/** Elements whose content is wider than their box (text that overflows), and the page's own horizontal overflow. */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > doc.clientWidth) out.push(`page: ${doc.scrollWidth} > ${doc.clientWidth}`);
    for (const el of Array.from(document.querySelectorAll('.card, li.step, td, th, pre, dd, dt, .code, h1, h2, h3, h4, li.proposal, table'))) {
      if (el.scrollWidth > el.clientWidth + 1) out.push(`${el.tagName.toLowerCase()}.${el.className}: ${el.scrollWidth} > ${el.clientWidth}: ${(el.textContent ?? '').slice(0, 60)}`);
      const box = el.getBoundingClientRect();
      if (box.right > doc.clientWidth + 1) out.push(`${el.tagName.toLowerCase()}.${el.className} ends at ${Math.round(box.right)} > ${doc.clientWidth}`);
    }
    return out;
  });
}

/** Tabs (or Shift+Tabs) from the focused element until the focused element has this aria-label; the number of presses, or -1. */
async function tabTo(page: Page, label: string, key: 'Tab' | 'Shift+Tab' = 'Tab', max = 400): Promise<number> {
  for (let i = 1; i <= max; i += 1) {
    await page.keyboard.press(key);
    if (await page.evaluate((l) => document.activeElement?.getAttribute('aria-label') === l, label)) return i;
  }
  return -1;
}

/** What a POSIX shell makes of a command line: the words `sh` passes to printf. */
async function shellWords(line: string): Promise<string[]> {
  const { stdout } = await execa('/bin/sh', ['-c', `eval "set -- $1"; printf '%s\\0' "$@"`, 'sh', line]);
  return stdout.split('\0').slice(0, -1);
}

describe('the --html page in headless Chromium', () => {
  it.each(WIDTHS)('the fleet page at %i px: no console error, no request, every finding, nothing overflows', async (width) => {
    const { page, errors, requests, served } = await open(files.fleet, width);
    try {
      expect(served).toBe(true);
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
      // The overview: one row per account, each linking to its section.
      const rows = await page.$$eval('table.overview tbody tr', (trs) => trs.map((tr) => [tr.querySelector('a')?.getAttribute('href'), tr.querySelector('a')?.textContent, ...Array.from(tr.querySelectorAll('td.num')).map((td) => td.textContent)]));
      expect(rows).toEqual(fleet.reports.map((r, i) => [`#a${i}`, r.target.account, ...(['error', 'warning', 'info'] as const).map((s) => String(r.findings.filter((f) => f.severity === s).length))]));
      for (let i = 0; i < fleet.reports.length; i += 1) expect(await page.locator(`#a${i}`).count()).toBe(1);
      // Every finding of every account, as a card with its id, kind, summary and each proposal.
      const total = fleet.reports.reduce((n, r) => n + r.findings.length, 0);
      expect(total).toBeGreaterThanOrEqual(9);
      expect(await page.locator('article.card').count()).toBe(total);
      for (const [i, r] of fleet.reports.entries()) {
        for (const [j, f] of r.findings.entries()) {
          const card = page.locator(`#a${i} #a${i}-f${j}`);
          const text = await card.textContent();
          expect(text).toContain(f.summary);
          expect(text).toContain(f.kind);
          for (const p of f.proposals) {
            expect(text).toContain(p.why);
            if (p.argv) expect(await card.locator(`button[data-copy="${displayArgv(p.argv).replace(/["\\]/g, '\\$&')}"]`).count()).toBe(1);
          }
        }
      }
      expect(await overflowing(page)).toEqual([]);
      await page.screenshot({ path: path.join(OUT, `fleet-${width}.png`), fullPage: true });
      if (width === 1280) {
        await page.emulateMedia({ colorScheme: 'dark' });
        expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(21, 23, 28)');
        await page.screenshot({ path: path.join(OUT, `fleet-${width}-dark.png`), fullPage: true });
      }
    } finally {
      await page.close();
    }
  });

  it('keyboard only: Tab reaches a copy button, it shows its focus, Enter copies the exact argv', async () => {
    const { page, errors } = await open(files.fleet, 800);
    try {
      const f = fleet.reports[0]?.findings.find((x) => x.proposals.some((p) => p.kind === 'terraform-state-rm'));
      const p = f?.proposals.find((x) => x.kind === 'terraform-state-rm');
      expect(p?.argv).toEqual(['terraform', 'state', 'rm', 'aws_iam_user.quay-ci']);
      const presses = await tabTo(page, `copy the command of ${p?.id ?? ''}`);
      expect(presses).toBeGreaterThan(0);
      const outline = await page.evaluate(() => { const s = getComputedStyle(document.activeElement as Element); return [s.outlineStyle, s.outlineWidth]; });
      expect(outline).toEqual(['solid', '3px']);
      await page.keyboard.press('Enter');
      await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Copied');
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      expect(copied).toBe('terraform state rm aws_iam_user.quay-ci');
      expect(await shellWords(copied)).toEqual(p?.argv);
      expect(await page.locator('#copy-status').textContent()).toBe('Copied to the clipboard');
      // A snippet's button (above, in the same card) copies the snippet as the report has it.
      const snippet = f?.proposals.find((x) => x.kind === 'inventory-deletion-approval');
      expect(snippet?.snippet).toMatch(/deletionApprovals:/);
      expect(await tabTo(page, `copy the snippet of ${snippet?.id ?? ''}`, 'Shift+Tab')).toBeGreaterThan(0);
      await page.keyboard.press('Space');
      await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(snippet?.snippet);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('a hostile address, name and summary stay text; its copy button copies the exact argv', async () => {
    const { page, errors, requests } = await open(files.hostile, 1280);
    try {
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(await page.locator('script').count()).toBe(1);
      expect(await page.locator('img').count()).toBe(0);
      expect(await page.locator('article.card code.addr').textContent()).toBe(HOSTILE_ADDRESS);
      expect(await page.locator('h1').textContent()).toContain(`acct-${HOSTILE}`);
      expect(await page.locator('article.card p.summary').textContent()).toContain(HOSTILE);
      const f = hostile.findings[0];
      const p = f?.proposals.find((x) => x.kind === 'terraform-state-rm');
      expect(p?.argv).toEqual(['terraform', 'state', 'rm', HOSTILE_ADDRESS]);
      await page.locator(`button[aria-label="copy the command of ${p?.id ?? ''}"]`).click();
      await expect.poll(() => page.locator('#copy-status').textContent()).toBe('Copied to the clipboard');
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      expect(copied).toBe(displayArgv(p?.argv ?? []));
      expect(await shellWords(copied)).toEqual(p?.argv);
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 900 });
        expect(await overflowing(page)).toEqual([]);
        await page.screenshot({ path: path.join(OUT, `hostile-${width}.png`), fullPage: true });
      }
    } finally {
      await page.close();
    }
  });

  it.each(WIDTHS)('the repair page at %i px: the edit, the prediction, proposed/approved/applied', async (width) => {
    const { page, errors, requests } = await open(files.repair, width);
    try {
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
      const steps = await page.$$eval('li.step', (li) => li.map((x) => x.textContent ?? ''));
      expect(steps).toHaveLength(3);
      expect(steps[0]).toContain('Proposed');
      expect(steps[0]).toContain('alice@example.com');
      expect(steps[0]).toContain('the content matches its hash');
      expect(steps[1]).toContain('bob@example.com');
      expect(steps[1]).toContain('signature ok, key listed in the approvers file');
      expect(steps[2]).toContain('serial 12 → 13');
      expect(await page.locator('li.step.done').count()).toBe(3);
      expect(await page.locator('#edit ~ ul .code').textContent()).toContain('terraform state rm aws_iam_user.quay-ci');
      const pred = await page.$$eval('table.pred tbody tr', (trs) => trs.map((tr) => Array.from(tr.children).map((c) => c.textContent)));
      expect(pred).toEqual([
        ['aws_db_parameter_group.quay-db-pg', 'update', 'update', '–', '–', 'as before'],
        ['aws_iam_user.quay-ci', 'delete', '–', '–', '–', 'no longer delete'],
      ]);
      // Applied: no next command offered, and the edit itself has no copy button (it runs only through apply).
      expect(await page.locator('button[data-copy]').count()).toBe(0);
      expect(await overflowing(page)).toEqual([]);
      await page.screenshot({ path: path.join(OUT, `repair-${width}.png`), fullPage: true });
    } finally {
      await page.close();
    }
  });
});
