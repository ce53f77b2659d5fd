import type { ReactNode } from 'react';

/** A plain modal dialog: dark backdrop, focus stays inside by markup order, Esc handled by the caller's cancel button. */
export function Modal({ title, children, onClose, testId }: { title: string; children: ReactNode; onClose: () => void; testId: string }) {
  return (
    <div className="wt-modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="wt-modal" role="dialog" aria-modal="true" aria-label={title} data-testid={testId} onKeyDown={(e) => e.key === 'Escape' && onClose()}>
        <div className="wt-modal-head">{title}</div>
        <div className="wt-modal-body">{children}</div>
      </div>
    </div>
  );
}
