import type { ComponentChildren } from 'preact';
import type { RoleBadgeColor } from '../generated/graphql';
import { href, navigate } from '../router';

/** A link within the page: no reload, and a plain link still (new tab, copy address). */
export function Link({ to, children, current }: { to: string; children: ComponentChildren; current?: boolean }) {
  const onClick = (event: MouseEvent) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={href(to)} onClick={onClick} aria-current={current ? 'page' : undefined}>
      {children}
    </a>
  );
}

/** A role's badge, in the colour the API gives the role. */
export function RoleBadge({ role, color }: { role: string | null | undefined; color: RoleBadgeColor }) {
  return <span class={`badge badge-${color.toLowerCase()}`}>{role ?? 'no role'}</span>;
}

/** A message that screen readers announce when it appears. */
export function Notice({ kind, children }: { kind: 'error' | 'success' | 'info'; children: ComponentChildren }) {
  return (
    <p class={`notice notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </p>
  );
}

/** A wide table scrolls on its own on a narrow screen; the keyboard can scroll it too. */
export function TableWrap({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="table-wrap" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}

/** A labelled input with its error below it, tied to it for screen readers. */
export function Field({
  id,
  label,
  error,
  hint,
  children,
}: {
  id: string;
  label: string;
  error?: string | undefined;
  hint?: string;
  children: (props: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => ComponentChildren;
}) {
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div class={`field${error ? ' field-invalid' : ''}`}>
      <label for={id}>{label}</label>
      {children({ id, 'aria-invalid': Boolean(error), ...(described ? { 'aria-describedby': described } : {}) })}
      {hint && (
        <span class="hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {error && (
        <span class="field-error" id={`${id}-error`}>
          {error}
        </span>
      )}
    </div>
  );
}

/** Previous and next page of a connection. */
export function Pager({ hasPrevious, hasNext, onPrevious, onNext, label }: { hasPrevious: boolean; hasNext: boolean; onPrevious(): void; onNext(): void; label: string }) {
  return (
    <nav class="pager" aria-label={label}>
      <button type="button" disabled={!hasPrevious} onClick={onPrevious}>
        Previous page
      </button>
      <button type="button" disabled={!hasNext} onClick={onNext}>
        Next page
      </button>
    </nav>
  );
}

/** The field problems of a ValidationError, by input field name ("input.phone" → phone). */
export function issuesByField(issues: ReadonlyArray<{ path: string; message: string }>): Record<string, string> {
  return Object.fromEntries(issues.map((issue) => [issue.path.replace(/^input\.?/, '') || 'input', issue.message]));
}
