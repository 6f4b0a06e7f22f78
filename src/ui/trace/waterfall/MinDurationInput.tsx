import { useEffect, useState } from 'react';
import { formatDurationUs, parseGoDuration } from '../../../model/time';

/** "Hide spans shorter than …": a duration as Jaeger writes one (5ms, 1.5s, 250us); empty shows every span. */
export function MinDurationInput({ minUs, onChange }: { minUs: number; onChange: (minUs: number) => void }) {
  const shown = minUs > 0 ? formatDurationUs(minUs) : '';
  const [draft, setDraft] = useState(shown);
  useEffect(() => setDraft(shown), [shown]);
  const value = parseGoDuration(draft);
  const invalid = draft.trim() !== '' && value === null;
  const apply = () => {
    if (invalid) return;
    onChange(value ?? 0);
  };
  return (
    <label
      className={`min-duration${invalid ? ' invalid' : ''}`}
      title="Hide spans shorter than this (5ms, 1.5s, 250us); spans with a longer one below them stay"
    >
      <span aria-hidden="true">≥</span>
      <input
        data-testid="min-duration"
        aria-label="Hide spans shorter than"
        aria-invalid={invalid}
        placeholder="any"
        value={draft}
        spellCheck={false}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={apply}
        onKeyDown={(e) => {
          if (e.key === 'Enter') apply();
          else if (e.key === 'Escape') {
            setDraft('');
            onChange(0);
          }
          e.stopPropagation();
        }}
      />
    </label>
  );
}
