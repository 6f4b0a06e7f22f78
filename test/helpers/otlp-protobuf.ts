// The protobuf files people drop besides an SDK's export (src/formats/otlp/otlp-proto.ts
// encodeOtlpJson): the Collector's file exporter's sequence (each message after its length in
// 4 bytes, big-endian).
/** Messages as the Collector's file exporter writes them with `format: proto`. */
export function lengthPrefixed(messages: readonly Uint8Array[]): Uint8Array {
  const out: Buffer[] = [];
  for (const m of messages) {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(m.length);
    out.push(length, Buffer.from(m));
  }
  return Buffer.concat(out);
}
