import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { pageCsp } from '../../functions/snapshot/page/index.js';
import type { PageBranding } from '../../functions/snapshot/page/index.js';
import { kindOfFile, OBJECT_HEADERS } from '../../functions/snapshot/snapshot-paths.js';

/** Debian's `chromium` package; CHROMIUM_PATH names another build. Never downloaded. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const chromiumAvailable = (): boolean => existsSync(CHROMIUM_PATH);

/** Headless Chromium; without its sandbox when running as root (containers, CI). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
  });
}

/** Where tests keep their screenshots: `.ci/results/page/` (git-ignored), or PAGE_ARTIFACTS_DIR. */
export function artifactsDir(): string {
  const dir =
    process.env.PAGE_ARTIFACTS_DIR ||
    fileURLToPath(new URL('../../.ci/results/page/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Serves a `policy-check snapshot --out` folder as any static host would, with each file's
 * Content-Type and Cache-Control, and the Content-Security-Policy header a CDN adds.
 */
export async function serveFolder(
  dir: string,
  branding?: PageBranding | null,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    const file = normalize(path === '/' ? 'index.html' : path.slice(1));
    const kind = kindOfFile(file);
    if (!kind || file.includes('/') || !existsSync(join(dir, file))) {
      response.writeHead(404).end();
      return;
    }
    const headers = OBJECT_HEADERS[kind];
    response.writeHead(200, {
      'Content-Type': headers.contentType,
      'Cache-Control': headers.cacheControl,
      'X-Content-Type-Options': 'nosniff',
      ...(kind === 'indexPage' || kind === 'snapshotPage'
        ? { 'Content-Security-Policy': pageCsp(branding, true) }
        : {}),
    });
    response.end(readFileSync(join(dir, file)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
