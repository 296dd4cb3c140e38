import { Button } from 'antd';
import type { ReactNode } from 'react';

/**
 * A figure that opens the firms behind it. Its accessible name is the figure followed by what it
 * counts (hidden text, not an aria-label: a label must contain the visible figure, axe
 * label-content-name-mismatch).
 */
export function FigureLink({ label, onOpen, children, testId }: { label: string; onOpen: () => void; children: ReactNode; testId?: string }) {
  return (
    <Button type="link" size="small" className="figure-link" title={label} onClick={onOpen} data-testid={testId}>
      {children}
      <span className="sr-only">{label}</span>
    </Button>
  );
}
