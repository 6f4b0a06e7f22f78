// The shape of a JSON file from its first bytes: the prefix is cut after the
// last complete value and its open containers are closed, so the engine can
// parse it and detection can look at the top-level keys and the first items.

export interface Skeleton {
  value: unknown;
  /** The first document ended inside the prefix and another one starts after it (JSON Lines). */
  multiDocument: boolean;
}

export function jsonSkeleton(prefix: string): Skeleton | null {
  const closers: string[] = [];
  let cut = -1;
  let cutClosers: string[] = [];
  let inString = false;
  let i = prefix.charCodeAt(0) === 0xfeff ? 1 : 0;
  let docEnd = -1;
  for (; i < prefix.length; i++) {
    const c = prefix[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') {
        inString = false;
        if (closers.length === 0) {
          docEnd = i + 1;
          break;
        }
        // A string value (or key) ends; values inside arrays/after ':' are complete here.
        const before = previousSignificant(prefix, i);
        if (before !== null) {
          cut = i + 1;
          cutClosers = [...closers];
        }
      }
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      closers.push(c === '{' ? '}' : ']');
      if (c === '[') {
        cut = i + 1;
        cutClosers = [...closers];
      }
    } else if (c === '}' || c === ']') {
      closers.pop();
      if (closers.length === 0) {
        docEnd = i + 1;
        break;
      }
      cut = i + 1;
      cutClosers = [...closers];
    }
  }
  let text: string;
  if (docEnd !== -1) text = prefix.slice(0, docEnd);
  else if (cut === -1) return null;
  else text = trimToValueEnd(prefix.slice(0, cut)) + cutClosers.reverse().join('');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const after = docEnd === -1 ? '' : prefix.slice(docEnd);
  return { value, multiDocument: /\n\s*[[{]/.test(after) };
}

function previousSignificant(text: string, quoteEnd: number): string | null {
  // Find the opening quote of the string ending at quoteEnd, then the character before it.
  let j = quoteEnd - 1;
  while (j >= 0) {
    if (text[j] === '"') {
      let backslashes = 0;
      let k = j - 1;
      while (k >= 0 && text[k] === '\\') {
        backslashes++;
        k--;
      }
      if (backslashes % 2 === 0) break;
    }
    j--;
  }
  let k = j - 1;
  while (k >= 0 && /\s/.test(text[k] as string)) k--;
  const before = text[k];
  // After ':' the string is a value; after '[' or ',' inside an array it is an item. A key is followed by ':' and is not a cut point.
  if (before === ':' || before === '[') return before;
  if (before === ',') return insideArray(text, k) ? before : null;
  return null;
}

function insideArray(text: string, from: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = from; i >= 0; i--) {
    const c = text[i];
    if (c === '"' && text[i - 1] !== '\\') inString = !inString;
    if (inString) continue;
    if (c === '}' || c === ']') depth++;
    else if (c === '{' || c === '[') {
      if (depth === 0) return c === '[';
      depth--;
    }
  }
  return false;
}

/** Drops a dangling key or comma so that closers can follow. */
function trimToValueEnd(text: string): string {
  return text.replace(/,\s*$/, '');
}
