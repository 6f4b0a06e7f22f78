import type { SpanKind, Warning } from '../model/trace';

export interface IdColumns {
  spanIds: readonly string[];
  parentIds: readonly string[];
  kinds: readonly SpanKind[];
  shared: ArrayLike<number>;
}

export interface UniqueIds {
  /** A unique key per span: its id, suffixed when ids collide. */
  keys: string[];
  /** The key each span's parent reference resolves to. */
  parentKeys: string[];
  /** Per-span warnings to add, by span index. */
  spanWarnings: Map<number, Warning[]>;
  warnings: Warning[];
}

/**
 * Gives every span a unique key. Two kinds of collision:
 * - Zipkin's shared spans: a client and a server half with one id. The server
 *   half becomes a child of the client, and children that name the shared id
 *   hang under the server half (they were created in the server's process).
 * - Any other repeat: the first keeps the id, later ones get `#2`, `#3`, are
 *   kept apart with a warning, and children attach to the first.
 */
export function uniquifyIds(spans: IdColumns): UniqueIds {
  const keys = [...spans.spanIds];
  const parentKeys = [...spans.parentIds];
  const spanWarnings = new Map<number, Warning[]>();
  const warnings: Warning[] = [];
  const byId = new Map<string, number[]>();
  spans.spanIds.forEach((spanId, index) => {
    const list = byId.get(spanId);
    if (list) list.push(index);
    else byId.set(spanId, [index]);
  });
  const parentRemap = new Map<string, string>();
  let duplicates = 0;
  for (const [id, indices] of byId) {
    if (indices.length < 2) continue;
    const client = indices.find((i) => spans.kinds[i] === 'client' && !spans.shared[i]);
    const servers = indices.filter((i) => spans.kinds[i] === 'server' || spans.shared[i]);
    let rest = indices;
    if (client !== undefined && servers.length > 0 && servers[0] !== client) {
      const server = servers[0] as number;
      keys[server] = `${id}:server`;
      parentKeys[server] = id;
      parentRemap.set(id, keys[server]);
      rest = indices.filter((i) => i !== server);
    }
    rest.slice(1).forEach((index, n) => {
      keys[index] = `${id}#${n + 2}`;
      duplicates++;
      const w: Warning = {
        code: 'duplicate-id',
        message: `span id ${id} is used by ${indices.length} spans; this one is shown apart as ${keys[index]}`,
      };
      spanWarnings.set(index, [...(spanWarnings.get(index) ?? []), w]);
    });
  }
  if (parentRemap.size) {
    parentKeys.forEach((parentKey, index) => {
      const target = parentRemap.get(parentKey);
      if (target !== undefined && keys[index] !== target) parentKeys[index] = target;
    });
  }
  if (duplicates)
    warnings.push({
      code: 'duplicate-id',
      message: `${duplicates} span${duplicates === 1 ? ' reuses' : 's reuse'} another span's id; kept apart`,
    });
  return { keys, parentKeys, spanWarnings, warnings };
}
