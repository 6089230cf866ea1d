import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Where screenshots for the documentation go, one PNG per name. */
export const screenshotDir = path.join(root, 'docs/screenshots');
/** The WCAG levels Harbour promises (2.2 AA, with everything below it). */
export const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] as const;

let installing: Promise<boolean> | undefined;

/**
 * Makes sure Debian's Chromium (and a font, so screenshots show text) is installed, installing it
 * with apt-get when running as root. False when it is missing and can't be installed.
 */
export function ensureChromium(): Promise<boolean> {
  installing ??= (async () => {
    if (fs.existsSync(chromiumPath)) return true;
    if (process.getuid?.() !== 0 || !fs.existsSync('/usr/bin/apt-get')) return false;
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const apt = (args: string[]) =>
      new Promise<void>((resolve, reject) =>
        execFile('apt-get', args, { env, maxBuffer: 64 * 1024 * 1024 }, (err, _o, stderr) =>
          err ? reject(new Error(`apt-get ${args.join(' ')} failed:\n${stderr}`)) : resolve(),
        ),
      );
    const install = () => apt(['install', '-y', '-q', '--no-install-recommends', 'chromium', 'fonts-dejavu-core']);
    await install().catch(() => apt(['update', '-q']).then(install));
    return fs.existsSync(chromiumPath);
  })();
  return installing;
}

/**
 * Headless Debian Chromium through playwright-core, with the flags this closed network needs
 * (no background connections to Google). Playwright gives each launch a fresh, empty profile
 * folder and removes it on close. Null when Chromium is not available: skip, or fail in CI.
 */
export async function launchBrowser(): Promise<Browser | null> {
  if (!(await ensureChromium())) return null;
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** One accessibility problem axe found, with where on the page. */
export interface Violation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: string[]; html: string; failureSummary: string }[];
}

const axeSource = fs.readFileSync(path.join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe-core in the page against WCAG 2.2 AA and returns what fails. Injected through the
 * DevTools protocol into every frame, so a page's own Content-Security-Policy doesn't block it.
 */
export async function checkAccessibility(page: Page): Promise<Violation[]> {
  for (const frame of page.frames()) await frame.evaluate(axeSource);
  return page.evaluate(async (tags) => {
    type Axe = { run(ctx: Document, opts: object): Promise<{ violations: Violation[] }> };
    const axe = (window as unknown as { axe: Axe }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.map(String), html: n.html, failureSummary: n.failureSummary })),
    }));
  }, [...wcagTags]);
}

/** Violations as readable text for an assertion message: rule, impact, and each failing element. */
export function formatViolations(violations: Violation[]): string {
  if (violations.length === 0) return 'no accessibility violations';
  return violations
    .map((v) => {
      const nodes = v.nodes.map((n) => `    at ${n.target.join(' ')}: ${n.html}\n      ${n.failureSummary.replace(/\n/g, '\n      ')}`);
      return `${v.id} (${v.impact ?? 'no impact given'}): ${v.help}\n  ${v.helpUrl}\n${nodes.join('\n')}`;
    })
    .join('\n');
}

/** Saves a full-page PNG as DIR/NAME.png (DIR defaults to docs/screenshots) and returns its path. */
export async function screenshot(page: Page, name: string, dir = screenshotDir): Promise<string> {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) throw new Error(`screenshot name must be lower-case words and hyphens: ${name}`);
  const file = path.join(dir, `${name}.png`);
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
