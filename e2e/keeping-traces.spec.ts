// Keeping what is open in order: close one trace (and it stays closed after a reload), a newer export of an open
// trace replaces it with a word, a bad paste keeps its text in the dialog, and banners go away together.
import type { Page } from '@playwright/test';
import { dropFiles, expect, openApp, test, textFile, waitIdle } from './fixtures';
import { zipkinSpan as span } from '../test/helpers/zipkin-spans';

const listItems = (page: Page) => page.getByTestId('trace-list-item');

/** Pastes text on the page itself (not in a field), as Ctrl+V over the window does. */
async function pasteOnPage(page: Page, text: string): Promise<void> {
  await page.evaluate((value) => {
    const data = new DataTransfer();
    data.setData('text', value);
    document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true }));
  }, text);
  await waitIdle(page);
}

test('one trace closes from the list and from its header, the others stay, and a reload keeps it closed', async ({
  page,
}) => {
  await openApp(page);
  const three = ['aaa', 'bbb', 'ccc'].map((t, n) => span(t, `${n + 1}`, '', `service-${t}`, n * 1000, 50));
  await dropFiles(page, [textFile('three-traces.json', JSON.stringify(three))]);
  await expect(listItems(page)).toHaveCount(3);
  // Traces of the same shape tell apart by their short ids.
  for (const id of ['0000aaa', '0000bbb', '0000ccc']) await expect(page.locator('nav.trace-list')).toContainText(id);

  await listItems(page).nth(1).hover();
  await page.getByTestId('trace-list-close').nth(1).click();
  await expect(listItems(page)).toHaveCount(2);
  await expect(page.locator('nav.trace-list')).not.toContainText('service-bbb');

  await listItems(page).first().click();
  const first = await page.getByTestId('trace-id').textContent();
  await page.getByTestId('close-trace').click();
  // One trace left: it is shown, without a list.
  await expect(listItems(page)).toHaveCount(0);
  await expect(page.getByTestId('trace-id')).not.toHaveText(first ?? '');
  await expect(page.getByTestId('trace-id')).toHaveText('00000000000000000000000000000ccc');

  await page.reload();
  await waitIdle(page);
  await expect(page.getByTestId('trace-id')).toHaveText('00000000000000000000000000000ccc');
  await expect(listItems(page)).toHaveCount(0);

  // Closing the last one gives the start page; the same file dropped again opens every trace again.
  await page.getByTestId('close-trace').click();
  await expect(page.getByTestId('trace-id')).toHaveCount(0);
  await dropFiles(page, [textFile('three-traces.json', JSON.stringify(three))]);
  await expect(listItems(page)).toHaveCount(3);
  await page.reload();
  await waitIdle(page);
  await expect(listItems(page)).toHaveCount(3);
});

test('a newer export of an open trace replaces it, says so, and the page after a reload is the same', async ({
  page,
}) => {
  await openApp(page);
  const early = [span('abc', 'a1', '', 'frontend', 0, 100)];
  const late = [span('abc', 'a1', '', 'frontend', 0, 250), span('abc', 'a2', 'a1', 'cart', 120, 90)];
  await dropFiles(page, [textFile('checkout-early.json', JSON.stringify(early))]);
  await expect(page.getByTestId('trace-span-count')).toHaveText('1');
  await dropFiles(page, [textFile('checkout-late.json', JSON.stringify(late))]);
  await expect(page.getByTestId('trace-span-count')).toHaveText('2');
  await expect(page.getByTestId('trace-duration')).toHaveText('250ms');
  await expect(listItems(page)).toHaveCount(0);
  await expect(page.getByTestId('load-notice')).toContainText(
    'checkout-late.json had a newer copy of the open trace “frontend work” (frontend): 1 span replaced, 1 added.',
  );
  await expect(page.getByTestId('trace-warnings')).toHaveCount(0);
  await page.reload();
  await waitIdle(page);
  await expect(page.getByTestId('trace-span-count')).toHaveText('2');
  await expect(page.getByTestId('trace-duration')).toHaveText('250ms');
  await expect(page.getByTestId('load-notice')).toHaveCount(0);
});

test('a bad paste keeps its text and says where it broke; a good paste clears the failed paste', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Paste JSON' }).first().click();
  const broken = '[\n  {"traceId": "abc", "id": "1",}\n]';
  await page.getByTestId('paste-input').fill(broken);
  await page.getByTestId('paste-open').click();
  await expect(page.getByTestId('paste-error')).toContainText('pasted text:2:32');
  await expect(page.getByTestId('paste-input')).toHaveValue(broken);
  await expect(page.getByTestId('paste-input')).toBeFocused();
  const caret = await page.getByTestId('paste-input').evaluate((el) => (el as HTMLTextAreaElement).selectionStart);
  // The caret sits on the character the message names: the } after the trailing comma.
  expect(broken.slice(0, caret).split('\n')).toHaveLength(2);
  expect(broken.slice(caret)).toMatch(/^\}\n\]$/);
  await expect(page.getByTestId('load-error')).toHaveCount(0);
  // Fixed in place, it opens.
  await page.getByTestId('paste-input').fill(broken.replace(',}', '}'));
  await page.getByTestId('paste-open').click();
  await expect(page.getByTestId('paste-input')).toHaveCount(0);
  await expect(page.getByTestId('trace-span-count')).toHaveText('1');

  // Pasted on the page: a failure is a banner, which the next good paste takes away.
  await pasteOnPage(page, '{"not": "a trace"');
  await expect(page.getByTestId('load-error')).toContainText('pasted text');
  await pasteOnPage(page, JSON.stringify([span('def', 'd1', '', 'billing', 0, 5)]));
  await expect(page.getByTestId('load-error')).toHaveCount(0);
});

test('several banners dismiss together', async ({ page }) => {
  await openApp(page);
  await dropFiles(page, [
    textFile('first-broken.json', '{"data": ['),
    textFile('second-broken.json', 'not json'),
    textFile('third-broken.json', '[1, 2'),
  ]);
  await expect(page.getByTestId('load-error').locator('.problem')).toHaveCount(3);
  await page.getByTestId('dismiss-all').click();
  await expect(page.getByTestId('load-error')).toHaveCount(0);
  await expect(page.getByTestId('dismiss-all')).toHaveCount(0);
});
