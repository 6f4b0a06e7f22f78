// The in-trace query: plain text, or TraceQL span filters as Tempo and Grafana
// users write them, evaluated over the columns into a mask of matching spans.
//
//   {{ resource.service.name = "orders" && span.http.response.status_code >= 500 }} >> {{ kind = client }}
//
// Supported: spansets `{ … }` with `&&`, `||`, `!` and parentheses;
// `= != > >= < <= =~ !~`; intrinsics name, status (error, ok, unset), kind
// (server, client, producer, consumer, internal, unspecified), duration
// (100ms, 1.5s, 250us), span:id, trace:duration, trace:rootName,
// trace:rootService, and Skein's own self (self time), depth and critical (on
// the critical path); resource.service.name (or `service`); span.<key>,
// resource.<key> and unscoped .<key> attributes, typed (numbers compare as
// numbers); between spansets `>>` (descendants), `>` (children), `~`
// (siblings), `&&` and `||`. Regular expressions match the whole value, as
// in TraceQL. Plain text (anything not starting with `{`) matches service,
// operation, span id and attribute values, ignoring case.
import { SPAN_KINDS, FLAG_ERROR, FLAG_OK, spanKeyAt, type SpanKeyList } from '../model/columns';
import { parseGoDuration } from '../model/time';
import type { AttrValue } from '../model/trace';
import { errorText } from '../model/text';

export class QueryError extends Error {
  constructor(
    message: string,
    /** 1-based column in the query text. */
    readonly column: number,
  ) {
    super(`column ${column}: ${message}`);
  }
}

export type AttributeScope = 'span' | 'resource' | 'any';

export interface AttributeRef {
  scope: AttributeScope;
  key: string;
}

type Intrinsic =
  | 'name'
  | 'status'
  | 'kind'
  | 'duration'
  | 'self'
  | 'depth'
  | 'critical'
  | 'service'
  | 'id'
  | 'trace:duration'
  | 'trace:rootName'
  | 'trace:rootService';
type Field = { intrinsic: Intrinsic } | { attribute: AttributeRef };
type Operator = '=' | '!=' | '>' | '>=' | '<' | '<=' | '=~' | '!~';
type Literal =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'bool'; value: boolean }
  | { kind: 'word'; value: string };

type Condition =
  | { type: 'compare'; field: Field; op: Operator; value: Literal; regex: RegExp | null; column: number }
  | { type: 'exists'; field: Field }
  | { type: 'not'; of: Condition }
  | { type: 'and' | 'or'; left: Condition; right: Condition }
  | { type: 'all' };

type Spanset =
  | { type: 'spanset'; condition: Condition }
  | { type: 'structural'; op: '>>' | '>' | '~' | '&&' | '||'; left: Spanset; right: Spanset };

export type Query = { type: 'text'; text: string } | { type: 'traceql'; root: Spanset; attributes: AttributeRef[] };

/** What a query reads: the columns, and attribute values where it names attributes. */
export interface QueryColumns {
  count: number;
  services: readonly string[];
  names: readonly string[];
  serviceIndex: Int32Array;
  nameIndex: Int32Array;
  kind: Uint8Array;
  flags: Uint8Array;
  durationUs: Float64Array;
  selfUs: Float64Array;
  depth: Int32Array;
  parent: Int32Array;
  spanKeys: SpanKeyList;
  /** 1 for spans on the critical path (only read by `critical`). */
  critical?: Uint8Array;
  traceDurationUs: number;
}

export interface AttributeLookup {
  /** The value of an attribute of span i (span attributes first for `any`, then resource). */
  value(span: number, ref: AttributeRef): AttrValue | undefined;
  /** Every attribute value of span i as text, for plain-text queries (absent: they match names and ids only). */
  texts?(span: number): readonly string[];
}

const INTRINSICS: Record<string, Intrinsic> = {
  name: 'name',
  'span:name': 'name',
  status: 'status',
  'span:status': 'status',
  kind: 'kind',
  'span:kind': 'kind',
  duration: 'duration',
  'span:duration': 'duration',
  self: 'self',
  depth: 'depth',
  critical: 'critical',
  service: 'service',
  'resource.service.name': 'service',
  '.service.name': 'service',
  'span:id': 'id',
  'trace:duration': 'trace:duration',
  'trace:rootName': 'trace:rootName',
  'trace:rootService': 'trace:rootService',
};

// ——— Parsing ———

/** Longer queries are refused: parsing and evaluation recurse over the query. */
export const MAX_QUERY = 4096;

interface Token {
  kind: 'punct' | 'string' | 'number' | 'word';
  text: string;
  column: number;
}

const PUNCT = ['>>', '>=', '<=', '!=', '=~', '!~', '&&', '||', '{', '}', '(', ')', '=', '>', '<', '!', '~'];

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const column = i + 1;
    if (c === '"' || c === '`') {
      let value = '';
      let j = i + 1;
      for (; j < text.length && text[j] !== c; j++) {
        if (text[j] === '\\' && c === '"' && j + 1 < text.length) {
          j++;
          const escaped = text[j] as string;
          value += escaped === 'n' ? '\n' : escaped === 't' ? '\t' : escaped;
        } else value += text[j];
      }
      if (j >= text.length) throw new QueryError('a string that is never closed', column);
      tokens.push({ kind: 'string', text: value, column });
      i = j + 1;
      continue;
    }
    const punct = PUNCT.find((p) => text.startsWith(p, i));
    // A number (or a duration such as 1.5s) starts with a digit, or a minus sign and a digit.
    const number = /^-?\d+(\.\d+)?([eE][+-]?\d+)?(ns|us|µs|ms|s|m|h)*/.exec(text.slice(i));
    if (number && (c !== '-' || /\d/.test(text[i + 1] ?? ''))) {
      tokens.push({ kind: 'number', text: number[0], column });
      i += number[0].length;
      continue;
    }
    if (punct) {
      tokens.push({ kind: 'punct', text: punct, column });
      i += punct.length;
      continue;
    }
    const word = /^[A-Za-z_.:][A-Za-z0-9_.:\-/]*/.exec(text.slice(i));
    if (!word) throw new QueryError(`unexpected "${c}"`, column);
    tokens.push({ kind: 'word', text: word[0], column });
    i += word[0].length;
  }
  return tokens;
}

class Parser {
  private at = 0;
  readonly attributes: AttributeRef[] = [];
  constructor(
    private readonly tokens: Token[],
    private readonly length: number,
  ) {}

  private peek(): Token | undefined {
    return this.tokens[this.at];
  }

  private column(): number {
    return this.peek()?.column ?? this.length + 1;
  }

  private take(text?: string): Token {
    const token = this.peek();
    if (!token || (text !== undefined && (token.kind !== 'punct' || token.text !== text))) {
      throw new QueryError(
        `expected ${text ? `"${text}"` : 'more'} but found ${token ? `"${token.text}"` : 'the end of the query'}`,
        this.column(),
      );
    }
    this.at++;
    return token;
  }

  private isPunct(...texts: string[]): boolean {
    const token = this.peek();
    return token?.kind === 'punct' && texts.includes(token.text);
  }

  parse(): Spanset {
    const root = this.structural();
    const rest = this.peek();
    if (rest) throw new QueryError(`unexpected "${rest.text}" after the query`, rest.column);
    return root;
  }

  private structural(): Spanset {
    let left = this.spanset();
    while (this.isPunct('>>', '>', '~', '&&', '||')) {
      const op = this.take().text as '>>' | '>' | '~' | '&&' | '||';
      left = { type: 'structural', op, left, right: this.spanset() };
    }
    return left;
  }

  private spanset(): Spanset {
    if (this.isPunct('(')) {
      this.take('(');
      const inner = this.structural();
      this.take(')');
      return inner;
    }
    this.take('{');
    if (this.isPunct('}')) {
      this.take('}');
      return { type: 'spanset', condition: { type: 'all' } };
    }
    const condition = this.or();
    this.take('}');
    return { type: 'spanset', condition };
  }

  /** `||` binds looser than `&&`; both are left-associative. */
  private or(): Condition {
    return this.chain('||', 'or', () => this.chain('&&', 'and', () => this.unary()));
  }

  private chain(op: '||' | '&&', type: 'or' | 'and', operand: () => Condition): Condition {
    let left = operand();
    while (this.isPunct(op)) {
      this.take(op);
      left = { type, left, right: operand() };
    }
    return left;
  }

  private unary(): Condition {
    if (this.isPunct('!')) {
      this.take('!');
      return { type: 'not', of: this.unary() };
    }
    if (this.isPunct('(')) {
      this.take('(');
      const inner = this.or();
      this.take(')');
      return inner;
    }
    return this.comparison();
  }

  private comparison(): Condition {
    const token = this.peek();
    if (!token || token.kind !== 'word')
      throw new QueryError(
        `expected a field (name, status, duration, span.key…) but found ${token ? `"${token.text}"` : 'the end of the query'}`,
        this.column(),
      );
    this.at++;
    const field = this.field(token);
    if (!this.isPunct('=', '!=', '>', '>=', '<', '<=', '=~', '!~')) return { type: 'exists', field };
    const opToken = this.take();
    const op = opToken.text as Operator;
    const valueToken = this.peek();
    if (!valueToken || valueToken.kind === 'punct')
      throw new QueryError(`expected a value after "${op}"`, this.column());
    this.at++;
    const value = literal(valueToken);
    let regex: RegExp | null = null;
    if (op === '=~' || op === '!~') {
      try {
        regex = new RegExp(`^(?:${String(value.value)})$`);
      } catch (error) {
        throw new QueryError(`not a regular expression: ${errorText(error)}`, valueToken.column);
      }
    }
    if ('intrinsic' in field) checkIntrinsic(field.intrinsic, op, value, valueToken.column);
    return { type: 'compare', field, op, value, regex, column: valueToken.column };
  }

  private field(token: Token): Field {
    const intrinsic = INTRINSICS[token.text];
    if (intrinsic) return { intrinsic };
    let ref: AttributeRef | null = null;
    if (token.text.startsWith('span.')) ref = { scope: 'span', key: token.text.slice(5) };
    else if (token.text.startsWith('resource.')) ref = { scope: 'resource', key: token.text.slice(9) };
    else if (token.text.startsWith('.')) ref = { scope: 'any', key: token.text.slice(1) };
    if (!ref || ref.key === '') {
      throw new QueryError(
        `unknown field "${token.text}": use an intrinsic (name, status, kind, duration, self, depth, critical, service) or span.<key>, resource.<key>, .<key>`,
        token.column,
      );
    }
    if (!this.attributes.some((a) => a.scope === ref.scope && a.key === ref.key)) this.attributes.push(ref);
    return { attribute: ref };
  }
}

function literal(token: Token): Literal {
  if (token.kind === 'string') return { kind: 'string', value: token.text };
  if (token.kind === 'number') {
    if (/[a-zµ]$/.test(token.text)) {
      const us = parseGoDuration(token.text);
      if (us === null) throw new QueryError(`not a duration: "${token.text}"`, token.column);
      return { kind: 'number', value: us };
    }
    return { kind: 'number', value: Number(token.text) };
  }
  if (token.text === 'true' || token.text === 'false') return { kind: 'bool', value: token.text === 'true' };
  return { kind: 'word', value: token.text };
}

const STATUSES = ['error', 'ok', 'unset'];

function checkIntrinsic(field: Intrinsic, op: Operator, value: Literal, column: number): void {
  const word = value.kind === 'word' || value.kind === 'string' ? String(value.value).toLowerCase() : null;
  if (field === 'status' && (word === null || !STATUSES.includes(word)) && op !== '=~' && op !== '!~')
    throw new QueryError(`status is error, ok or unset`, column);
  if (
    field === 'kind' &&
    (word === null || !(SPAN_KINDS as readonly string[]).includes(word)) &&
    op !== '=~' &&
    op !== '!~'
  ) {
    throw new QueryError(`kind is one of ${SPAN_KINDS.join(', ')}`, column);
  }
  if (
    (field === 'duration' || field === 'self' || field === 'depth' || field === 'trace:duration') &&
    value.kind !== 'number'
  ) {
    throw new QueryError(
      `${field} compares with a number${field === 'depth' ? '' : ' or a duration (100ms, 1.5s)'}`,
      column,
    );
  }
}

/** Parses a query; throws QueryError (with its column) when it is not one. An empty query matches nothing. */
export function parseQuery(text: string): Query | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (text.length > MAX_QUERY) throw new QueryError(`a query is at most ${MAX_QUERY} characters`, MAX_QUERY + 1);
  if (!trimmed.startsWith('{') && !trimmed.startsWith('(')) return { type: 'text', text: trimmed.toLowerCase() };
  const parser = new Parser(tokenize(text), text.length);
  const root = parser.parse();
  return { type: 'traceql', root, attributes: parser.attributes };
}

// ——— Evaluation ———

type Scalar = string | number | boolean | undefined;

/**
 * An attribute named as a query names it: `span.<key>`, `resource.<key>`,
 * `.<key>` (either scope), or a bare key (either scope). Null when empty.
 */
export function parseAttributeField(text: string): AttributeRef | null {
  const trimmed = text.trim();
  const ref: AttributeRef = trimmed.startsWith('span.')
    ? { scope: 'span', key: trimmed.slice(5) }
    : trimmed.startsWith('resource.')
      ? { scope: 'resource', key: trimmed.slice(9) }
      : { scope: 'any', key: trimmed.startsWith('.') ? trimmed.slice(1) : trimmed };
  return ref.key === '' ? null : ref;
}

/** The field as a query writes it. */
export function attributeFieldText(ref: AttributeRef): string {
  return `${ref.scope === 'any' ? '' : ref.scope}.${ref.key}`;
}

/**
 * An attribute value as statistics group it, with the literal a query compares it to; null where a query sees no value.
 */
export function groupValue(value: AttrValue | undefined): { text: string; literal: string } | null {
  const scalar = attrScalar(value);
  if (scalar === undefined) return null;
  if (typeof scalar === 'string') return { text: scalar, literal: JSON.stringify(scalar) };
  return { text: String(scalar), literal: String(scalar) };
}

function attrScalar(value: AttrValue | undefined): Scalar {
  if (!value) return undefined;
  switch (value.type) {
    case 'string':
    case 'bytes':
      return value.value;
    case 'int':
      return Number(value.value);
    case 'double':
      return value.value;
    case 'bool':
      return value.value;
    default:
      return undefined;
  }
}

function compare(actual: Scalar, op: Operator, value: Literal, regex: RegExp | null): boolean {
  // A span without the attribute matches no comparison, as in TraceQL (not even !=).
  if (actual === undefined) return false;
  if (regex) return regex.test(String(actual)) === (op === '=~');
  const expected = value.value;
  // Typed: a number compares as a number (an attribute "500" with 500 too), a word or string as text.
  if (typeof expected === 'number') {
    const n =
      typeof actual === 'number' ? actual : typeof actual === 'string' && actual.trim() !== '' ? Number(actual) : NaN;
    if (Number.isNaN(n)) return op === '!=';
    return op === '='
      ? n === expected
      : op === '!='
        ? n !== expected
        : op === '>'
          ? n > expected
          : op === '>='
            ? n >= expected
            : op === '<'
              ? n < expected
              : n <= expected;
  }
  if (typeof expected === 'boolean') {
    const b = typeof actual === 'boolean' ? actual : String(actual) === String(expected) ? expected : !expected;
    return op === '=' ? b === expected : op === '!=' ? b !== expected : false;
  }
  const a = String(actual);
  const e = String(expected);
  return op === '='
    ? a === e
    : op === '!='
      ? a !== e
      : op === '>'
        ? a > e
        : op === '>='
          ? a >= e
          : op === '<'
            ? a < e
            : a <= e;
}

function intrinsicValue(columns: QueryColumns, field: Intrinsic, i: number): Scalar {
  switch (field) {
    case 'name':
      return columns.names[columns.nameIndex[i] as number] ?? '';
    case 'service':
      return columns.services[columns.serviceIndex[i] as number] ?? '';
    case 'status': {
      const flags = columns.flags[i] as number;
      return flags & FLAG_ERROR ? 'error' : flags & FLAG_OK ? 'ok' : 'unset';
    }
    case 'kind':
      return SPAN_KINDS[columns.kind[i] as number] ?? 'unspecified';
    case 'duration':
      return columns.durationUs[i] as number;
    case 'self':
      return columns.selfUs[i] as number;
    case 'depth':
      return columns.depth[i] as number;
    case 'critical':
      return (columns.critical?.[i] ?? 0) === 1;
    case 'id':
      return spanKeyAt(columns.spanKeys, i);
    case 'trace:duration':
      return columns.traceDurationUs;
    case 'trace:rootName':
      return columns.names[columns.nameIndex[0] as number] ?? '';
    case 'trace:rootService':
      return columns.services[columns.serviceIndex[0] as number] ?? '';
  }
}

function fieldValue(columns: QueryColumns, attributes: AttributeLookup | null, field: Field, i: number): Scalar {
  if ('intrinsic' in field) return intrinsicValue(columns, field.intrinsic, i);
  return attrScalar(attributes?.value(i, field.attribute));
}

function literalFor(field: Field, value: Literal): Literal {
  // Words compare as text; for status and kind, case does not matter.
  if ('intrinsic' in field && (field.intrinsic === 'status' || field.intrinsic === 'kind') && value.kind !== 'number')
    return { kind: 'string', value: String(value.value).toLowerCase() };
  return value.kind === 'word' ? { kind: 'string', value: value.value } : value;
}

/**
 * A condition over every span, as a mask: recursive over the query (as deep
 * as the query is long, at most MAX_QUERY characters, never as the trace is),
 * one loop over the spans per leaf.
 */
function evaluateCondition(
  columns: QueryColumns,
  attributes: AttributeLookup | null,
  condition: Condition,
): Uint8Array {
  const n = columns.count;
  switch (condition.type) {
    case 'all':
      return new Uint8Array(n).fill(1);
    case 'exists': {
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++)
        out[i] =
          fieldValue(columns, attributes, condition.field, i) === undefined
            ? 0
            : 'intrinsic' in condition.field && condition.field.intrinsic === 'critical'
              ? (columns.critical?.[i] ?? 0)
              : 1;
      return out;
    }
    case 'compare': {
      const out = new Uint8Array(n);
      const value = literalFor(condition.field, condition.value);
      for (let i = 0; i < n; i++)
        out[i] = compare(fieldValue(columns, attributes, condition.field, i), condition.op, value, condition.regex)
          ? 1
          : 0;
      return out;
    }
    case 'not': {
      const inner = evaluateCondition(columns, attributes, condition.of);
      for (let i = 0; i < n; i++) inner[i] = inner[i] ? 0 : 1;
      return inner;
    }
    case 'and':
    case 'or': {
      const left = evaluateCondition(columns, attributes, condition.left);
      const right = evaluateCondition(columns, attributes, condition.right);
      for (let i = 0; i < n; i++)
        left[i] =
          condition.type === 'and'
            ? (left[i] as number) & (right[i] as number)
            : (left[i] as number) | (right[i] as number);
      return left;
    }
  }
}

function evaluateSpanset(columns: QueryColumns, attributes: AttributeLookup | null, set: Spanset): Uint8Array {
  if (set.type === 'spanset') return evaluateCondition(columns, attributes, set.condition);
  const a = evaluateSpanset(columns, attributes, set.left);
  const b = evaluateSpanset(columns, attributes, set.right);
  const n = columns.count;
  const { parent } = columns;
  const out = new Uint8Array(n);
  switch (set.op) {
    case '>>': {
      // Parents come before children: whether some ancestor is in A, top-down.
      const below = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        const p = parent[i] as number;
        below[i] = p === -1 ? 0 : (a[p] as number) | (below[p] as number);
        out[i] = (b[i] as number) & (below[i] as number);
      }
      return out;
    }
    case '>':
      for (let i = 0; i < n; i++) {
        const p = parent[i] as number;
        out[i] = p !== -1 && a[p] && b[i] ? 1 : 0;
      }
      return out;
    case '~': {
      // Siblings share a parent (roots are siblings of each other): count A per parent.
      const inA = new Int32Array(n + 1);
      for (let i = 0; i < n; i++) {
        const slot = (parent[i] as number) + 1;
        if (a[i]) inA[slot] = (inA[slot] as number) + 1;
      }
      for (let i = 0; i < n; i++)
        out[i] = b[i] && (inA[(parent[i] as number) + 1] as number) - (a[i] ? 1 : 0) > 0 ? 1 : 0;
      return out;
    }
    case '&&': {
      // Both spansets must match in the trace; then the spans of both.
      const both = a.includes(1) && b.includes(1);
      for (let i = 0; i < n; i++) out[i] = both ? (a[i] as number) | (b[i] as number) : 0;
      return out;
    }
    case '||':
      for (let i = 0; i < n; i++) out[i] = (a[i] as number) | (b[i] as number);
      return out;
  }
}

/** The spans a query matches, as a mask over the depth-first spans. */
export function evaluateQuery(
  query: Query,
  columns: QueryColumns,
  attributes: AttributeLookup | null = null,
): Uint8Array {
  if (query.type === 'traceql') return evaluateSpanset(columns, attributes, query.root);
  const needle = query.text;
  const out = new Uint8Array(columns.count);
  const serviceHit = columns.services.map((s) => s.toLowerCase().includes(needle));
  const nameHit = columns.names.map((s) => s.toLowerCase().includes(needle));
  for (let i = 0; i < columns.count; i++) {
    if (
      serviceHit[columns.serviceIndex[i] as number] ||
      nameHit[columns.nameIndex[i] as number] ||
      spanKeyAt(columns.spanKeys, i).includes(needle)
    )
      out[i] = 1;
    else if (attributes?.texts && attributes.texts(i).some((t) => t.toLowerCase().includes(needle))) out[i] = 1;
  }
  return out;
}

/** The attributes a query reads (an index of them is built before it runs). Plain text reads every value. */
export function queryAttributes(query: Query): AttributeRef[] | 'all' {
  return query.type === 'text' ? 'all' : query.attributes;
}
