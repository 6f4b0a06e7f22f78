import { readFileSync } from 'node:fs';
import { dropFiles, expect, fileFrom, headerFigures, openApp, test, textFile } from './fixtures';

test.describe('downloading the open trace', () => {
  for (const [testId, suffix] of [
    ['download-trace', '.otlp.json'],
    ['download-trace-jaeger', '.jaeger.json'],
  ] as const) {
    test(`${testId}: the file, dropped in another browser, opens as the same trace`, async ({ page, browser }) => {
      await openApp(page);
      await dropFiles(page, [fileFrom('public/samples/sample-checkout-trace.json')]);
      const figures = await headerFigures(page);
      const traceId = await page.getByTestId('trace-id').textContent();
      await page.getByText('Download', { exact: true }).click();
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
      expect(download.suggestedFilename()).toBe(`${traceId}${suffix}`);
      const text = readFileSync((await download.path()) as string, 'utf8');

      const other = await browser.newPage();
      await openApp(other);
      await dropFiles(other, [textFile(download.suggestedFilename(), text)]);
      expect(await headerFigures(other)).toEqual(figures);
      await expect(other.getByTestId('trace-id')).toHaveText(traceId as string);
      await other.close();
    });
  }

  test('the redacted download hides attribute values and keeps the trace', async ({ page, browser }) => {
    await openApp(page);
    await dropFiles(page, [fileFrom('public/samples/sample-checkout-trace.json')]);
    const figures = await headerFigures(page);
    await page.getByText('Download', { exact: true }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('download-trace-redacted').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/-redacted\.otlp\.json$/);
    const text = readFileSync((await download.path()) as string, 'utf8');
    expect(text).toContain('redacted:');

    const other = await browser.newPage();
    await openApp(other);
    await dropFiles(other, [textFile('redacted.json', text)]);
    expect(await headerFigures(other)).toEqual(figures);
    await other.close();
  });

  test('the redaction rules are yours: a bad pattern is named, good ones apply and are remembered', async ({
    page,
  }) => {
    await openApp(page);
    await dropFiles(page, [fileFrom('public/samples/sample-checkout-trace.json')]);
    await page.getByText('Download', { exact: true }).click();
    await page.getByTestId('redact-rules').click();
    await page.getByTestId('redact-drop').fill('db.*\nuser agent');
    await expect(page.getByTestId('redact-error')).toHaveText('Leave out: pattern 2 ("user agent") has a space inside');
    await page.getByTestId('redact-drop').fill('db.*\nuser_agent.*');
    await expect(page.getByTestId('redact-error')).toHaveCount(0);
    await page.getByTestId('redact-keep').fill('user.id\nhttp.*');
    const redacted = async () => {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('download-trace-redacted').click(),
      ]);
      return readFileSync((await download.path()) as string, 'utf8');
    };
    const text = await redacted();
    expect(text).toContain('"key":"user.id","value":{"stringValue":"u-88213"}');
    expect(text).not.toContain('"db.query.text"');
    expect(text).not.toContain('"user_agent.original"');
    expect(text).toMatch(/"key":"session.id","value":\{"stringValue":"redacted:[0-9a-f]{8}"\}/);

    // After a reload the same rules apply.
    await page.reload();
    await page.waitForFunction(() => document.body.dataset.idle === 'true');
    await page.getByText('Download', { exact: true }).click();
    const again = await redacted();
    expect(again).toContain('"stringValue":"u-88213"');
    expect(again).not.toContain('"db.query.text"');
  });
});

test("a link to a file's trace, opened where that file is not, says so, keeps the link, and the file opens it", async ({
  page,
}) => {
  const id = '7f3a9c2e5b8d41f0a6c3e9b2d4f81a57';
  await openApp(page, `/?trace=${id}&span=00f067aa0ba902b7`);
  await expect(page.getByTestId('trace-not-here')).toContainText(`Trace ${id} is not open in this browser`);
  await expect(page.getByTestId('trace-not-here')).toContainText('drop that file here');
  await page.reload();
  await page.waitForFunction(() => document.body.dataset.idle === 'true');
  await expect(page).toHaveURL(new RegExp(`trace=${id}`));
  await expect(page.getByTestId('trace-not-here')).toBeVisible();
  await dropFiles(page, [fileFrom('public/samples/sample-checkout-trace.json')]);
  await expect(page.getByTestId('trace-not-here')).toHaveCount(0);
  await expect(page.getByTestId('trace-id')).toHaveText(id);
  await expect(page.getByTestId('trace-span-count')).toHaveText('33');
});

test('Copy link copies the view: the trace and the selected span open again from it', async ({ page }) => {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await openApp(page);
  await dropFiles(page, [fileFrom('public/samples/sample-checkout-trace.json')]);
  await page.getByTestId('span-row').nth(3).click();
  const spanId = await page.getByTestId('span-row').nth(3).getAttribute('data-span-id');
  await page.getByTestId('copy-span-link').click();
  await expect(page.getByTestId('copy-span-link')).toHaveText('Copied');
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toContain('trace=7f3a9c2e5b8d41f0a6c3e9b2d4f81a57');
  expect(link).toContain(`span=${spanId}`);

  const other = await page.context().newPage();
  await other.goto(link);
  await other.waitForFunction(() => document.body.dataset.idle === 'true');
  await expect(other.getByTestId('span-detail')).toBeVisible();
  await expect(other.locator('[data-testid="span-row"][aria-selected="true"]')).toHaveAttribute(
    'data-span-id',
    spanId ?? '',
  );
  await other.getByTestId('copy-trace-link').click();
  expect(await other.evaluate(() => navigator.clipboard.readText())).toBe(link);
  await other.close();
});
