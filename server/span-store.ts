// The embedded server's storage: spans in one SQLite file (WAL mode), indexed
// for the searches of Jaeger's query API. Each span is kept whole as JSON (the
// normalized wire span), plus the columns and tags that searches filter on.
import Database from 'better-sqlite3';
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

  constructor(private readonly options: StoreOptions) {
    this.db = new Database(options.path);
    this.db.pragma('journal_mode = WAL');
    // NORMAL keeps every committed transaction across a process crash in WAL mode.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.exec(SCHEMA);
    this.insertSpan = this.db.prepare(
      'INSERT INTO spans (trace_id, span_id, parent_span_id, service, name, kind, start_us, duration_us, error, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.insertTag = this.db.prepare('INSERT INTO span_tags (span, key, value) VALUES (?, ?, ?)');
  }

  /** Stores spans in one transaction: all or none. */
  insert(spans: readonly WireSpan[]): number {
    const run = this.db.transaction((list: readonly WireSpan[]) => {
      for (const span of list) {
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
