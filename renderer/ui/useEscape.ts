// Esc closes the topmost dialog or drawer. Handlers stack in mount order, so Esc on the receipt over the incident drawer
// closes the receipt only; focus does not have to be inside the dialog (it often is still on the button that opened it).
import { useEffect, useState } from 'react';

interface Entry {
  close: () => void;
}

const stack: Entry[] = [];

function onKey(e: KeyboardEvent): void {
  if (e.key !== 'Escape' || e.defaultPrevented || e.isComposing) return;
  const top = stack.at(-1);
  if (!top) return;
  e.preventDefault();
  top.close();
}

export function useEscape(close: () => void): void {
  const [entry] = useState<Entry>(() => ({ close }));
  useEffect(() => {
    entry.close = close;
  });
  useEffect(() => {
    stack.push(entry);
    if (stack.length === 1) document.addEventListener('keydown', onKey);
    return () => {
      stack.splice(stack.indexOf(entry), 1);
      if (stack.length === 0) document.removeEventListener('keydown', onKey);
    };
  }, [entry]);
}
