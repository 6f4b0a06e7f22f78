import { attrValueText, attrValueToJson } from '../../../model/attributes';
import type { Attribute, AttrValue } from '../../../model/trace';
import { CopyButton } from '../../shared/CopyButton';
import { SafeText } from '../../shared/SafeText';

/** Strings that hold a JSON object or array are shown pretty-printed. */
function prettyJson(text: string): string | null {
  const trimmed = text.trim();
  if (!(trimmed.startsWith('{') || trimmed.startsWith('['))) return null;
  try {
    return JSON.stringify(JSON.parse(trimmed), null, 2);
  } catch {
    return null;
  }
}

function Value({ value }: { value: AttrValue }) {
  switch (value.type) {
    case 'string': {
      const json = prettyJson(value.value);
      if (json) return <pre className="value json">{json}</pre>;
      return <bdi className="value string">{value.value}</bdi>;
    }
    case 'int':
    case 'double':
      return <span className="value number">{attrValueText(value)}</span>;
    case 'bool':
      return <span className="value bool">{String(value.value)}</span>;
    case 'bytes':
      return (
        <span className="value bytes" title="bytes (base64)">
          {value.value}
        </span>
      );
    case 'empty':
      return <span className="value empty">(empty)</span>;
    case 'array':
    case 'kvlist':
      return <pre className="value json">{JSON.stringify(attrValueToJson(value), null, 2)}</pre>;
  }
}

export function AttributeTable({
  attributes,
  filter,
  testId,
}: {
  attributes: Attribute[];
  filter: string;
  testId: string;
}) {
  const needle = filter.trim().toLowerCase();
  const shown = needle
    ? attributes.filter(
        (a) => a.key.toLowerCase().includes(needle) || attrValueText(a.value).toLowerCase().includes(needle),
      )
    : attributes;
  if (attributes.length === 0) return <p className="muted small">None.</p>;
  if (shown.length === 0) return <p className="muted small">No attribute matches “{filter}”.</p>;
  return (
    <table className="attributes" data-testid={testId}>
      <tbody>
        {shown.map((a, i) => (
          <tr key={`${a.key}-${i}`} data-key={a.key}>
            <th scope="row">
              <SafeText text={a.key} max={200} breakAfterDots />
            </th>
            <td>
              <Value value={a.value} />
              <span className="type-label">{a.value.type}</span>
              <CopyButton text={attrValueText(a.value)} className="row-copy" />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
