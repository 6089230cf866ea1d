import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, screenshotDir } from '../../test/support/browser.ts';
import { CARD_SAMPLES } from './cardSamples.ts';
import { renderCard } from './renderCard.ts';
import { TEAMS_LIGHT_CSS, TEAMS_LIGHT_HOST_CONFIG } from './teamsHostConfig.ts';

const require = createRequire(import.meta.url);
const libraryPath = require.resolve('adaptivecards/dist/adaptivecards.js');

/** Cards whose hidden part (Action.ShowCard) is worth a second picture, opened. */
const OPEN_SHOW_CARD: Record<string, string> = { 'new-case-lead': 'Assign to…', assigned: 'Add a task' };

export interface CardShot {
  file: string;
  /** Errors the renderer or the page reported while drawing the card. */
  errors: string[];
}

/**
 * Renders every sample card with Microsoft's Adaptive Cards renderer in Chromium (Teams-like host
 * config) and saves docs/screenshots/card-<id>.png (or into `outDir`), for the README and for review.
 * Null when Chromium is not available (test/support/browser.ts installs it when it can).
 */
export async function captureCardScreenshots(outDir = screenshotDir): Promise<CardShot[] | null> {
  const browser = await launchBrowser();
  if (!browser) return null;
  fs.mkdirSync(outDir, { recursive: true });
  const shots: CardShot[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 520, height: 900 }, deviceScaleFactor: 2 });
    for (const sample of CARD_SAMPLES) {
      const card = renderCard(sample.template, sample.data as never);
      const variants: (string | null)[] = [null, OPEN_SHOW_CARD[sample.id] ?? null].filter((v, i) => i === 0 || v);
      for (const open of variants) {
        const errors: string[] = [];
        page.removeAllListeners('pageerror');
        page.on('pageerror', (e) => errors.push(e.message));
        await page.setContent(`<!doctype html><html><head><meta charset="utf-8"><style>${TEAMS_LIGHT_CSS}</style></head><body><div id="card"></div></body></html>`);
        await page.addScriptTag({ path: libraryPath });
        const rendererErrors = await page.evaluate(
          ({ json, hostConfig }) => {
            const AC = (window as unknown as { AdaptiveCards: any }).AdaptiveCards;
            const ac = new AC.AdaptiveCard();
            ac.hostConfig = new AC.HostConfig(hostConfig);
            const ctx = new AC.SerializationContext();
            ac.parse(json, ctx);
            const problems: string[] = [];
            for (let i = 0; i < ctx.eventCount; i++) problems.push(ctx.getEventAt(i).message);
            const el = ac.render();
            if (!el) problems.push('the renderer produced nothing');
            else document.getElementById('card')!.appendChild(el);
            return problems;
          },
          { json: card, hostConfig: TEAMS_LIGHT_HOST_CONFIG },
        );
        errors.push(...rendererErrors);
        if (open) await page.getByRole('button', { name: open }).first().click();
        const file = path.join(outDir, `card-${sample.id}${open ? `-${open.replace(/[^a-z]+/gi, '-').replace(/-+$/, '').toLowerCase()}` : ''}.png`);
        await page.locator('#card').screenshot({ path: file });
        shots.push({ file, errors });
      }
    }
  } finally {
    await browser.close();
  }
  return shots;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  captureCardScreenshots()
    .then((shots) => {
      if (!shots) throw new Error('Chromium is not available: sudo apt-get install chromium fonts-dejavu-core');
      for (const s of shots) console.log(`${path.relative(process.cwd(), s.file)}${s.errors.length ? `  (${s.errors.join('; ')})` : ''}`);
      if (shots.some((s) => s.errors.length)) process.exitCode = 1;
    })
    .catch((err: Error) => {
      console.error(err.message);
      process.exitCode = 1;
    });
}
