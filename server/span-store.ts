// The embedded server's storage: spans in one SQLite file (WAL mode), indexed
// for the searches of Jaeger's query API. Each span is kept whole as JSON (the
// normalized wire span) and as the Jaeger JSON the query API answers with
// (made once, when it arrives: a trace is then answered by joining texts, not
// by converting every span again), plus the columns and tags that searches
// filter on. Retention and eviction go by arrival order, in small batches.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { jaegerProcess, jaegerSpan, processKey } from '../src/formats/jaeger-writer';
import { attrValueText } from '../src/model/attributes';
import type { WireSpan } from '../src/model/trace';

export interface StoreOptions {
  /** A file path, or ':memory:'. */
  path: string;
  /** Spans that started longer ago than this are deleted (0 = keep). */
  retentionHours?: number;
  /** Above this many spans, the oldest traces are deleted (0 = no limit). */
  maxSpans?: number;
}

export interface SearchQuery {
  service?: string;
  operation?: string;
  /** Every tag must match one span (span or resource attribute); `error=true` matches error spans. */
  tags?: Record<string, string>;
  startUs?: number;
  endUs?: number;
  minDurationUs?: number;
  maxDurationUs?: number;
  limit?: number;
}

export interface Dependency {
  parent: string;
  child: string;
  callCount: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS spans (
  id INTEGER PRIMARY KEY,
  trace_id TEXT NOT NULL,
  span_id TEXT NOT NULL,
  parent_span_id TEXT NOT NULL,
  service TEXT NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  start_us REAL NOT NULL,
  duration_us REAL NOT NULL,
  error INTEGER NOT NULL,
  body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS processes (
  id TEXT PRIMARY KEY,
  body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS spans_by_trace ON spans (trace_id, span_id);
CREATE INDEX IF NOT EXISTS spans_by_service ON spans (service, start_us);
CREATE INDEX IF NOT EXISTS spans_by_start ON spans (start_us);
CREATE TABLE IF NOT EXISTS span_tags (
  span INTEGER NOT NULL REFERENCES spans (id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  value TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS tags_by_key_value ON span_tags (key, value);
CREATE INDEX IF NOT EXISTS tags_by_span ON span_tags (span);
`;

export class SpanStore {
  private readonly db: Database.Database;
  private readonly insertSpan: Database.Statement;
  private readonly insertTag: Database.Statement;
  private readonly insertProcess: Database.Statement;
  /** Process ids written already (this process's lifetime): each is inserted once. */
  private readonly knownProcesses = new Set<string>();

  constructor(private readonly options: StoreOptions) {
    this.db = new Database(options.path);
    this.db.pragma('journal_mode = WAL');
    // NORMAL keeps every committed transaction across a process crash in WAL mode.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.exec(SCHEMA);
    // Stores made before the answer texts were kept get the columns; their old spans are converted when read.
    const columns = new Set((this.db.prepare('PRAGMA table_info(spans)').all() as Array<{ name: string }>).map((c) => c.name));
    if (!columns.has('jaeger')) this.db.exec('ALTER TABLE spans ADD COLUMN jaeger TEXT');
    if (!columns.has('process_id')) this.db.exec('ALTER TABLE spans ADD COLUMN process_id TEXT');
    if (!columns.has('received_us')) this.db.exec('ALTER TABLE spans ADD COLUMN received_us INTEGER');
    this.insertSpan = this.db.prepare(
      'INSERT INTO spans (trace_id, span_id, parent_span_id, service, name, kind, start_us, duration_us, error, body, jaeger, process_id, received_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.insertProcess = this.db.prepare('INSERT OR IGNORE INTO processes (id, body) VALUES (?, ?)');
    this.insertTag = this.db.prepare('INSERT INTO span_tags (span, key, value) VALUES (?, ?, ?)');
  }

  /** Stores spans in one transaction: all or none. */
  insert(spans: readonly WireSpan[], receivedUs = Date.now() * 1000): number {
    const run = this.db.transaction((list: readonly WireSpan[]) => {
      for (const span of list) {
        const processId = this.processIdOf(span);
        const { lastInsertRowid } = this.insertSpan.run(
          span.traceId,
          span.spanId,
          span.parentSpanId,
          span.service,
          span.name,
          span.kind,
          span.startUs,
          span.durationUs,
          span.status.code === 'error' ? 1 : 0,
          JSON.stringify(span),
          JSON.stringify(jaegerSpan(span, processId)),
          processId,
          Math.round(receivedUs),
        );
        const seen = new Set<string>();
        for (const attr of [...span.attributes, ...span.resource]) {
          if (attr.value.type === 'array' || attr.value.type === 'kvlist' || seen.has(attr.key)) continue;
          seen.add(attr.key);
          this.insertTag.run(lastInsertRowid, attr.key, attrValueText(attr.value));
        }
      }
    });
    run(spans);
    return spans.length;
  }

  services(): string[] {
    return (this.db.prepare('SELECT DISTINCT service FROM spans ORDER BY service').all() as Array<{ service: string }>).map((r) => r.service);
  }

  operations(service: string, kind?: string): Array<{ name: string; spanKind: string }> {
    const rows = kind
      ? this.db.prepare('SELECT DISTINCT name, kind FROM spans WHERE service = ? AND kind = ? ORDER BY name').all(service, kind)
      : this.db.prepare('SELECT DISTINCT name, kind FROM spans WHERE service = ? ORDER BY name, kind').all(service);
    return (rows as Array<{ name: string; kind: string }>).map((r) => ({ name: r.name, spanKind: r.kind === 'unspecified' ? '' : r.kind }));
  }

  /** Trace ids with a span matching every criterion, most recent first. */
  search(query: SearchQuery): string[] {
    const where: string[] = [];
    const args: Array<string | number> = [];
    const filters: Array<[string, string | number | undefined]> = [
      ['s.service = ?', query.service || undefined],
      ['s.name = ?', query.operation || undefined],
      ['s.start_us >= ?', query.startUs],
      ['s.start_us <= ?', query.endUs],
      ['s.duration_us >= ?', query.minDurationUs],
      ['s.duration_us <= ?', query.maxDurationUs],
    ];
    for (const [clause, value] of filters) {
      if (value === undefined) continue;
      where.push(clause);
      args.push(value);
    }
    for (const [key, value] of Object.entries(query.tags ?? {})) {
      if (key === 'error' && (value === 'true' || value === 'false')) {
        // As in Jaeger: error=true means the span's status is error, whatever the wire format said.
        where.push('s.error = ?');
        args.push(value === 'true' ? 1 : 0);
        continue;
      }
      where.push('EXISTS (SELECT 1 FROM span_tags t WHERE t.span = s.id AND t.key = ? AND t.value = ?)');
      args.push(key, value);
    }
    const sql = `SELECT s.trace_id AS traceId, MAX(s.start_us) AS latest FROM spans s ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      GROUP BY s.trace_id ORDER BY latest DESC LIMIT ?`;
    args.push(Math.max(1, Math.min(query.limit ?? 20, 1000)));
    return (this.db.prepare(sql).all(args) as Array<{ traceId: string }>).map((r) => r.traceId);
  }

  /** A stable id for the span's process (a hash of service and resource), stored once. */
  private processIdOf(span: WireSpan): string {
    const key = processKey(span);
    const id = `p${createHash('sha1').update(key).digest('hex').slice(0, 16)}`;
    if (!this.knownProcesses.has(id)) {
      this.insertProcess.run(id, JSON.stringify(jaegerProcess(span)));
      this.knownProcesses.add(id);
    }
    return id;
  }

  /**
   * One trace as Jaeger JSON text, in pieces (about 64 KB each) for a
   * streamed answer: the span texts stored on arrival, joined, then the
   * processes they name. Yields nothing (and returns false) when the store
   * has no span of the trace.
   */
  *jaegerTraceText(traceId: string): Generator<string, boolean> {
    // Read whole (an open iterator would keep the connection busy while the answer streams).
    const rows = this.db.prepare('SELECT jaeger, process_id AS processId, body FROM spans WHERE trace_id = ? ORDER BY start_us, id').all(traceId) as Array<{ jaeger: string | null; processId: string | null; body: string }>;
    const processes = new Set<string>();
    const legacy = new Map<string, string>();
    let piece = `{"traceID":${JSON.stringify(traceId)},"spans":[`;
    let count = 0;
    for (const row of rows) {
      let text = row.jaeger;
      let processId = row.processId;
      if (text === null || processId === null) {
        // A span stored before answer texts were kept.
        const span = JSON.parse(row.body) as WireSpan;
        processId = `p${createHash('sha1').update(processKey(span)).digest('hex').slice(0, 16)}`;
        if (!legacy.has(processId)) legacy.set(processId, JSON.stringify(jaegerProcess(span)));
        text = JSON.stringify(jaegerSpan(span, processId));
      }
      processes.add(processId);
      piece += count++ === 0 ? text : `,${text}`;
      if (piece.length > 65_536) {
        yield piece;
        piece = '';
      }
    }
    if (count === 0) return false;
    piece += '],"processes":{';
    const lookup = this.db.prepare('SELECT body FROM processes WHERE id = ?');
    let k = 0;
    for (const id of processes) {
      const body = legacy.get(id) ?? (lookup.get(id) as { body: string } | undefined)?.body ?? '{"serviceName":"","tags":[]}';
      piece += `${k++ === 0 ? '' : ','}${JSON.stringify(id)}:${body}`;
    }
    yield `${piece}},"warnings":null}`;
    return true;
  }

  /** Whether the store holds any span of a trace. */
  hasTrace(traceId: string): boolean {
    return this.db.prepare('SELECT 1 FROM spans WHERE trace_id = ? LIMIT 1').get(traceId) !== undefined;
  }

  spansOf(traceId: string): WireSpan[] {
    const rows = this.db.prepare('SELECT body FROM spans WHERE trace_id = ? ORDER BY start_us, id').all(traceId) as Array<{ body: string }>;
    return rows.map((r) => JSON.parse(r.body) as WireSpan);
  }

  /** Calls between services: a span whose parent belongs to another service. */
  dependencies(endUs: number, lookbackUs: number): Dependency[] {
    const rows = this.db
      .prepare(
        `SELECT p.service AS parent, c.service AS child, COUNT(*) AS callCount FROM spans c
         JOIN spans p ON p.trace_id = c.trace_id AND p.span_id = c.parent_span_id
         WHERE p.service <> c.service AND c.start_us BETWEEN ? AND ?
         GROUP BY p.service, c.service ORDER BY callCount DESC`,
      )
      .all(endUs - lookbackUs, endUs);
    return rows as Dependency[];
  }

  /** Applies the retention limits; returns how many spans were deleted. */
  enforceRetention(nowUs = Date.now() * 1000): number {
    let deleted = 0;
    const hours = this.options.retentionHours ?? 0;
    if (hours > 0) deleted += this.db.prepare('DELETE FROM spans WHERE start_us < ?').run(nowUs - hours * 3_600_000_000).changes;
    const max = this.options.maxSpans ?? 0;
    if (max > 0) {
      const { count } = this.db.prepare('SELECT COUNT(*) AS count FROM spans').get() as { count: number };
      if (count > max) {
        // Whole traces go, oldest first, until the store is under the limit.
        const traces = this.db.prepare('SELECT trace_id AS traceId, COUNT(*) AS n FROM spans GROUP BY trace_id ORDER BY MIN(start_us)').all() as Array<{ traceId: string; n: number }>;
        const remove = this.db.prepare('DELETE FROM spans WHERE trace_id = ?');
        this.db.transaction(() => {
          let over = count - max;
          for (const { traceId, n } of traces) {
            if (over <= 0) break;
            deleted += remove.run(traceId).changes;
            over -= n;
          }
        })();
      }
    }
    return deleted;
  }

  spanCount(): number {
    return (this.db.prepare('SELECT COUNT(*) AS count FROM spans').get() as { count: number }).count;
  }

  close(): void {
    this.db.close();
  }
}
