/**
 * What to install for each real component a suite needs, worded so a developer can paste it.
 * Shown when a suite skips locally, and as the failure when CI can't provide the component.
 */
export const installHints = {
  postgres:
    'PostgreSQL 15 is not available. Run the tests as root on Debian (the helper installs it with apt-get), ' +
    'or `sudo apt-get install postgresql`, or set DATABASE_URL=postgres://USER@HOST:PORT/DB for a role that may CREATE DATABASE.',
  clamav:
    'ClamAV is not available. Run the tests as root on Debian (the helper installs it with apt-get), ' +
    'or `sudo apt-get install clamav-daemon`, or set CLAMAV_HOST (and CLAMAV_PORT) to a clamd that knows the test signatures.',
  chromium:
    'Chromium is not available. Run the tests as root on Debian (the helper installs it with apt-get), ' +
    'or `sudo apt-get install chromium fonts-dejavu-core`. Never `npx playwright install`: it downloads and fails here.',
} as const;

/**
 * Skips the current mocha test or suite because a real component is missing, but fails instead
 * under CI=true: in CI a skipped suite would hide that nothing was tested.
 */
export function skipOrFail(ctx: Mocha.Context, reason: string): never {
  if (process.env.CI === 'true') throw new Error(`CI=true and a required component is missing. ${reason}`);
  console.warn(`  skipped: ${reason}`);
  ctx.skip();
}
