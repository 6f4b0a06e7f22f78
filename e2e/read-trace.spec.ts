import { dropFiles, expect, fileFrom, openApp, test, textFile, waitIdle } from './fixtures';

test.beforeEach(async ({ page }) => {
  await openApp(page);
  await dropFiles(page, [fileFrom('public/samples/sample-checkout-trace.json')]);
  await expect(page.getByTestId('trace-span-count')).toHaveText('33');
});

test('collapse and expand one row, then all rows', async ({ page }) => {
  const rows = page.getByTestId('span-row');
  const shown = page.getByTestId('rows-shown');
  await expect(shown).toHaveAttribute('data-rows', '33');
  const payments = rows.filter({ hasText: 'payments.Payments/Charge' }).first();
  await payments.getByTestId('span-toggle').click();
  // The client span's subtree (its server span and that one's 4 children) disappears.
  await expect(shown).toHaveAttribute('data-rows', '28');
  await expect(shown).toHaveText('28 of 33 spans shown');
  await expect(rows.filter({ hasText: 'fraud check' })).toHaveCount(0);
  // The collapsed row carries the error of its hidden descendant.
  await expect(payments.locator('.toggle-button.has-error')).toHaveCount(1);
  await payments.getByTestId('span-toggle').click();
  await expect(shown).toHaveAttribute('data-rows', '33');
  await expect(rows.filter({ hasText: 'fraud check' })).toHaveCount(1);

  await page.getByTestId('collapse-all').click();
  await expect(rows).toHaveCount(1);
  await page.getByTestId('expand-all').click();
  await expect(shown).toHaveAttribute('data-rows', '33');
});

test('clicking a span shows its attributes, events, status and resource', async ({ page }) => {
  await page.getByTestId('span-row').filter({ hasText: 'POST /v1/charges' }).first().click();
  const detail = page.getByTestId('span-detail');
  await expect(detail.getByTestId('span-detail-name')).toHaveText('POST /v1/charges');
  await expect(detail.getByTestId('span-status')).toContainText('ERROR');
  await expect(detail.getByTestId('span-status')).toContainText('upstream PSP returned 503');
  const attributes = detail.getByTestId('span-attributes');
  await expect(attributes.locator('tr[data-key="http.response.status_code"] td')).toContainText('503');
  await expect(attributes.locator('tr[data-key="url.full"] td')).toContainText('https://api.psp.example/v1/charges');
  const event = detail.getByTestId('span-event');
  await expect(event).toHaveCount(1);
  await expect(event).toContainText('exception');
  await expect(event).toContainText('+250ms in span');
  await expect(event.locator('tr[data-key="exception.type"]')).toContainText('PspUnavailableException');
  await expect(detail.getByTestId('span-resource').locator('tr[data-key="host.name"]')).toContainText('pay-2');

  // The attribute filter narrows the list.
  await detail.getByTestId('attribute-filter').fill('server.address');
  await expect(attributes.locator('tr')).toHaveCount(1);

  // The selection is in the URL and survives a reload.
  await expect(page).toHaveURL(/span=/);
  await page.reload();
  await waitIdle(page);
  await expect(page.getByTestId('span-detail').getByTestId('span-detail-name')).toHaveText('POST /v1/charges');
});

test('a span link jumps to its target span', async ({ page }) => {
  await page.getByTestId('span-row').filter({ hasText: 'orders.created process' }).click();
  const references = page.getByTestId('span-detail').getByTestId('span-references');
  await expect(references).toContainText('Link');
  await references.getByTestId('reference-jump').nth(1).click();
  await expect(page.getByTestId('span-detail').getByTestId('span-detail-name')).toHaveText('orders.created publish');
  await expect(page.locator('[data-testid=span-row].selected')).toContainText('orders.created publish');
});

test('raw timing shows the recorded start of a clock-skewed span', async ({ page }) => {
  await page.getByTestId('span-row').filter({ hasText: 'pricing.Pricing/Quote' }).nth(1).click();
  const detail = page.getByTestId('span-detail');
  await expect(detail).toContainText('shifted 4.2ms later for clock skew');
  await expect(detail.getByTestId('span-warnings')).toContainText('clock skew');
  await page.getByTestId('raw-timing').check();
  await expect(detail).toContainText('+146.8ms');
  await expect(page).toHaveURL(/timing=raw/);
});

test('dragging on the minimap zooms the time axis; the window is in the URL and Reset zoom undoes it', async ({
  page,
}) => {
  const box = await page.getByTestId('minimap').boundingBox();
  if (!box) throw new Error('no minimap');
  await page.mouse.move(box.x + box.width * 0.2, box.y + 10);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.5, box.y + 20, { steps: 4 });
  await page.mouse.up();
  await expect(page).toHaveURL(/zoom=\d+%2C\d+/);
  const [from, to] = decodeURIComponent(new URL(page.url()).searchParams.get('zoom') ?? '')
    .split(',')
    .map(Number);
  // The sample lasts 1.143 s: 20%..50% of it.
  expect(from).toBeGreaterThan(200_000);
  expect(to).toBeLessThan(600_000);
  await page.reload();
  await waitIdle(page);
  await expect(page.getByTestId('reset-zoom')).toBeVisible();
  await page.getByTestId('reset-zoom').click();
  await expect(page).not.toHaveURL(/zoom=/);
});

test('in a trace 80 levels deep the deepest span still shows its service and name', async ({ page }) => {
  const spans = Array.from({ length: 80 }, (_, i) => ({
    traceId: '5'.repeat(32),
    spanId: (i + 1).toString(16).padStart(16, '0'),
    ...(i ? { parentSpanId: i.toString(16).padStart(16, '0') } : {}),
    name: `level ${i}`,
    startTimeUnixNano: String(1_700_000_000_000_000_000n + BigInt(i) * 1000n),
    endTimeUnixNano: String(1_700_000_000_000_000_000n + 1_000_000n - BigInt(i) * 1000n),
  }));
  const text = JSON.stringify({
    resourceSpans: [
      { resource: { attributes: [{ key: 'service.name', value: { stringValue: 'deep' } }] }, scopeSpans: [{ spans }] },
    ],
  });
  await openApp(page);
  await dropFiles(page, [textFile('deep-chain.json', text)]);
  await expect(page.getByTestId('trace-span-count')).toHaveText('80');
  await page.getByTestId('waterfall-scroll').evaluate((el) => (el.scrollTop = el.scrollHeight));
  const deepest = page.locator('[data-testid=span-row][data-depth="79"]');
  await expect(deepest).toBeVisible();
  const nameBox = await deepest.locator('.span-name').boundingBox();
  const operationBox = await deepest.getByText('level 79').boundingBox();
  expect(nameBox && operationBox).toBeTruthy();
  if (!nameBox || !operationBox) return;
  // The operation starts inside the name column, with room to be read.
  expect(operationBox.x + 40).toBeLessThan(nameBox.x + nameBox.width);
});
