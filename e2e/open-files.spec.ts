import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { lengthPrefixed } from '../test/helpers/otlp-protobuf';
import { encodeOtlpJson } from '../src/formats/otlp/otlp-proto';
import { dropFiles, expect, fileFrom, headerFigures, openApp, root, test } from './fixtures';

test.describe('dropping a trace file of each format shows its figures', () => {
  test('Jaeger JSON', async ({ page }) => {
    await openApp(page);
    await dropFiles(page, [fileFrom('test/fixtures/jaeger/envelope-data-array.json')]);
    expect(await headerFigures(page)).toEqual({
      spans: '3',
      services: '2',
      depth: '2',
      errors: '0',
      duration: '120.5ms',
    });
    await expect(page.getByTestId('span-row')).toHaveCount(3);
  });

  test('Zipkin v2 JSON', async ({ page }) => {
    await openApp(page);
    await dropFiles(page, [fileFrom('test/fixtures/zipkin/shared-client-server-span.json')]);
    expect(await headerFigures(page)).toEqual({ spans: '4', services: '2', depth: '4', errors: '0', duration: '10ms' });
  });

  test('OTLP/JSON', async ({ page }) => {
    await openApp(page);
    await dropFiles(page, [fileFrom('test/fixtures/otlp/resource-spans-hex-ids.json')]);
    expect(await headerFigures(page)).toEqual({
      spans: '2',
      services: '1',
      depth: '2',
      errors: '1',
      duration: '250ms',
    });
  });

  test('gzip-compressed OTLP (.json.gz) is decompressed in the browser', async ({ page }) => {
    await openApp(page);
    const text = readFileSync(resolve(root, 'public/samples/sample-checkout-trace.json'));
    await dropFiles(page, [{ name: 'checkout.json.gz', base64: gzipSync(text).toString('base64') }]);
    expect(await headerFigures(page)).toEqual({
      spans: '33',
      services: '8',
      depth: '8',
      errors: '1',
      duration: '1.14s',
    });
  });

  test('OTLP protobuf as an SDK sends it reads like its JSON, details included', async ({ page }) => {
    await openApp(page);
    const bytes = encodeOtlpJson(
      JSON.parse(readFileSync(resolve(root, 'public/samples/sample-checkout-trace.json'), 'utf8')),
    );
    await dropFiles(page, [{ name: 'checkout.pb', base64: Buffer.from(bytes).toString('base64') }]);
    expect(await headerFigures(page)).toEqual({
      spans: '33',
      services: '8',
      depth: '8',
      errors: '1',
      duration: '1.14s',
    });
    await page.getByText('POST /v1/charges').first().click();
    await expect(page.getByTestId('span-detail')).toContainText('POST /v1/charges');
  });

  test('the Collector file exporter’s protobuf (length-prefixed messages) opens too', async ({ page }) => {
    await openApp(page);
    const bytes = encodeOtlpJson(
      JSON.parse(readFileSync(resolve(root, 'public/samples/sample-checkout-trace.json'), 'utf8')),
    );
    await dropFiles(page, [
      { name: 'collector.binpb', base64: Buffer.from(lengthPrefixed([bytes])).toString('base64') },
    ]);
    expect(await headerFigures(page)).toEqual({
      spans: '33',
      services: '8',
      depth: '8',
      errors: '1',
      duration: '1.14s',
    });
  });

  test('one export per service, dropped together, merges into one trace with cross-file parents', async ({ page }) => {
    await openApp(page);
    await dropFiles(page, [
      fileFrom('e2e/files/export-frontend-service.json'),
      fileFrom('e2e/files/export-basket-service.json'),
    ]);
    expect(await headerFigures(page)).toEqual({ spans: '4', services: '2', depth: '4', errors: '1', duration: '90ms' });
    await expect(page.getByTestId('trace-incomplete')).toHaveCount(0);
    const depths = await page
      .getByTestId('span-row')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-depth')));
    expect(depths).toEqual(['0', '1', '2', '3']);
  });

  test('a file with several traces lists them and switches between them', async ({ page }) => {
    await openApp(page);
    await dropFiles(page, [fileFrom('test/fixtures/zipkin/list-of-traces.json')]);
    const items = page.getByTestId('trace-list-item');
    await expect(items).toHaveCount(2);
    await items.filter({ hasText: 'GET /two' }).click();
    await expect(page.getByTestId('trace-span-count')).toHaveText('2');
    await expect(page).toHaveURL(/trace=000000000000000000000000000000a2/);
    await items.filter({ hasText: 'GET /one' }).click();
    await expect(page.getByTestId('trace-span-count')).toHaveText('1');
  });

  test('an orphaned span marks the trace incomplete with the orphan count', async ({ page }) => {
    await openApp(page);
    await dropFiles(page, [fileFrom('test/fixtures/jaeger/orphan-parent-missing.json')]);
    await expect(page.getByTestId('trace-incomplete')).toHaveText(/1 orphan/);
  });
});

test('the sample opens from the welcome page', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Open a sample trace' }).click();
  await expect(page.getByTestId('trace-span-count')).toHaveText('33');
  expect(await headerFigures(page)).toEqual({ spans: '33', services: '8', depth: '8', errors: '1', duration: '1.14s' });
});

test('pasted JSON opens like a file', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Paste JSON' }).first().click();
  await page
    .getByTestId('paste-input')
    .fill(readFileSync(resolve(root, 'test/fixtures/jaeger/bare-trace.json'), 'utf8'));
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(page.getByTestId('trace-span-count')).toHaveText('2');
});
