import { displayName } from '../../model/text';

interface Props {
  /** Text from a file: a service, an operation, a key. */
  text: string;
  /** Characters shown at most; the whole text is in the tooltip. */
  max?: number;
  className?: string;
}

/**
 * A name from a file as one line of the page: cut with an ellipsis (the whole
 * name in the tooltip), invisible and direction-changing characters shown as
 * `\u202E`, and isolated from the text around it (<bdi>), so a right-to-left
 * name cannot reorder its neighbours. React escapes the rest.
 */
export function SafeText({ text, max = 200, className }: Props) {
  const shown = displayName(text, max);
  return (
    <bdi className={className ? `safe-text ${className}` : 'safe-text'} title={shown !== text ? displayName(text, 2000) : undefined}>
      {shown}
    </bdi>
  );
}
