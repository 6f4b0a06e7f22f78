import type { LoadProblem } from '../shared/trace-store';
import { SafeText } from '../shared/SafeText';

/** Files that could not be opened. What was loaded before stays on screen below. */
export function ProblemBanner({ problems, onDismiss }: { problems: LoadProblem[]; onDismiss: (id: number) => void }) {
  if (problems.length === 0) return null;
  return (
    <div className="problem-banner" data-testid="load-error" role="alert">
      {problems.map((problem) => (
        <div key={problem.id} className="problem">
          <span className="problem-icon" aria-hidden="true">
            ⚠
          </span>
          <SafeText className="problem-text" text={problem.message} max={1000} />
          <button type="button" className="link-button" onClick={() => onDismiss(problem.id)} aria-label="Dismiss">
            Dismiss
          </button>
        </div>
      ))}
    </div>
  );
}
