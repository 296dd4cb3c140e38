/**
 * A break's cause as a readable chain, from what the broken firm lacks back to the root-cause
 * firm: "鞋底 ← 瑞安市XX鞋材 ← 牛皮革 ← 温州XX皮革".
 */
import { Tag, Typography } from 'antd';
import { Fragment } from 'react';
import type { Analysis, AnalysisFirm } from './api';
import { causeSteps } from './model';

/** The chain as plain text (tables, exports, tooltips). */
export function causeText(a: Analysis, f: AnalysisFirm): string {
  const steps = causeSteps(a, f);
  const parts: string[] = [];
  steps.forEach((s, i) => {
    if (i > 0) parts.push(s.firm.name);
    if (s.item) parts.push(s.item);
  });
  return parts.join(' ← ');
}

export function CausePath({ analysis, firm, onSelect, compact }: { analysis: Analysis; firm: AnalysisFirm; onSelect?: (id: number) => void; compact?: boolean }) {
  const steps = causeSteps(analysis, firm);
  if (!steps.length) return null;
  const arrow = <span className="cause-arrow" aria-hidden>←</span>;
  return (
    <span className={compact ? 'cause-path compact' : 'cause-path'}>
      {steps.map((s, i) => (
        <Fragment key={`${s.firm.id}-${i}`}>
          {i > 0 ? (
            <>
              {arrow}
              {onSelect ? (
                <Typography.Link className="cause-firm" onClick={() => onSelect(s.firm.id)}>{s.firm.name}</Typography.Link>
              ) : (
                <span className="cause-firm">{s.firm.name}</span>
              )}
            </>
          ) : null}
          {s.item ? (
            <>
              {i > 0 ? arrow : null}
              <Tag className="cause-item" variant="filled" color="orange">{s.item}</Tag>
            </>
          ) : null}
        </Fragment>
      ))}
    </span>
  );
}
