// Message wiring only: scans the rest of big files for the import worker (see part-helper.ts).
import { PartHelperHost, type HelperRequest, type HelperResponse } from './part-helper';
import { TraceSession } from './trace-session';
import { warmUpFile } from './warm-up';

const scope = self as unknown as {
  postMessage(message: HelperResponse, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<HelperRequest>) => void) | null;
};
const host = new PartHelperHost((message, transfer) => scope.postMessage(message, transfer));
scope.onmessage = (event) => host.handle(event.data);

// Warm the scan and parse code on a tiny file before the first real part arrives.
void new TraceSession().importFiles([{ name: 'warm-up', blob: new Blob([warmUpFile()]) }]).catch(() => undefined);
