// Message wiring only: parses span batches for the import worker (see batch-helper.ts).
import { HelperHost, type HelperRequest, type HelperResponse } from './batch-helper';
import { WARM_UP_RESOURCE, warmUpSpans } from './warm-up';

const host = new HelperHost();
const scope = self as unknown as {
  postMessage(message: HelperResponse, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<HelperRequest>) => void) | null;
};

// Warm the parse path on a tiny batch before the first real one arrives.
{
  const spans = warmUpSpans().map((span) => new TextEncoder().encode(JSON.stringify(span)));
  const bytes = new TextEncoder().encode(spans.map((span) => new TextDecoder().decode(span)).join(','));
  const offset = new Float64Array(spans.length);
  for (let k = 1; k < spans.length; k++) offset[k] = (offset[k - 1] as number) + (spans[k - 1] as Uint8Array).length + 1;
  const length = Int32Array.from(spans, (span) => span.length);
  host.handle({ type: 'begin', format: 'otlp' });
  host.handle({ type: 'group', id: 0, name: 'warm' });
  host.handle({ type: 'context', group: 'warm', path: ['resource'], value: WARM_UP_RESOURCE });
  host.handle({ type: 'parse', id: 0, job: { seq: 0, file: 0, bytes, offset, length, groupId: new Int32Array(spans.length) } });
}

scope.onmessage = (event) => {
  const answer = host.handle(event.data);
  if (answer) scope.postMessage(answer.reply, answer.transfer);
};
