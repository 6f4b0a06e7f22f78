import type { LoadProblem } from '../shared/trace-store';
import { SafeText } from '../shared/SafeText';

/**
 * Files that could not be opened (errors), and words worth saying about what was opened (notices, such as a trace a
 * newer copy replaced). What was loaded before stays on screen below. Several dismiss together.
 */
export function ProblemBanner({ problems, onDismiss }: { problems: LoadProblem[]; onDismiss: (id?: number) => void }) {
  if (problems.length === 0) return null;
  const errors = problems.filter((p) => p.tone === 'error');
  const notices = problems.filter((p) => p.tone === 'notice');
  return (
    <div className="problem-banner" data-testid="banners">
      {errors.length > 0 && <ProblemList problems={errors} tone="error" onDismiss={onDismiss} />}
      {notices.length > 0 && <ProblemList problems={notices} tone="notice" onDismiss={onDismiss} />}
      {problems.length > 1 && (
        <div className="problem-all">
          <button type="button" className="link-button" data-testid="dismiss-all" onClick={() => onDismiss()}>
            Dismiss all {problems.length}
          </button>
        </div>
      )}
    </div>
  );
}

function ProblemList({
  problems,
  tone,
  onDismiss,
}: {
  problems: LoadProblem[];
  tone: LoadProblem['tone'];
  onDismiss: (id: number) => void;
}) {
  return (
    <div
      className={`problem-list ${tone}`}
      data-testid={tone === 'error' ? 'load-error' : 'load-notice'}
      role={tone === 'error' ? 'alert' : 'status'}
    >
      {problems.map((problem) => (
        <div key={problem.id} className="problem">
          <span className="problem-icon" aria-hidden="true">
            {tone === 'error' ? '⚠' : 'ℹ'}
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
