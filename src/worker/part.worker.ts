// Message wiring only: scans the rest of big files for the import worker (see part-helper.ts).
import { PartHelperHost, type HelperRequest, type HelperResponse } from '../import/part-helper';

const scope = self as unknown as {
  postMessage(message: HelperResponse, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<HelperRequest>) => void) | null;
};
const host = new PartHelperHost((message, transfer) => scope.postMessage(message, transfer));
scope.onmessage = (event) => host.handle(event.data);
// Its code is warmed by the import worker's warm-up, which shares its file with this worker.
