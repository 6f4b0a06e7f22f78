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
