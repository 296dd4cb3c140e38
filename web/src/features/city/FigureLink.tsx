import { Button } from 'antd';
import type { ReactNode } from 'react';

/** A figure that opens the firms behind it. */
export function FigureLink({ label, onOpen, children, testId }: { label: string; onOpen: () => void; children: ReactNode; testId?: string }) {
  return (
    <Button type="link" size="small" className="figure-link" aria-label={label} title={label} onClick={onOpen} data-testid={testId}>
      {children}
    </Button>
  );
}
