import { resolve } from 'node:path';
import {
  dropFileFromDisk,
  dropFiles,
  expect,
  fileFrom,
  headerFigures,
  openApp,
  root,
  test,
  waitIdle,
} from './fixtures';

test('the file picker opens several files at once', async ({ page }) => {
  await openApp(page);
  await page
    .getByTestId('file-input')
    .setInputFiles([
      resolve(root, 'test/fixtures/jaeger/array-of-traces.json'),
      resolve(root, 'test/fixtures/otlp/resource-spans-hex-ids.json'),
    ]);
  await waitIdle(page);
  await expect(page.getByTestId('trace-list-item')).toHaveCount(3);
});

test('an overlay shows while files are dragged over the window', async ({ page }) => {
  await openApp(page);
  const transfer = await page.evaluateHandle(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['{}'], 'x.json'));
    return dt;
  });
  await page.getByTestId('drop-zone').dispatchEvent('dragenter', { dataTransfer: transfer });
  await expect(page.getByText('Drop trace files to open them')).toBeVisible();
  await page.getByTestId('drop-zone').dispatchEvent('dragleave', { dataTransfer: transfer });
  await expect(page.getByText('Drop trace files to open them')).toBeHidden();
});

test('Zipkin v1 files are converted: client and shared server halves', async ({ page }) => {
  await openApp(page);
  await dropFiles(page, [fileFrom('test/fixtures/zipkin-v1/client-server-annotations.json')]);
  expect(await headerFigures(page)).toEqual({ spans: '3', services: '2', depth: '3', errors: '1', duration: '9ms' });
});

test('keyboard: arrows move the selection, left collapses, Escape closes the panel', async ({ page }) => {
  await openApp(page);
  await dropFiles(page, [fileFrom('test/fixtures/zipkin/shared-client-server-span.json')]);
  const rows = page.getByTestId('span-row');
  await rows.first().click();
  await page.keyboard.press('ArrowDown');
  await expect(rows.nth(1)).toHaveClass(/selected/);
  await page.keyboard.press('ArrowLeft');
  await expect(rows).toHaveCount(2);
  await page.keyboard.press('ArrowRight');
  await expect(rows).toHaveCount(4);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('span-detail')).toHaveCount(0);
});

test('Clear all asks first, then closes every trace and forgets them across a reload', async ({ page }) => {
  await openApp(page);
  await dropFiles(page, [fileFrom('test/fixtures/jaeger/bare-trace.json')]);
  await expect(page.getByTestId('trace-span-count')).toHaveText('2');
  await page.getByTestId('clear-all').click();
  // Keep: nothing is lost.
  await page.getByRole('button', { name: 'Keep' }).click();
  await expect(page.getByTestId('trace-span-count')).toHaveText('2');
  await page.getByTestId('clear-all').click();
  await page.getByTestId('clear-all-confirm').click();
  await expect(page.getByRole('heading', { name: 'See why a request was slow' })).toBeVisible();
  await page.reload();
  await waitIdle(page);
  await expect(page.getByRole('heading', { name: 'See why a request was slow' })).toBeVisible();
});

test('a big file shows progress and can be cancelled; the page keeps what it had', async ({ page }) => {
  const { generateTrace, writeTrace } = await import('../bench/gen-trace');
  const { createWriteStream, mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  // About 110 MB on disk: a couple of seconds of import, plenty of time to see progress and press Cancel.
  const path = join(mkdtempSync(join(tmpdir(), 'skein-big-')), 'big.json');
  const out = createWriteStream(path);
  for (const chunk of writeTrace(generateTrace({ seed: 2, spans: 150_000 }), 'otlp')) out.write(chunk);
  await new Promise<void>((done) => out.end(() => done()));

  await openApp(page);
  await dropFiles(page, [fileFrom('test/fixtures/jaeger/bare-trace.json')]);
  await expect(page.getByTestId('trace-span-count')).toHaveText('2');
  await dropFileFromDisk(page, path);
  await expect(page.getByTestId('load-progress')).toContainText('spans');
  await page.getByTestId('cancel-load').click();
  await waitIdle(page);
  await expect(page.getByTestId('load-progress')).toHaveCount(0);
  await expect(page.getByTestId('load-error')).toHaveCount(0);
  await expect(page.getByTestId('trace-list-item')).toHaveCount(0);
  await expect(page.getByTestId('trace-span-count')).toHaveText('2');
});
