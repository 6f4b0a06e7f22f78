import type { Attribute, AttrValue } from './trace';

export function stringAttr(key: string, value: string): Attribute {
  return { key, value: { type: 'string', value } };
}

export function findAttr(attributes: readonly Attribute[], key: string): AttrValue | undefined {
  for (const attr of attributes) if (attr.key === key) return attr.value;
  return undefined;
}

/** The value as plain text, the way the detail panel and search show it. */
export function attrValueText(value: AttrValue): string {
  switch (value.type) {
    case 'string':
    case 'int':
    case 'bytes':
      return value.value;
    case 'bool':
    case 'double':
      return String(value.value);
    case 'empty':
      return '';
    case 'array':
    case 'kvlist':
      return JSON.stringify(attrValueToJson(value));
  }
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Plain JSON for arrays and kvlists; integers that fit stay numbers. */
export function attrValueToJson(value: AttrValue, depth = 0): Json {
  if (depth > 32) return '…';
  switch (value.type) {
    case 'string':
    case 'bytes':
      return value.value;
    case 'int': {
      const n = Number(value.value);
      return Number.isSafeInteger(n) ? n : value.value;
    }
    case 'bool':
    case 'double':
      return value.value;
    case 'empty':
      return null;
    case 'array':
      return value.value.map((item) => attrValueToJson(item, depth + 1));
    case 'kvlist': {
      const out: { [key: string]: Json } = {};
      for (const attr of value.value) out[attr.key] = attrValueToJson(attr.value, depth + 1);
      return out;
    }
  }
}

/** A number when the value is numeric (ints, doubles, numeric strings), else null. */
export function attrNumber(value: AttrValue | undefined): number | null {
  if (value === undefined) return null;
  if (value.type === 'int' || value.type === 'string') {
    const n = Number(value.value);
    return value.value.trim() !== '' && Number.isFinite(n) ? n : null;
  }
  if (value.type === 'double') return value.value;
  return null;
}
