// Reads trace-file text into JSON values, saying where it is broken.
// A file is one JSON document, or JSON Lines (one document per line, as the
// OTLP file exporter writes). Engines word JSON.parse errors differently, so
// on failure a small iterative scanner finds the exact line and column.
import { TOO_DEEP, tooDeepAt } from './json-nesting';
import { errorText } from '../model/text';

export interface TextPosition {
  line: number;
  column: number;
}

export interface JsonProblem extends TextPosition {
  message: string;
}

export interface JsonDocument {
  value: unknown;
  /** 1-based line the document starts on (1 for a whole-file document). */
  line: number;
}

export type JsonReadResult =
  { ok: true; documents: JsonDocument[]; problems: JsonProblem[] } | { ok: false; problem: JsonProblem };

/**
 * The one wording of a problem in a file's text, for every reader:
 * `file:line:column: not valid JSON: …` (or, for nesting beyond the limit, without
 * "not valid JSON": such text may be valid, it is only refused).
 */
export function textProblem(
  fileName: string,
  line: number,
  column: number,
  message: string,
  lineSkipped = false,
): string {
  const what = message === TOO_DEEP ? message : `not valid JSON: ${message}`;
  return `${fileName}:${line}:${column}: ${lineSkipped ? `line skipped, ${what}` : what}`;
}

export function positionOf(text: string, offset: number): TextPosition {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

function describe(text: string, i: number): string {
  if (i >= text.length) return 'the end of the text';
  const ch = text[i] ?? '';
  return JSON.stringify(ch);
}

/** Finds the first syntax error in `text`, or null when it is valid JSON. */
export function locateJsonError(text: string): { offset: number; message: string } | null {
  const stack: Array<'object' | 'array'> = [];
  type State = 'value' | 'first-key' | 'key' | 'colon' | 'first-value' | 'after';
  let state: State = 'value';
  let i = 0;
  const n = text.length;
  if (text.charCodeAt(0) === 0xfeff) i = 1;
  for (;;) {
    while (i < n && WS.has(text.charCodeAt(i))) i++;
    if (state === 'after' && stack.length === 0) {
      return i < n ? { offset: i, message: `unexpected ${describe(text, i)} after the end of the JSON value` } : null;
    }
    if (i >= n) {
      const open = stack[stack.length - 1];
      const what = open === undefined ? 'a value' : open === 'object' ? "'}'" : "']'";
      return { offset: n, message: `the text ends early: expected ${what}` };
    }
    const ch = text[i];
    if (state === 'after') {
      const top = stack[stack.length - 1];
      if (ch === ',') {
        i++;
        state = top === 'object' ? 'key' : 'value';
      } else if (ch === '}' && top === 'object') {
        stack.pop();
        i++;
      } else if (ch === ']' && top === 'array') {
        stack.pop();
        i++;
      } else {
        const expected = top === 'object' ? "',' or '}'" : "',' or ']'";
        return { offset: i, message: `expected ${expected} but found ${describe(text, i)}` };
      }
      continue;
    }
    if (state === 'colon') {
      if (ch !== ':') return { offset: i, message: `expected ':' after an object key but found ${describe(text, i)}` };
      i++;
      state = 'value';
      continue;
    }
    if (state === 'first-key' || state === 'key') {
      if (ch === '}' && state === 'first-key') {
        stack.pop();
        i++;
        state = 'after';
        continue;
      }
      if (ch !== '"') {
        const hint = ch === '}' ? ' (a trailing comma?)' : '';
        return { offset: i, message: `expected a quoted object key but found ${describe(text, i)}${hint}` };
      }
      const end = scanString(text, i);
      if (typeof end !== 'number') return end;
      i = end;
      state = 'colon';
      continue;
    }
    // state is 'value' or 'first-value'
    if (ch === ']' && state === 'first-value') {
      stack.pop();
      i++;
      state = 'after';
      continue;
    }
    if (ch === '{') {
      stack.push('object');
      i++;
      state = 'first-key';
    } else if (ch === '[') {
      stack.push('array');
      i++;
      state = 'first-value';
    } else if (ch === '"') {
      const end = scanString(text, i);
      if (typeof end !== 'number') return end;
      i = end;
      state = 'after';
    } else if (text.startsWith('true', i) || text.startsWith('null', i)) {
      i += 4;
      state = 'after';
    } else if (text.startsWith('false', i)) {
      i += 5;
      state = 'after';
    } else {
      NUMBER.lastIndex = i;
      const match = NUMBER.exec(text);
      if (!match) {
        const hint = ch === ']' ? ' (a trailing comma?)' : '';
        return { offset: i, message: `expected a JSON value but found ${describe(text, i)}${hint}` };
      }
      i += match[0].length;
      state = 'after';
    }
  }
}

function scanString(text: string, start: number): number | { offset: number; message: string } {
  let i = start + 1;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === 0x22) return i + 1;
    if (code === 0x5c) {
      const next = text[i + 1];
      if (next === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6)))
          return { offset: i, message: 'invalid \\u escape in a string' };
        i += 6;
        continue;
      }
      if (next === undefined || !'"\\/bfnrt'.includes(next))
        return { offset: i, message: 'invalid escape in a string' };
      i += 2;
      continue;
    }
    if (code < 0x20)
      return { offset: i, message: 'a line break or control character inside a string (unterminated string?)' };
    i++;
  }
  return { offset: start, message: 'a string that is never closed' };
}

function problemAt(text: string, offset: number, message: string, lineOffset = 0): JsonProblem {
  const pos = positionOf(text, offset);
  return { line: pos.line + lineOffset, column: pos.column, message };
}

function parseOne(text: string): { ok: true; value: unknown } | { ok: false; offset: number; message: string } {
  const deep = tooDeepAt(text);
  if (deep !== -1) return { ok: false, offset: deep, message: TOO_DEEP };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const located = locateJsonError(text);
    if (located) return { ok: false, ...located };
    return { ok: false, offset: 0, message: errorText(error) };
  }
}

/**
 * What is wrong with one line of a JSON Lines file, as readJsonText words it: its column and message, or null when it
 * is good.
 */
export function lineProblem(line: string): { column: number; message: string } | null {
  const parsed = parseOne(line);
  if (parsed.ok) return null;
  return { column: positionOf(line, parsed.offset).column, message: parsed.message };
}

/**
 * Parses a whole file. When the text is not one JSON document but every
 * non-empty line starts like one, it is read as JSON Lines; a broken line
 * becomes a problem with its position while the good lines are kept.
 */
export function readJsonText(text: string): JsonReadResult {
  if (text.trim() === '') return { ok: false, problem: { line: 1, column: 1, message: 'the file is empty' } };
  const whole = parseOne(text);
  if (whole.ok) return { ok: true, documents: [{ value: whole.value, line: 1 }], problems: [] };

  const lines = text.split('\n');
  const nonEmpty = lines.filter((line) => line.trim() !== '');
  const looksLikeLines = nonEmpty.length > 1 && nonEmpty.every((line) => /^\s*[[{]/.test(line));
  if (looksLikeLines) {
    const documents: JsonDocument[] = [];
    const problems: JsonProblem[] = [];
    lines.forEach((line, index) => {
      if (line.trim() === '') return;
      const parsed = parseOne(line);
      if (parsed.ok) documents.push({ value: parsed.value, line: index + 1 });
      else problems.push(problemAt(line, parsed.offset, parsed.message, index));
    });
    // If most lines fail, the file was one broken document that merely spans lines.
    if (documents.length > 0 && documents.length >= problems.length) return { ok: true, documents, problems };
  }
  return { ok: false, problem: problemAt(text, whole.offset, whole.message) };
}
