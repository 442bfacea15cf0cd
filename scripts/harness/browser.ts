import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { REPO_ROOT } from '@tandem/testing';

/**
 * Debian's Chromium, driven by playwright-core: scripts/browser.sh installs it from the
 * distribution's packages (never a browser download) and says where it is.
 */
export function chromiumPath(): string {
  return execFileSync('bash', [join(REPO_ROOT, 'scripts/browser.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
}

/** A headless browser; playwright gives each launch a fresh, temporary profile. */
export async function launchBrowser(): Promise<{ browser: Browser; close(): Promise<void> }> {
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-dev-shm-usage',
    ],
  });
  return {
    browser,
    async close() {
      await browser.close().catch(() => undefined);
    },
  };
}

/** A page context at a laptop width, in a language, as a person would open it. */
export function newContext(
  browser: Browser,
  options: { locale?: 'en-GB' | 'zh-CN'; width?: number; height?: number } = {},
): Promise<BrowserContext> {
  return browser.newContext({
    locale: options.locale ?? 'en-GB',
    viewport: { width: options.width ?? 1366, height: options.height ?? 860 },
  });
}

/** Where the browser tests leave their screenshots for review. */
export const SCREENSHOT_DIR = join(REPO_ROOT, 'test-results', 'screenshots');
