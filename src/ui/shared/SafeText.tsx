import { displayName } from '../../model/text';

interface Props {
  /** Text from a file: a service, an operation, a key. */
  text: string;
  /** Characters shown at most; the whole text is in the tooltip. */
  max?: number;
  className?: string;
  /** Let a long dotted key wrap after its dots (`http.response.` / `status_code`), not inside a word. */
  breakAfterDots?: boolean;
}

/**
 * A name from a file as one line of the page: cut with an ellipsis (the whole
 * name in the tooltip), invisible and direction-changing characters shown as
 * `\u202E`, and isolated from the text around it (<bdi>), so a right-to-left
 * name cannot reorder its neighbours. React escapes the rest.
 */
export function SafeText({ text, max = 200, className, breakAfterDots = false }: Props) {
  const shown = displayName(text, max);
  const parts = breakAfterDots ? shown.split(/(?<=\.)/) : null;
  return (
    <bdi
      className={className ? `safe-text ${className}` : 'safe-text'}
      title={shown !== text ? displayName(text, 2000) : undefined}
    >
      {parts && parts.length > 1 ? parts.map((part, i) => (i === 0 ? part : [<wbr key={i} />, part])) : shown}
    </bdi>
  );
}
