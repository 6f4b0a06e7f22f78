import { shortId } from '../../../model/ids';
import type { LinkTarget } from '../../../worker/trace-session';

const KIND_LABEL: Record<LinkTarget['kind'], string> = {
  parent: 'Parent',
  child_of: 'Child of',
  follows_from: 'Follows from',
  link: 'Link',
};

export function ReferenceList({
  references,
  onJump,
}: {
  references: LinkTarget[];
  onJump: (traceId: string, key: string) => void;
}) {
  return (
    <ul className="references" data-testid="span-references">
      {references.map((ref, i) => (
        <li key={i}>
          <span className="ref-kind">{KIND_LABEL[ref.kind]}</span>
          {ref.loaded ? (
            <button
              type="button"
              className="link-button"
              onClick={() => ref.loaded && onJump(ref.loaded.traceId, ref.loaded.key)}
              data-testid="reference-jump"
            >
              span {shortId(ref.spanId)}
            </button>
          ) : (
            <span title="Not in the loaded traces">span {shortId(ref.spanId)}</span>
          )}
          <span className="muted">
            {' '}
            in trace {shortId(ref.traceId)}
            {ref.loaded ? '' : ' (not loaded)'}
          </span>
          {ref.attributes.length > 0 && (
            <span className="muted">
              {' '}
              · {ref.attributes.map((a) => `${a.key}=${'value' in a.value ? String(a.value.value) : ''}`).join(', ')}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}
