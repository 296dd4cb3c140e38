/** A risk's level and score as a coloured tag (its own module: the overview shows it without the form). */
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { scoreLevel } from './RiskHeatmap';

const LEVEL_COLORS = { high: 'red', medium: 'orange', low: 'green' } as const;

export function LevelTag({ score }: { score: number }) {
  const { t } = useTranslation();
  const level = scoreLevel(score);
  return <Tag color={LEVEL_COLORS[level]}>{t(`risks.levels.${level}`)} · {score}</Tag>;
}
