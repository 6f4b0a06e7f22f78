// The worker path (the built app in Chromium) and the main-thread path (the
// same TraceSession run here in Node) give the same trace, column for column.
// 5,000 spans make files over 2 MB, so the worker shares batches with its
// parse helper: that path is checked here too.
import { generateTrace, traceText } from '../bench/gen-trace';
import { columnsText } from '../src/model/columns-text';
import { TraceSession } from '../src/worker/trace-session';
import { dropFiles, expect, openApp, test, textFile } from './fixtures';

for (const format of ['jaeger', 'zipkin', 'otlp'] as const) {
  test(`worker and main thread build the same ${format} trace`, async ({ page }) => {
    const text = traceText(generateTrace({ seed: 5, spans: 5000, services: 10 }), format);
    const session = new TraceSession();
    const report = await session.importFiles([{ name: `gen.${format}.json`, blob: new Blob([text]) }]);
    const expected = columnsText(report.traces[0] as NonNullable<(typeof report.traces)[0]>);

    await openApp(page);
    await dropFiles(page, [textFile(`gen.${format}.json`, text)]);
    await expect(page.getByTestId('trace-span-count')).toHaveText('5000');
    const inBrowser = await page.evaluate(() =>
      (window as unknown as { skeinDebug: { dump(): string } }).skeinDebug.dump(),
    );
    expect(inBrowser).toBe(expected);
    const batches = await page.evaluate(
      () =>
        (performance.getEntriesByName('skein:import-done').at(-1) as PerformanceMark).detail.files[0].batches as {
          total: number;
          helper: number;
        },
    );
    expect(batches.helper).toBeGreaterThan(0);
  });
}

// The page's warm-up (WarmRender.tsx): the worker's sample trace is drawn once out of sight, then dropped.
const WATCH_WARM_RENDER = `
  window.__warm = { seen: 0, rows: 0, hidden: true };
  new MutationObserver(() => {
    const el = document.querySelector('.warm-render');
    if (!el) return;
    const w = window.__warm;
    w.seen++;
    w.rows = Math.max(w.rows, el.querySelectorAll('[data-testid=span-row]').length);
    const box = el.getBoundingClientRect();
    w.hidden = w.hidden && el.getAttribute('aria-hidden') === 'true' && el.hasAttribute('inert') && box.right <= 0;
  }).observe(document, { childList: true, subtree: true });
`;

test('the page draws the warm-up trace out of sight once, then drops it', async ({ page }) => {
  await page.addInitScript({ content: WATCH_WARM_RENDER });
  await openApp(page);
  const warm = await page.evaluate(() => (window as unknown as { __warm: object }).__warm);
  expect(warm).toMatchObject({ hidden: true });
  expect((warm as { seen: number }).seen).toBeGreaterThan(0);
  expect((warm as { rows: number }).rows).toBeGreaterThan(10);
  // Gone once idle, and nothing of it stays: no rows, no trace in the list or the URL.
  await expect(page.locator('.warm-render')).toHaveCount(0);
  await expect(page.getByTestId('span-row')).toHaveCount(0);
  expect(new URL(page.url()).search).toBe('');
  await expect(page.getByRole('heading', { name: 'See why a request was slow' })).toBeVisible();
});

test('a page opened on a trace link skips the warm-up draw', async ({ page }) => {
  await page.addInitScript({ content: WATCH_WARM_RENDER });
  await openApp(page, '/?trace=0af7651916cd43dd8448eb211c80319c');
  const warm = await page.evaluate(() => (window as unknown as { __warm: { seen: number } }).__warm);
  expect(warm.seen).toBe(0);
  await expect(page.locator('.warm-render')).toHaveCount(0);
});
