// Ticking centres (townships) as targets or scope: used by the alert form, the order form and the wartime switch.
export interface ChecklistCentre { id: number; name: string }

export function CentreChecklist({
  centres,
  picked,
  onChange,
  everything,
  testId,
  className = 'list',
}: {
  centres: readonly ChecklistCentre[];
  picked: ReadonlySet<number>;
  onChange(next: Set<number>): void;
  /** "All" is chosen: every box shows ticked and none can be changed. */
  everything: boolean;
  testId(id: number): string;
  className?: string;
}) {
  const toggle = (id: number) => {
    const next = new Set(picked);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    onChange(next);
  };
  return (
    <div className={className} aria-disabled={everything}>
      {centres.map((c) => (
        <label key={c.id} title={c.name}>
          <input type="checkbox" data-testid={testId(c.id)} disabled={everything} checked={everything || picked.has(c.id)} onChange={() => toggle(c.id)} />
          {c.name}
        </label>
      ))}
    </div>
  );
}
