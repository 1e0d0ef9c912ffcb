import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig, type ReporterDescription } from '@playwright/test';

// Debian's chromium: a Playwright browser download cannot work on this machine.
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) throw new Error(`${chromium} is missing: apt-get install -y chromium (or set CHROMIUM_PATH)`);

const reporters: ReporterDescription[] = [['list']];
if (process.env.TEST_RESULTS_DIR) reporters.push(['junit', { outputFile: join(process.env.TEST_RESULTS_DIR, 'web.junit.xml') }]);

export default defineConfig({
  testDir: 'e2e',
  // Each test starts its own Api (2 cores): one at a time keeps timings honest.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 5_000 },
  // A bound on the whole run (CI has 90 minutes for everything); each test takes 4-20 s.
  globalTimeout: 480_000,
  reporter: reporters,
  outputDir: 'test-results',
  use: {
    headless: true,
    launchOptions: { executablePath: chromium, args: ['--no-sandbox'] },
    viewport: { width: 1100, height: 760 },
    // 24-hour time inputs, as the preferences' HH:mm labels say.
    locale: 'en-GB',
    trace: 'retain-on-failure',
  },
});
