// Room to read, and ways to narrow a big waterfall: rows visible at a laptop's
// size, resizable columns and panels that remember, the bar tooltip, distinct
// colours, focus on a subtree, hiding short spans, folding repeated siblings,
// and the URL keeping it all (per trace).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { serviceColor } from '../src/model/service-color';
import { dropFiles, expect, fileFrom, openApp, root, test, textFile, waitIdle } from './fixtures';

const SAMPLE = 'public/samples/sample-checkout-trace.json';

interface OtlpSpan {
  spanId: string;
  parentSpanId?: string;
  name: string;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
}

function sampleSpans(): OtlpSpan[] {
  const doc = JSON.parse(readFileSync(resolve(root, SAMPLE), 'utf8')) as {
    resourceSpans: Array<{ scopeSpans: Array<{ spans: OtlpSpan[] }> }>;
  };
  return doc.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
}

test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openApp(page);
  await dropFiles(page, [fileFrom(SAMPLE)]);
  await expect(page.getByTestId('trace-span-count')).toHaveText('33');
});

test('at 1280×800 with a span open, at least 20 waterfall rows are in view', async ({ page }) => {
  await page.getByTestId('span-row').nth(1).click();
  await expect(page.getByTestId('span-detail')).toBeVisible();
  const box = await page.getByTestId('waterfall-scroll').boundingBox();
  if (!box) throw new Error('no waterfall');
  const tops = await page
    .getByTestId('span-row')
    .evaluateAll((rows) => rows.map((r) => r.getBoundingClientRect()).map((r) => [r.top, r.bottom]));
  const inView = tops.filter(
    ([top, bottom]) => (top as number) >= box.y - 1 && (bottom as number) <= box.y + box.height + 1,
  );
  expect(inView.length).toBeGreaterThanOrEqual(20);
});

test('the name column and the detail panel resize by drag or keys, and keep their width after a reload', async ({
  page,
}) => {
  const name = page.getByTestId('span-row').first().locator('.span-name');
  const before = (await name.boundingBox())?.width ?? 0;
  const handle = page.getByTestId('name-column-resize');
  const at = await handle.boundingBox();
  if (!at) throw new Error('no handle');
  await page.mouse.move(at.x + at.width / 2, at.y + at.height / 2);
  await page.mouse.down();
  await page.mouse.move(at.x + at.width / 2 + 120, at.y + at.height / 2, { steps: 5 });
  await page.mouse.up();
  const after = (await name.boundingBox())?.width ?? 0;
  expect(after - before).toBeGreaterThan(100);
  expect(after - before).toBeLessThan(140);

  await page.getByTestId('span-row').first().click();
  const detail = page.getByTestId('span-detail');
  const detailBefore = (await detail.boundingBox())?.width ?? 0;
  await page.getByTestId('detail-resize').focus();
  for (let k = 0; k < 4; k++) await page.keyboard.press('ArrowLeft');
  const detailAfter = (await detail.boundingBox())?.width ?? 0;
  expect(Math.round(detailAfter - detailBefore)).toBe(64);

  await page.reload();
  await waitIdle(page);
  expect(Math.round((await page.getByTestId('span-row').first().locator('.span-name').boundingBox())?.width ?? 0)).toBe(
    Math.round(after),
  );
  expect(Math.round((await page.getByTestId('span-detail').boundingBox())?.width ?? 0)).toBe(Math.round(detailAfter));
  // A double-click gives the width back to the layout.
  await page.getByTestId('name-column-resize').dblclick();
  await page.getByRole('button', { name: 'Close details' }).click();
  expect(Math.round((await page.getByTestId('span-row').first().locator('.span-name').boundingBox())?.width ?? 0)).toBe(
    Math.round(before),
  );
});

test('hovering a bar shows what it is: service, operation, duration, status', async ({ page }) => {
  const row = page.getByTestId('span-row').filter({ hasText: 'POST /v1/charges' }).first();
  const rowBox = await row.boundingBox();
  const scroll = await page.getByTestId('waterfall-scroll').boundingBox();
  if (!rowBox || !scroll) throw new Error('no row');
  // The bar of POST /v1/charges starts near 55% of the timeline; sweep across the row until the tooltip shows.
  const tooltip = page.getByTestId('bar-tooltip');
  const nameWidth = (await row.locator('.span-name').boundingBox())?.width ?? 0;
  for (let x = rowBox.x + nameWidth + 12; x < scroll.x + scroll.width - 10; x += 6) {
    await page.mouse.move(x, rowBox.y + rowBox.height / 2);
    if (await tooltip.isVisible()) break;
  }
  await expect(tooltip).toBeVisible();
  await expect(tooltip).toContainText('payments');
  await expect(tooltip).toContainText('POST /v1/charges');
  await expect(tooltip).toContainText('error');
  await page.mouse.move(rowBox.x + 20, rowBox.y + rowBox.height / 2);
  await expect(tooltip).toHaveCount(0);
});

test('two services whose names hash to one colour get different colours in one trace', async ({ page }) => {
  const seen = new Map<string, string>();
  let pair: [string, string] | null = null;
  for (let i = 0; !pair; i++) {
    const name = `svc-${i}`;
    const other = seen.get(serviceColor(name));
    if (other) pair = [other, name];
    else seen.set(serviceColor(name), name);
  }
  const spans = pair.map((service, i) => ({
    traceId: 'c0'.repeat(16),
    id: `${i + 1}`.padStart(16, '0'),
    parentId: i === 0 ? undefined : '0000000000000001',
    name: `op ${i}`,
    timestamp: 1_700_000_000_000_000 + i * 10,
    duration: 100 - i * 20,
    localEndpoint: { serviceName: service },
  }));
  await dropFiles(page, [textFile('colliding-colours.json', JSON.stringify(spans))]);
  await expect(page.getByTestId('trace-span-count')).toHaveText('2');
  const colors = await page
    .getByTestId('span-row')
    .locator('.service-dot')
    .evaluateAll((dots) => dots.map((d) => getComputedStyle(d).backgroundColor));
  expect(colors).toHaveLength(2);
  expect(colors[0]).not.toBe(colors[1]);
});

test('focus shows one subtree with a trail back; the URL keeps it', async ({ page }) => {
  const rows = page.getByTestId('span-row');
  await rows.filter({ hasText: 'payments.Payments/Charge' }).first().click();
  await page.getByTestId('waterfall-scroll').focus();
  await page.keyboard.press('f');
  await expect(page.getByTestId('focus-trail')).toBeVisible();
  // The client span, its server span and that one's 4 children.
  await expect(page.getByTestId('rows-shown')).toHaveAttribute('data-rows', '6');
  expect(new URL(page.url()).searchParams.get('focus')).toBeTruthy();
  await page.reload();
  await waitIdle(page);
  await expect(page.getByTestId('rows-shown')).toHaveAttribute('data-rows', '6');
  await page
    .getByTestId('focus-trail')
    .getByRole('button', { name: /POST \/api\/checkout/ })
    .first()
    .click();
  await expect(page.getByTestId('rows-shown')).not.toHaveAttribute('data-rows', '6');
  await page.getByTestId('focus-clear').click();
  await expect(page.getByTestId('focus-trail')).toHaveCount(0);
  await expect(page.getByTestId('rows-shown')).toHaveAttribute('data-rows', '33');
  // The detail panel's button does the same.
  await rows.filter({ hasText: 'cart.CartService/GetCart' }).nth(1).click();
  await page.getByTestId('focus-span').click();
  await expect(page.getByTestId('rows-shown')).toHaveAttribute('data-rows', '3');
});

test('hiding spans shorter than a duration keeps the longer ones and their ancestors', async ({ page }) => {
  const spans = sampleSpans();
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const keep = new Set<string>();
  for (const s of spans) {
    if (Number(BigInt(s.endTimeUnixNano) - BigInt(s.startTimeUnixNano)) / 1000 < 50_000) continue;
    for (
      let at: OtlpSpan | undefined = s;
      at && !keep.has(at.spanId);
      at = at.parentSpanId ? byId.get(at.parentSpanId) : undefined
    )
      keep.add(at.spanId);
  }
  expect(keep.size).toBeGreaterThan(3);
  expect(keep.size).toBeLessThan(33);
  await page.getByTestId('min-duration').fill('50ms');
  await page.getByTestId('min-duration').press('Enter');
  await expect(page.getByTestId('rows-shown')).toHaveAttribute('data-rows', String(keep.size));
  expect(new URL(page.url()).searchParams.get('min')).toBe('50000');
  await page.getByTestId('min-duration').fill('fifty');
  await page.getByTestId('min-duration').press('Enter');
  await expect(page.getByTestId('min-duration')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('rows-shown')).toHaveAttribute('data-rows', String(keep.size));
  await page.getByTestId('min-duration').press('Escape');
  await expect(page.getByTestId('rows-shown')).toHaveAttribute('data-rows', '33');
});

test('repeated siblings fold into one ×N row with their figures, and unfold', async ({ page }) => {
  await page.getByTestId('fold-repeats').click();
  const folded = page.locator('[data-testid="span-row"][data-fold-count]');
  // inventory SELECT stock ×3 and payments POST /v1/charges ×2 (a retry).
  await expect(folded).toHaveCount(2);
  await expect(page.getByTestId('rows-shown')).toHaveAttribute('data-rows', '30');
  const select = folded.filter({ hasText: 'SELECT stock' });
  await expect(select).toHaveAttribute('data-fold-count', '3');
  await expect(folded.filter({ hasText: 'POST /v1/charges' }).getByTestId('span-error')).toHaveCount(1);
  await select.getByTestId('fold-toggle').click();
  await expect(page.getByTestId('rows-shown')).toHaveAttribute('data-rows', '32');
  await expect(page.getByTestId('span-row').filter({ hasText: 'SELECT stock' })).toHaveCount(3);
  expect(new URL(page.url()).searchParams.get('fold')).toBe('1');
  await page.getByTestId('fold-repeats').click();
  await expect(page.getByTestId('rows-shown')).toHaveAttribute('data-rows', '33');
});

test('matches and the critical path mark the minimap and the scrollbar', async ({ page }) => {
  const inked = (testId: string) =>
    page.getByTestId(testId).evaluate((canvas) => {
      const c = canvas as HTMLCanvasElement;
      const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? new Uint8ClampedArray();
      let amber = 0;
      for (let p = 0; p < data.length; p += 4)
        if (
          (data[p] as number) > 200 &&
          (data[p + 1] as number) > 120 &&
          (data[p + 1] as number) < 180 &&
          (data[p + 2] as number) < 60
        )
          amber++;
      return amber;
    });
  expect(await inked('scroll-marks')).toBe(0);
  await page.getByTestId('trace-query').fill('{ name = "SELECT stock" }');
  await page.getByTestId('trace-query').press('Enter');
  await expect(page.getByTestId('trace-query-count')).toContainText('3');
  await expect.poll(() => inked('scroll-marks')).toBeGreaterThan(0);
  await expect.poll(() => inked('minimap')).toBeGreaterThan(0);
});

test('the zoom belongs to its trace: another trace opens unzoomed, coming back restores nothing stale', async ({
  page,
}) => {
  await dropFiles(page, [fileFrom('e2e/files/hostile-names.json')]);
  await waitIdle(page);
  const items = page.getByTestId('trace-list-item');
  await expect(items).toHaveCount(2);
  await items.filter({ hasText: 'GET /checkout' }).click();
  await expect(page.getByTestId('trace-span-count')).toHaveText('33');
  const minimap = await page.getByTestId('minimap').boundingBox();
  if (!minimap) throw new Error('no minimap');
  await page.mouse.move(minimap.x + minimap.width * 0.2, minimap.y + 10);
  await page.mouse.down();
  await page.mouse.move(minimap.x + minimap.width * 0.5, minimap.y + 10, { steps: 4 });
  await page.mouse.up();
  await expect(page.getByTestId('reset-zoom')).toBeVisible();
  expect(new URL(page.url()).searchParams.get('zoom')).toMatch(/^\d+,\d+$/);
  await items.filter({ hasNotText: 'GET /checkout' }).click();
  await expect(page.getByTestId('reset-zoom')).toHaveCount(0);
  expect(new URL(page.url()).searchParams.get('zoom')).toBeNull();
  // Back goes to the zoomed view of the first trace.
  await page.goBack();
  await expect(page.getByTestId('trace-span-count')).toHaveText('33');
  await expect(page.getByTestId('reset-zoom')).toBeVisible();
});

test('the trace list folds to a rail and back, and resizes', async ({ page }) => {
  await dropFiles(page, [fileFrom('e2e/files/hostile-names.json')]);
  await waitIdle(page);
  const list = page.getByRole('navigation', { name: 'Loaded traces' });
  const wide = (await list.boundingBox())?.width ?? 0;
  await page.getByTestId('trace-list-resize').focus();
  await page.keyboard.press('ArrowRight');
  expect(Math.round(((await list.boundingBox())?.width ?? 0) - wide)).toBe(16);
  await page.getByTestId('trace-list-shut').click();
  await expect(page.getByTestId('trace-list-item')).toHaveCount(0);
  expect((await list.boundingBox())?.width ?? 0).toBeLessThan(40);
  await page.reload();
  await waitIdle(page);
  await expect(page.getByTestId('trace-list-open')).toBeVisible();
  await page.getByTestId('trace-list-open').click();
  await expect(page.getByTestId('trace-list-item')).toHaveCount(2);
});
