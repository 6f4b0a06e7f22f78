// The embedded server's storage: spans in one SQLite file (WAL mode), indexed
// for the searches of Jaeger's query API. The spans of one trace and one
// context (resource and scope, kept once) that arrive in one request are
// written as one batch of OTLP/JSON bytes, made once: a trace is answered by
// joining its batches (a 100,000-span trace sent in 512-span requests is 200
// rows, not 100,000; no span is converted again, no text decoded), and the
// other answers read the spans back from them. Beside it, one row per span
// with the columns searches filter on and its tags as one text (a row per tag
// made ingest three times slower).
// Retention and eviction go by arrival order, in small batches. Files written
// before these columns existed (wire span JSON in `body`, tags in span_tags)
// are still read.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { parseOtlp } from '../src/formats/otlp/otlp';
import { otlpContext, otlpSpan } from '../src/formats/otlp/otlp-writer';
import { attrValueText } from '../src/model/attributes';
import type { WireSpan } from '../src/model/trace';
import type { Dependency } from '../src/api/trace-source';

export interface StoreOptions {
  /** A file path, or ':memory:'. */
  path: string;
  /** Spans that started longer ago than this are deleted (0 = keep). */
  retentionHours?: number;
  /** Above this many spans, the oldest traces are deleted (0 = no limit). */
  maxSpans?: number;
  /**
   * Whether this connection keeps the calls between services up to date as
   * spans arrive (default true). The server's own thread leaves it to the
   * ingest thread, which writes the spans.
   */
  maintainDependencies?: boolean;
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

export interface StoredSummary {
  traceId: string;
  rootService: string;
  rootName: string;
  startUs: number;
  endUs: number;
  spans: number;
  errors: number;
  orphans: number;
  services: Array<{ name: string; spans: number; errors: number }>;
}

/** Spans per group commit, at most (one request may be larger alone). */
const GROUP_SPANS = 2000;
/** Spans one dependency pass reads at most: a pass is one short transaction between commits. */
const DEPENDENCY_STEP = 10_000;

/**
 * 2: spans' OTLP bytes in batches; 1: a file with older spans too (wire JSON per span in `body`); 0: not marked yet.
 */
const STORE_VERSION = 2;
const LEGACY_VERSION = 1;

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
CREATE TABLE IF NOT EXISTS batches (
  id INTEGER PRIMARY KEY,
  trace_id TEXT NOT NULL,
  context_id TEXT NOT NULL,
  first_span INTEGER NOT NULL,
  last_span INTEGER NOT NULL,
  spans BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS batches_by_trace ON batches (trace_id);
CREATE TABLE IF NOT EXISTS contexts (
  id TEXT PRIMARY KEY,
  resource TEXT NOT NULL,
  scope TEXT
);
CREATE INDEX IF NOT EXISTS spans_by_service ON spans (service, start_us);
CREATE TABLE IF NOT EXISTS dependency_calls (
  minute INTEGER NOT NULL,
  parent TEXT NOT NULL,
  child TEXT NOT NULL,
  calls INTEGER NOT NULL,
  PRIMARY KEY (minute, parent, child)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);
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
  /** Whether the file has spans from before the tags column (searched in span_tags too). */
  private readonly legacyTags: boolean;
  private readonly insertContext: Database.Statement;
  private readonly insertBatch: Database.Statement;
  private readonly statements: Record<
    'traceStored' | 'cursor' | 'setCursor' | 'addCalls' | 'after' | 'ranges' | 'rangeRows' | 'legacyRows',
    Database.Statement
  >;
  /** Runs dependency passes while this connection maintains them. */
  private dependencyTimer: NodeJS.Timeout | null = null;
  /** Requests waiting for the next group commit. */
  private readonly pending: Array<{
    spans: readonly WireSpan[];
    receivedUs: number;
    texts: ReadonlyArray<Uint8Array | null> | undefined;
    resolve: (n: number) => void;
    reject: (error: unknown) => void;
  }> = [];
  /** Whether the file has spans from before batches (their wire JSON is in `body`). */
  private readonly legacyBodies: boolean;
  /** Context ids by key, written already (this process's lifetime): each is inserted once. */
  private readonly knownContexts = new Map<string, string>();

  constructor(private readonly options: StoreOptions) {
    this.db = new Database(options.path);
    this.db.pragma('journal_mode = WAL');
    // NORMAL keeps every committed transaction across a process crash in WAL mode.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('wal_autocheckpoint = 8000');
    this.db.pragma('foreign_keys = ON');
    // A file from before batches (user_version 0 with spans in it) keeps each old span's wire JSON in `body`.
    const version = this.db.pragma('user_version', { simple: true }) as number;
    const fresh =
      version === 0 &&
      (this.db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'spans'").get() === undefined ||
        this.db.prepare('SELECT 1 FROM spans LIMIT 1').get() === undefined);
    this.db.exec(SCHEMA);
    // 1 marks a file that holds spans from before batches: it stays readable however often it is opened.
    this.legacyBodies = version === LEGACY_VERSION || (version === 0 && !fresh);
    const columns = new Set(
      (this.db.prepare('PRAGMA table_info(spans)').all() as Array<{ name: string }>).map((c) => c.name),
    );
    if (!columns.has('received_us')) this.db.exec('ALTER TABLE spans ADD COLUMN received_us INTEGER');
    if (!columns.has('tags')) this.db.exec('ALTER TABLE spans ADD COLUMN tags TEXT');
    // Only files from before the tags column have rows in span_tags (the check is one lookup).
    this.legacyTags = this.db.prepare('SELECT 1 FROM span_tags LIMIT 1').get() !== undefined;
    if (version === 0) this.db.pragma(`user_version = ${this.legacyBodies ? LEGACY_VERSION : STORE_VERSION}`);
    // A trace's spans are found through its batches (their id ranges): an index on the trace id cost a
    // quarter of every insert. Older spans have no batches, so a file that holds them keeps it.
    if (this.legacyBodies) this.db.exec('CREATE INDEX IF NOT EXISTS spans_by_trace ON spans (trace_id, span_id)');
    else this.db.exec('DROP INDEX IF EXISTS spans_by_trace');
    if (options.maintainDependencies !== false) {
      // Catches up between commits, a step at a time, until the calls are current.
      const tick = () => {
        this.dependencyTimer = null;
        const behind = this.updateDependencies() === DEPENDENCY_STEP;
        this.dependencyTimer = behind ? setTimeout(tick, 0) : setTimeout(tick, 1000);
        this.dependencyTimer.unref();
      };
      this.dependencyTimer = setTimeout(tick, 1000);
      this.dependencyTimer.unref();
    }
    this.insertSpan = this.db.prepare(
      "INSERT INTO spans (trace_id, span_id, parent_span_id, service, name, kind, start_us, duration_us, error, body, received_us, tags) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?)",
    );
    this.insertBatch = this.db.prepare(
      'INSERT INTO batches (trace_id, context_id, first_span, last_span, spans) VALUES (?, ?, ?, ?, ?)',
    );
    this.insertContext = this.db.prepare('INSERT OR IGNORE INTO contexts (id, resource, scope) VALUES (?, ?, ?)');
    this.statements = {
      traceStored: this.db.prepare('SELECT 1 FROM batches WHERE trace_id = ? LIMIT 1'),
      cursor: this.db.prepare("SELECT value FROM meta WHERE key = 'dependencies'").pluck(),
      setCursor: this.db.prepare(
        "INSERT INTO meta (key, value) VALUES ('dependencies', ?) ON CONFLICT DO UPDATE SET value = excluded.value",
      ),
      addCalls: this.db.prepare(
        'INSERT INTO dependency_calls (minute, parent, child, calls) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET calls = calls + excluded.calls',
      ),
      after: this.db.prepare('SELECT id, trace_id AS traceId FROM spans WHERE id > ? ORDER BY id LIMIT ?'),
      ranges: this.db.prepare(
        'SELECT first_span AS a, last_span AS b FROM batches WHERE trace_id = ? ORDER BY first_span',
      ),
      rangeRows: this.db.prepare(`SELECT ${TRACE_ROW} FROM spans WHERE id BETWEEN ? AND ? AND trace_id = ?`),
      legacyRows: this.db.prepare(`SELECT ${TRACE_ROW} FROM spans WHERE trace_id = ? ORDER BY id`),
    };
  }

  /**
   * Stores spans in one transaction, all or none: a row of columns per span,
   * and per trace and context one batch of their OTLP/JSON bytes.
   */
  insert(spans: readonly WireSpan[], receivedUs = Date.now() * 1000, texts?: ReadonlyArray<Uint8Array | null>): number {
    this.db.transaction(() => this.insertRows(spans, receivedUs, texts))();
    return spans.length;
  }

  /**
   * Stores spans with the others that arrive meanwhile, in one transaction
   * (a group commit: with many clients, one commit serves many requests);
   * resolves once they are committed, so an acknowledgement means stored.
   * A request whose spans cannot be stored fails alone. `texts` may give a
   * span's OTLP/JSON as received (when it reads back as the same span), so it
   * is not written anew.
   */
  insertQueued(
    spans: readonly WireSpan[],
    receivedUs = Date.now() * 1000,
    texts?: ReadonlyArray<Uint8Array | null>,
  ): Promise<number> {
    return new Promise((resolve, reject) => {
      this.pending.push({ spans, receivedUs, texts, resolve, reject });
      if (this.pending.length === 1) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    // At most about GROUP_SPANS spans a commit, so a search waits for one short commit, not for a backlog.
    let take = 0;
    let spans = 0;
    while (take < this.pending.length && (take === 0 || spans + (this.pending[take]?.spans.length ?? 0) <= GROUP_SPANS))
      spans += this.pending[take++]?.spans.length ?? 0;
    const jobs = this.pending.splice(0, take);
    if (this.pending.length) setImmediate(() => this.flush());
    if (jobs.length === 0) return;
    try {
      this.db.transaction(() => {
        for (const job of jobs) this.insertRows(job.spans, job.receivedUs, job.texts);
      })();
      for (const job of jobs) job.resolve(job.spans.length);
    } catch {
      // One request's spans failed the whole commit: store each request alone, so only it fails.
      for (const job of jobs) {
        try {
          job.resolve(this.insert(job.spans, job.receivedUs, job.texts));
        } catch (error) {
          job.reject(error);
        }
      }
    }
  }

  private insertRows(spans: readonly WireSpan[], receivedUs: number, texts?: ReadonlyArray<Uint8Array | null>): void {
    if (spans.length === 0) return;
    // Which traces had spans stored before these (their calls may pair with older spans).
    const earlier = new Map<string, boolean>();
    for (const span of spans)
      if (!earlier.has(span.traceId))
        earlier.set(span.traceId, this.statements.traceStored.get(span.traceId) !== undefined);
    const groups = new Map<
      string,
      { traceId: string; contextId: string; pieces: Uint8Array[]; first: number; last: number }
    >();
    const ids: number[] = [];
    // Spans decoded from one resource and scope share those objects: their context is worked out once.
    let last: { service: string; resource: WireSpan['resource']; scope: WireSpan['scope']; id: string } | null = null;
    for (let k = 0; k < spans.length; k++) {
      const span = spans[k] as WireSpan;
      if (!last || last.resource !== span.resource || last.scope !== span.scope || last.service !== span.service)
        last = { service: span.service, resource: span.resource, scope: span.scope, id: this.contextIdOf(span) };
      const contextId = last.id;
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
        Math.round(receivedUs),
        tagText(span),
      );
      const id = Number(lastInsertRowid);
      ids.push(id);
      const key = `${span.traceId} ${contextId}`;
      const piece = texts?.[k] ?? Buffer.from(JSON.stringify(otlpSpan(span)));
      const group = groups.get(key);
      if (group) {
        group.pieces.push(COMMA, piece);
        group.last = id;
      } else groups.set(key, { traceId: span.traceId, contextId, pieces: [piece], first: id, last: id });
    }
    for (const g of groups.values())
      this.insertBatch.run(g.traceId, g.contextId, g.first, g.last, Buffer.concat(g.pieces));
    if (this.options.maintainDependencies !== false) this.countCallsOnArrival(spans, ids, earlier);
  }

  /**
   * Counts the calls these just-inserted spans complete, in their own
   * transaction, when the counts are current (else the passes catch up
   * first): pairs within a trace seen for the first time are found among the
   * spans in hand; a trace with older spans is read back once.
   */
  private countCallsOnArrival(
    spans: readonly WireSpan[],
    ids: readonly number[],
    earlier: ReadonlyMap<string, boolean>,
  ): void {
    const first = ids[0] as number;
    const lastId = ids[ids.length - 1] as number;
    const cursor = this.dependencyCursor();
    // Behind: a pass counts these with the older ones. (Ahead happens when the newest ids were deleted and are reused.)
    if (cursor < first - 1) return;
    const counts = new CallCounts();
    // A trace first seen here has all its spans in hand; one with older spans is read back.
    const fresh = new Map<string, CallRow[]>();
    spans.forEach((span, k) => {
      if (earlier.get(span.traceId)) return;
      const rows = fresh.get(span.traceId);
      const row = {
        id: ids[k] as number,
        spanId: span.spanId,
        parentSpanId: span.parentSpanId,
        service: span.service,
        startUs: span.startUs,
      };
      if (rows) rows.push(row);
      else fresh.set(span.traceId, [row]);
    });
    for (const rows of fresh.values()) counts.addTrace(rows, first - 1, lastId);
    for (const [traceId, had] of earlier) if (had) counts.addTrace(this.traceRows(traceId), first - 1, lastId);
    counts.write(this.statements.addCalls);
    this.statements.setCursor.run(Math.max(cursor, lastId));
  }

  private dependencyCursor(): number {
    return (this.statements.cursor.get() as number | undefined) ?? 0;
  }

  services(): string[] {
    return (
      this.db.prepare('SELECT DISTINCT service FROM spans ORDER BY service').all() as Array<{ service: string }>
    ).map((r) => r.service);
  }

  operations(service: string, kind?: string): Array<{ name: string; spanKind: string }> {
    const rows = kind
      ? this.db
          .prepare('SELECT DISTINCT name, kind FROM spans WHERE service = ? AND kind = ? ORDER BY name')
          .all(service, kind)
      : this.db.prepare('SELECT DISTINCT name, kind FROM spans WHERE service = ? ORDER BY name, kind').all(service);
    return (rows as Array<{ name: string; kind: string }>).map((r) => ({
      name: r.name,
      spanKind: r.kind === 'unspecified' ? '' : r.kind,
    }));
  }

  /**
   * Trace ids with a span matching every criterion, the trace with the latest
   * such span first. With a service (Jaeger always sends one) the service's
   * index is walked newest first and the walk stops at the limit-th distinct
   * trace: a search reads about as many rows as its answer holds, however
   * large the store (docs/measurements.md: what grouping every span cost).
   */
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
      const needle = `${TAG_SEP}${key}${TAG_EQ}${value}${TAG_SEP}`;
      if (this.legacyTags) {
        where.push(
          '(instr(s.tags, ?) > 0 OR (s.tags IS NULL AND EXISTS (SELECT 1 FROM span_tags t WHERE t.span = s.id AND t.key = ? AND t.value = ?)))',
        );
        args.push(needle, key, value);
      } else {
        where.push('instr(s.tags, ?) > 0');
        args.push(needle);
      }
    }
    const limit = Math.max(1, Math.min(query.limit ?? 20, 1000));
    const condition = where.length ? `WHERE ${where.join(' AND ')}` : '';
    if (!query.service) {
      const sql = `SELECT s.trace_id AS traceId, MAX(s.start_us) AS latest FROM spans s ${condition} GROUP BY s.trace_id ORDER BY latest DESC LIMIT ?`;
      return (this.db.prepare(sql).all(args.concat(limit)) as Array<{ traceId: string }>).map((r) => r.traceId);
    }
    // Newest matching span first: a trace's first row is its latest match, so first-seen order is the answer's order.
    const rows = this.db
      .prepare(
        `SELECT s.trace_id FROM spans s INDEXED BY spans_by_service ${condition} ORDER BY s.service DESC, s.start_us DESC`,
      )
      .pluck();
    const found = new Set<string>();
    for (const traceId of rows.iterate(args) as IterableIterator<string>) {
      found.add(traceId);
      if (found.size === limit) break;
    }
    return Array.from(found);
  }

  /** A stable id for the span's resource and scope (a hash of them), stored once. */
  private contextIdOf(span: WireSpan): string {
    const context = otlpContext(span);
    let id = this.knownContexts.get(context.key);
    if (!id) {
      id = `c${createHash('sha1').update(context.key).digest('hex').slice(0, 16)}`;
      this.insertContext.run(
        id,
        JSON.stringify(context.resource),
        context.scope ? JSON.stringify(context.scope) : null,
      );
      if (this.knownContexts.size > 100_000) this.knownContexts.clear();
      this.knownContexts.set(context.key, id);
    }
    return id;
  }

  /**
   * One trace as OTLP/JSON TracesData (`{"resourceSpans":[…]}`), in pieces
   * for a streamed answer: the batches stored on arrival, grouped by their
   * context, joined. Yields nothing (and returns false) when the store has no
   * span of the trace.
   */
  *otlpTraceText(traceId: string): Generator<Buffer | string, boolean> {
    // Read whole (an open iterator would keep the connection busy while the answer streams).
    const batches = this.db
      .prepare('SELECT context_id AS contextId, spans FROM batches WHERE trace_id = ? ORDER BY id')
      .all(traceId) as Array<{ contextId: string; spans: Buffer }>;
    const byContext = new Map<string, Buffer[]>();
    for (const batch of batches) {
      const list = byContext.get(batch.contextId);
      if (list) list.push(batch.spans);
      else byContext.set(batch.contextId, [batch.spans]);
    }
    const legacy = new Map<string, { resource: string; scope: string | null }>();
    if (this.legacyBodies) {
      // Spans stored before batches: their wire JSON is converted now.
      const rows = this.db
        .prepare("SELECT body FROM spans WHERE trace_id = ? AND body <> ''")
        .pluck()
        .all(traceId) as string[];
      for (const body of rows) {
        const span = JSON.parse(body) as WireSpan;
        const context = otlpContext(span);
        const contextId = `legacy:${context.key}`;
        if (!legacy.has(contextId))
          legacy.set(contextId, {
            resource: JSON.stringify(context.resource),
            scope: context.scope ? JSON.stringify(context.scope) : null,
          });
        const bytes = Buffer.from(JSON.stringify(otlpSpan(span)));
        const list = byContext.get(contextId);
        if (list) list.push(bytes);
        else byContext.set(contextId, [bytes]);
      }
    }
    if (byContext.size === 0) return false;
    const lookup = this.db.prepare('SELECT resource, scope FROM contexts WHERE id = ?');
    yield '{"resourceSpans":[';
    let k = 0;
    for (const [id, spans] of byContext) {
      const context = legacy.get(id) ??
        (lookup.get(id) as { resource: string; scope: string | null } | undefined) ?? {
          resource: '{"attributes":[]}',
          scope: null,
        };
      yield `${k++ === 0 ? '' : ','}{"resource":${context.resource},"scopeSpans":[{${context.scope ? `"scope":${context.scope},` : ''}"spans":[`;
      // Each stored batch is already a run of spans: they are written as they are, a comma between.
      for (let i = 0; i < spans.length; i++) {
        if (i > 0) yield COMMA;
        yield spans[i] as Buffer;
      }
      yield ']}]}';
    }
    yield ']}';
    return true;
  }

  /** Whether the store holds any span of a trace. */
  hasTrace(traceId: string): boolean {
    if (this.statements.traceStored.get(traceId) !== undefined) return true;
    return (
      this.legacyBodies && this.db.prepare('SELECT 1 FROM spans WHERE trace_id = ? LIMIT 1').get(traceId) !== undefined
    );
  }

  /**
   * The column rows of one trace's spans, in arrival order: read through the
   * id ranges its batches cover (a range may hold other traces' spans too
   * when a request mixed traces, so the trace id is checked), or through the
   * trace index in a file with spans from before batches.
   */
  private traceRows(traceId: string): TraceRow[] {
    if (this.legacyBodies) return this.statements.legacyRows.all(traceId) as TraceRow[];
    const ranges = this.statements.ranges.all(traceId) as Array<{ a: number; b: number }>;
    const rows: TraceRow[] = [];
    const read = this.statements.rangeRows;
    for (let i = 0; i < ranges.length;) {
      // Overlapping and adjacent ranges are read as one.
      const first = (ranges[i] as { a: number }).a;
      let last = (ranges[i] as { b: number }).b;
      for (i++; i < ranges.length && (ranges[i] as { a: number }).a <= last + 1; i++)
        last = Math.max(last, (ranges[i] as { b: number }).b);
      for (const row of read.all(first, last, traceId) as TraceRow[]) rows.push(row);
    }
    return rows;
  }

  /** A trace's spans as wire spans (Jaeger answers, summaries), read back from the stored bytes. */
  spansOf(traceId: string): WireSpan[] {
    const pieces: Buffer[] = [];
    for (const piece of this.otlpTraceText(traceId))
      pieces.push(typeof piece === 'string' ? Buffer.from(piece) : piece);
    if (pieces.length === 0) return [];
    return parseOtlp(JSON.parse(Buffer.concat(pieces).toString('utf8')) as unknown).spans;
  }

  /**
   * Calls between services (a span whose parent belongs to another service)
   * whose calling span started in the window: summed from the counts kept per
   * minute as spans arrive, so the answer costs the same at any store size.
   */
  dependencies(endUs: number, lookbackUs: number): Dependency[] {
    if (this.options.maintainDependencies !== false) while (this.updateDependencies() === DEPENDENCY_STEP);
    const rows = this.db
      .prepare(
        'SELECT parent, child, SUM(calls) AS callCount FROM dependency_calls WHERE minute BETWEEN ? AND ? GROUP BY parent, child ORDER BY callCount DESC, parent, child',
      )
      .all(Math.floor((endUs - lookbackUs) / 60e6), Math.floor(endUs / 60e6));
    return rows as Dependency[];
  }

  /**
   * One dependency pass: the next spans after the cursor (at most
   * DEPENDENCY_STEP), and for each trace they belong to, every pair of a span
   * and its parent that this step completed (the later of the two arrived in
   * it, so a pair is counted once, whichever came first), counted per minute
   * of the child's start. Returns how many spans it read (`step` when more wait).
   */
  updateDependencies(step = DEPENDENCY_STEP): number {
    return this.db
      .transaction(() => {
        const cursor = this.dependencyCursor();
        const spans = this.statements.after.all(cursor, step) as Array<{ id: number; traceId: string }>;
        if (spans.length === 0) return 0;
        const end = (spans[spans.length - 1] as { id: number }).id;
        const counts = new CallCounts();
        for (const traceId of new Set(spans.map((x) => x.traceId)))
          counts.addTrace(this.traceRows(traceId), cursor, end);
        counts.write(this.statements.addCalls);
        this.statements.setCursor.run(end);
        return spans.length;
      })
      .immediate();
  }

  /**
   * Applies the retention limits by arrival: spans received longer ago than
   * the retention go, then, over the size limit, whole traces in the order
   * they began to arrive. Deletes in batches of `batch` spans, awaiting
   * `pause` between them so requests are answered meanwhile; returns how many
   * spans were deleted.
   */
  async enforceRetention(
    nowUs = Date.now() * 1000,
    batch = 5000,
    pause: () => Promise<void> = () => new Promise((r) => setImmediate(r)),
  ): Promise<number> {
    let deleted = 0;
    const hours = this.options.retentionHours ?? 0;
    if (hours > 0) {
      const cutoff = this.lastIdReceivedBefore(nowUs - hours * 3_600_000_000);
      const remove = this.db.prepare(
        'DELETE FROM spans WHERE id IN (SELECT id FROM spans WHERE id <= ? ORDER BY id LIMIT ?)',
      );
      const removeBatches = this.db.prepare(
        'DELETE FROM batches WHERE id IN (SELECT id FROM batches WHERE last_span <= ? ORDER BY id LIMIT ?)',
      );
      for (let n = batch; cutoff > 0 && n === batch;) {
        n = remove.run(cutoff, batch).changes;
        deleted += n;
        if (n === batch) await pause();
      }
      for (let n = batch; cutoff > 0 && n === batch;) {
        n = removeBatches.run(cutoff, batch).changes;
        if (n === batch) await pause();
      }
      // Calls between services are kept as long as spans, by the minute the calls started.
      if (cutoff > 0)
        this.db
          .prepare('DELETE FROM dependency_calls WHERE minute < ?')
          .run(Math.floor((nowUs - hours * 3_600_000_000) / 60e6));
    }
    const max = this.options.maxSpans ?? 0;
    if (max > 0) {
      // Ids grow by one per span, so their range bounds the count: the exact count only when it may be over.
      const range = this.db.prepare('SELECT MAX(id) - MIN(id) + 1 AS n FROM spans').get() as { n: number | null };
      let over = (range.n ?? 0) > max ? this.spanCount() - max : 0;
      const oldest = this.db.prepare('SELECT trace_id AS traceId FROM spans ORDER BY id LIMIT 1');
      const remove = this.db.prepare('DELETE FROM spans WHERE id IN (SELECT value FROM json_each(?))');
      while (over > 0) {
        const first = oldest.get() as { traceId: string } | undefined;
        if (!first) break;
        // The whole trace that began to arrive first, a batch at a time.
        const ids = this.traceRows(first.traceId).map((row) => row.id);
        for (let k = 0; k < ids.length; k += batch) {
          const n = remove.run(JSON.stringify(ids.slice(k, k + batch))).changes;
          deleted += n;
          over -= n;
          await pause();
        }
        this.db.prepare('DELETE FROM batches WHERE trace_id = ?').run(first.traceId);
        // A span the ranges did not find (none should be) would otherwise stay the oldest for ever.
        if (ids.length === 0) this.db.prepare('DELETE FROM spans WHERE id = (SELECT MIN(id) FROM spans)').run();
      }
    }
    return deleted;
  }

  /**
   * The last span id received before `us`: ids grow with arrival, so a binary
   * search over ids (a few point lookups, no index on the time). Spans from
   * files older than the arrival column count as received when they started.
   */
  private lastIdReceivedBefore(us: number): number {
    const range = this.db.prepare('SELECT MIN(id) AS lo, MAX(id) AS hi FROM spans').get() as {
      lo: number | null;
      hi: number | null;
    };
    if (range.lo === null || range.hi === null) return 0;
    const at = this.db.prepare(
      'SELECT COALESCE(received_us, start_us) AS t FROM spans WHERE id >= ? ORDER BY id LIMIT 1',
    );
    const timeAt = (id: number) => (at.get(id) as { t: number } | undefined)?.t ?? Infinity;
    let lo = range.lo;
    let hi = range.hi;
    if (timeAt(lo) >= us) return 0;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (timeAt(mid) < us) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /**
   * Summaries of traces from the span columns alone (no stored bytes read):
   * counts, errors, time range, root, orphans and per-service counts, as API
   * v3's trace summaries give them; in the order of `traceIds`, missing ones
   * left out.
   */
  summaries(traceIds: readonly string[]): StoredSummary[] {
    const out: StoredSummary[] = [];
    for (const traceId of traceIds) {
      const rows = this.traceRows(traceId);
      if (rows.length === 0) continue;
      const ids = new Set<string>();
      for (const row of rows) ids.add(row.spanId);
      const services = new Map<string, { name: string; spans: number; errors: number }>();
      let root: TraceRow | null = null;
      let rootTop = false;
      let startUs = Infinity;
      let endUs = -Infinity;
      let errors = 0;
      let orphans = 0;
      for (const row of rows) {
        const service = services.get(row.service) ?? { name: row.service, spans: 0, errors: 0 };
        services.set(row.service, service);
        service.spans++;
        service.errors += row.error;
        errors += row.error;
        startUs = Math.min(startUs, row.startUs);
        endUs = Math.max(endUs, row.startUs + row.durationUs);
        // The root: the earliest span without a parent, else the earliest whose parent is missing.
        const top = row.parentSpanId === '';
        const orphan = !top && !ids.has(row.parentSpanId);
        if (orphan) orphans++;
        if ((top || orphan) && (!root || (top && !rootTop) || (top === rootTop && row.startUs < root.startUs))) {
          root = row;
          rootTop = top;
        }
      }
      out.push({
        traceId,
        rootService: root?.service ?? '',
        rootName: root?.name ?? '',
        startUs,
        endUs,
        spans: rows.length,
        errors,
        orphans,
        services: Array.from(services.values()).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
      });
    }
    return out;
  }

  /** Whether the store holds no span (one lookup, whatever its size). */
  isEmpty(): boolean {
    return this.db.prepare('SELECT 1 FROM spans LIMIT 1').get() === undefined;
  }

  spanCount(): number {
    return (this.db.prepare('SELECT COUNT(*) AS count FROM spans').get() as { count: number }).count;
  }

  close(): void {
    if (this.dependencyTimer) clearTimeout(this.dependencyTimer);
    this.dependencyTimer = null;
    this.db.close();
  }
}

/**
 * Calls between services counted in one transaction, per minute of the calling span's start, then added to the table.
 */
class CallCounts {
  private readonly counts = new Map<string, { minute: number; parent: string; child: string; calls: number }>();

  private add(childStartUs: number, parent: string, child: string): void {
    if (parent === child) return;
    const minute = Math.floor(childStartUs / 60e6);
    const key = `${minute}\u0000${parent}\u0000${child}`;
    const count = this.counts.get(key);
    if (count) count.calls++;
    else this.counts.set(key, { minute, parent, child, calls: 1 });
  }

  /**
   * The pairs of a span and its parent in `rows` that were completed after `after` up to `upTo` (the later of the two
   * arrived then).
   */
  addTrace(rows: readonly CallRow[], after: number, upTo: number): void {
    const byId = new Map<string, CallRow>();
    for (const row of rows) if (!byId.has(row.spanId)) byId.set(row.spanId, row);
    for (const row of rows) {
      const parent = row.parentSpanId ? byId.get(row.parentSpanId) : undefined;
      if (!parent) continue;
      const completed = Math.max(row.id, parent.id);
      if (completed > after && completed <= upTo) this.add(row.startUs, parent.service, row.service);
    }
  }

  write(statement: Database.Statement): void {
    for (const c of this.counts.values()) statement.run(c.minute, c.parent, c.child, c.calls);
  }
}

/** What counting calls reads of a span. */
interface CallRow {
  id: number;
  spanId: string;
  parentSpanId: string;
  service: string;
  startUs: number;
}

/** What summaries and dependencies read of a span. */
interface TraceRow extends CallRow {
  name: string;
  error: number;
  durationUs: number;
}
const TRACE_ROW =
  'id, span_id AS spanId, parent_span_id AS parentSpanId, service, name, error, start_us AS startUs, duration_us AS durationUs';

const COMMA = Buffer.from(',');
const TAG_SEP = '\u001f';
const TAG_EQ = '\u001e';

/** A span's tags (span and resource attributes, first of a key wins) as one searchable text: ␟key␞value␟key␞value␟. */
function tagText(span: WireSpan): string {
  const seen = new Set<string>();
  let text = TAG_SEP;
  for (const list of [span.attributes, span.resource]) {
    for (const attr of list) {
      if (attr.value.type === 'array' || attr.value.type === 'kvlist' || seen.has(attr.key)) continue;
      seen.add(attr.key);
      text += `${attr.key}${TAG_EQ}${attrValueText(attr.value).replaceAll(TAG_SEP, ' ')}${TAG_SEP}`;
    }
  }
  return text;
}
