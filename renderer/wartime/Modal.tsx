import { useEffect, useRef, type ReactNode } from 'react';
import { useEscape } from '../ui/useEscape.ts';

/** A plain modal dialog: dark backdrop, focus moved inside on open, Esc closes it wherever the focus is. */
export function Modal({ title, children, onClose, testId }: { title: string; children: ReactNode; onClose: () => void; testId: string }) {
  const box = useRef<HTMLDivElement>(null);
  useEscape(onClose);
  useEffect(() => {
    box.current?.focus();
  }, []);
  return (
    <div className="wt-modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div ref={box} tabIndex={-1} className="wt-modal" role="dialog" aria-modal="true" aria-label={title} data-testid={testId}>
        <div className="wt-modal-head">{title}</div>
        <div className="wt-modal-body">{children}</div>
      </div>
    </div>
  );
}
