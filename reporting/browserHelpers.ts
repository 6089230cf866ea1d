import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { checkAccessibility, formatViolations, screenshot } from '../test/support/browser.ts';

/** The neutral site the quick exit leaves for; answered locally because the network is closed. */
export const EXIT_URL = 'https://www.bbc.co.uk/weather';

export async function stubExitSite(page: Page): Promise<void> {
  await page.context().route('https://www.bbc.co.uk/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Weather</title><h1>Weather</h1>' }));
}

/** Presses Tab until the focused element matches `selector` (as a keyboard user would), and fails if it never does. */
export async function tabTo(page: Page, selector: string, max = 120): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return;
  }
  assert.fail(`Tab never reached ${selector}`);
}

/** Keyboard only: Tab to a field and type into it. */
export async function typeInto(page: Page, selector: string, text: string): Promise<void> {
  await tabTo(page, selector);
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
}

/**
 * Keyboard only: a checkbox is reached with Tab and ticked with Space; a radio group is entered
 * with Tab and the answer chosen with the arrow keys, as a keyboard user does.
 */
export async function choose(page: Page, selector: string): Promise<void> {
  const radio = await page.evaluate((sel) => {
    const el = document.querySelector(sel) as HTMLInputElement | null;
    return el?.type === 'radio' ? el.name : null;
  }, selector);
  if (!radio) {
    await tabTo(page, selector);
    if (!(await page.evaluate(() => (document.activeElement as HTMLInputElement).checked))) await page.keyboard.press('Space');
    return;
  }
  await tabTo(page, `input[type=radio][name="${radio}"]`);
  for (let i = 0; i < 20 && !(await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)); i++) await page.keyboard.press('ArrowDown');
  if (!(await page.evaluate(() => (document.activeElement as HTMLInputElement).checked))) await page.keyboard.press('Space');
  assert.equal(await page.isChecked(selector), true, `${selector} chosen`);
}

/** Keyboard only: Tab to a select, and pick an option by its value with the arrow keys. */
export async function select(page: Page, selector: string, value: string): Promise<void> {
  await tabTo(page, selector);
  const values = await page.evaluate(() => [...(document.activeElement as HTMLSelectElement).options].filter((o) => !o.disabled).map((o) => o.value));
  await page.keyboard.press('Home');
  for (let i = 0; i < values.indexOf(value); i++) await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => (document.activeElement as HTMLSelectElement).value), value);
}

/** Keyboard only: Tab to a button and press Enter, waiting for the page it leads to. */
export async function pressButton(page: Page, selector: string): Promise<void> {
  await tabTo(page, selector);
  await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
}

/** No WCAG 2.2 AA violation on the page, the page fits its width (no sideways scrolling), and an optional screenshot. */
export async function checkPage(page: Page, shot?: string): Promise<void> {
  const violations = await checkAccessibility(page);
  assert.equal(violations.length, 0, `${page.url()}: ${formatViolations(violations)}`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `${page.url()} scrolls sideways by ${overflow}px`);
  if (shot) await screenshot(page, shot);
}
