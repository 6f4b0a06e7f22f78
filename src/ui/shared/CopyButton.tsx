import { useState } from 'react';

/** Copies `text` (or what `text()` gives at the click, such as the page's address) to the clipboard. */
export function CopyButton({
  text,
  label = 'Copy',
  className = '',
  testId,
}: {
  text: string | (() => string);
  label?: string;
  className?: string;
  testId?: string;
}) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className={`copy-button ${className}`}
      data-testid={testId}
      title={`Copy ${label.toLowerCase() === 'copy' ? 'to clipboard' : label}`}
      onClick={(event) => {
        event.stopPropagation();
        void navigator.clipboard?.writeText(typeof text === 'string' ? text : text()).then(
          () => {
            setCopied(true);
            window.setTimeout(() => setCopied(false), 1200);
          },
          () => setCopied(false),
        );
      }}
    >
      {copied ? 'Copied' : label}
    </button>
  );
}
