// A loaded trace downloaded as OTLP/JSON or Jaeger JSON and dropped back
// gives the same trace; the redacted download keeps the tree, the times and
// the names and hides every attribute value but the few that say how the
// request went.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateTrace, traceText } from '../bench/gen-trace';
import { DEFAULT_RULES, KEPT_KEYS, type RedactRules } from '../src/model/redact';
import { TraceSession } from '../src/worker/trace-session';
import { dumpImport } from './helpers/dump-trace';

/**
 * The dump of each trace without its warnings (they name the file and the paths in it) and its
 * format: one line per span, with its place in the tree, service, name, times, kind, status.
 */
async function spansDump(session: TraceSession, name: string, text: string): Promise<string> {
  const dump = await dumpImport(session, name, text);
  return dump
    .split('\n')
    .filter((line) => !line.startsWith('! ') && !line.startsWith('error'))
    .map((line) => line.replace(/^(trace \S+) \S+ spans=/, '$1 spans='))
    .join('\n')
    .trim();
}

async function exported(name: string, text: string, format: 'otlp' | 'jaeger', redaction: RedactRules | null = null) {
  const session = new TraceSession();
  const report = await session.importFiles([{ name, blob: new Blob([text]) }]);
  expect(report.failures).toEqual([]);
  const traceId = report.traces[0]?.summary.traceId as string;
  return { session, traceId, text: (await session.exportTrace(traceId, format, redaction)) as string };
}

const sample = readFileSync(join(import.meta.dirname, '../public/samples/sample-checkout-trace.json'), 'utf8');
const generated = traceText(generateTrace({ seed: 11, spans: 2_000, services: 6 }), 'otlp');

describe('a downloaded trace', () => {
  for (const [name, text] of [
    ['sample-checkout-trace.json', sample],
    ['generated-otlp.json', generated],
  ] as const) {
    for (const format of ['otlp', 'jaeger'] as const) {
      it(`${name} as ${format}: dropped back, gives the same trace`, async () => {
        const before = await spansDump(new TraceSession(), name, text);
        const { text: file } = await exported(name, text, format);
        expect(file.length).toBeGreaterThan(100);
        expect(await spansDump(new TraceSession(), `downloaded.${format}.json`, file)).toBe(before);
      });
    }
  }

  it('redacted: the same tree, times, names and statuses; no attribute value of the original is left', async () => {
    const { text: plain } = await exported('sample.json', sample, 'otlp');
    const { text: redacted } = await exported('sample.json', sample, 'otlp', DEFAULT_RULES);
    // Values of attributes whose keys are not kept, and that do not stand elsewhere as a name or a kept value.
    const pairs = Array.from(plain.matchAll(/"key":"([^"]+)","value":\{"stringValue":"([^"]{4,})"\}/g));
    const keptValues = new Set(pairs.filter(([, key]) => KEPT_KEYS.has(key as string)).map(([, , v]) => v));
    const names = new Set(Array.from(plain.matchAll(/"name":"([^"]+)"/g), ([, name]) => name));
    const hidden = pairs
      .filter(([, key, value]) => !KEPT_KEYS.has(key as string) && !keptValues.has(value) && !names.has(value))
      .map(([, , value]) => value as string);
    expect(hidden.length).toBeGreaterThan(5);
    for (const value of hidden) expect(redacted, value).not.toContain(`"${value}"`);
    expect(redacted).toContain('redacted:');
    // The tree, times, names, kinds and statuses do not change: only attribute values do.
    expect(await spansDump(new TraceSession(), 'redacted.json', redacted)).toBe(
      await spansDump(new TraceSession(), 'plain.json', plain),
    );
  });

  it('redacted by the rules given: kept keys as they are, dropped keys gone, every other value hashed', async () => {
    const rules = { keep: ['http.*', 'user.id'], drop: ['*.name', 'server.*'] };
    const { text } = await exported('sample.json', sample, 'otlp', rules);
    const attributes = Array.from(text.matchAll(/"key":"([^"]+)","value":\{"(\w+)Value":("[^"]*"|[^}]*)\}/g));
    expect(attributes.length).toBeGreaterThan(20);
    for (const [, key, , value] of attributes) {
      if (key === 'service.name') continue; // the span's service: structure, written from the span itself
      expect(key, 'dropped').not.toMatch(/\.name$|^server\./);
      if (key?.startsWith('http.') || key === 'user.id') expect(value, key).not.toMatch(/^"redacted:/);
      else expect(value, key).toMatch(/^"redacted:[0-9a-f]{8}"$/);
    }
    expect(text).not.toContain('"host.name"');
    expect(text).toContain('"u-88213"');
  });
});
