// Every e2e test runs against the built app served by the real server, one
// server per Playwright worker on a free 127.0.0.1 port, stopped afterwards.
import { test as base, expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { startServer } from '../server/app';

export const root = resolve(import.meta.dirname, '..');

export const test = base.extend<object, { serverUrl: string }>({
  serverUrl: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const { app, url } = await startServer({ host: '127.0.0.1', port: 0, staticDir: resolve(root, 'dist') });
      await use(url);
      await app.close();
    },
    { scope: 'worker' },
  ],
  baseURL: async ({ serverUrl }, use) => use(serverUrl),
});

export { expect };

export async function waitIdle(page: Page): Promise<void> {
  await page.waitForFunction(() => document.body.dataset.idle === 'true');
}

export async function openApp(page: Page, path = '/'): Promise<void> {
  await page.goto(path);
  await waitIdle(page);
}

export interface DropFile {
  name: string;
  base64: string;
}

export function fileFrom(path: string, name = basename(path)): DropFile {
  return { name, base64: readFileSync(resolve(root, path)).toString('base64') };
}

export function textFile(name: string, text: string): DropFile {
  return { name, base64: Buffer.from(text).toString('base64') };
}

/** Drops files on the window the way a person does: dragenter, dragover, drop with a DataTransfer. */
export async function dropFiles(page: Page, files: DropFile[]): Promise<void> {
  const transfer = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const file of list) {
      const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes], file.name));
    }
    return dt;
  }, files);
  const zone = page.getByTestId('drop-zone');
  await zone.dispatchEvent('dragenter', { dataTransfer: transfer });
  await zone.dispatchEvent('dragover', { dataTransfer: transfer });
  await zone.dispatchEvent('drop', { dataTransfer: transfer });
  await waitIdle(page);
}

export async function headerFigures(page: Page) {
  const text = async (id: string) => (await page.getByTestId(id).textContent())?.trim() ?? '';
  return {
    spans: await text('trace-span-count'),
    services: await text('trace-service-count'),
    depth: await text('trace-depth'),
    errors: await text('trace-error-count'),
    duration: await text('trace-duration'),
  };
}

/**
 * Drops a file from disk (big files do not go through base64): a hidden input
 * takes the file, and a drop event carries it to the drop zone. Does not wait.
 */
export async function dropFileFromDisk(page: Page, path: string): Promise<void> {
  await page.evaluate(() => {
    document.getElementById('disk-file')?.remove();
    const input = document.createElement('input');
    input.type = 'file';
    input.id = 'disk-file';
    input.hidden = true;
    document.body.append(input);
  });
  await page.setInputFiles('#disk-file', path);
  await page.evaluate(() => {
    const file = (document.getElementById('disk-file') as HTMLInputElement).files?.[0] as File;
    const dt = new DataTransfer();
    dt.items.add(file);
    document
      .querySelector('[data-testid=drop-zone]')
      ?.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
}
