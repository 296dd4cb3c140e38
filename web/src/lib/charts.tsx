/** ECharts with only the pieces we use, and one wrapper that resizes with its container. */
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendPlainComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import type { EChartsOption } from 'echarts';
import { FONT_FAMILY } from './theme';

// A chart that needs more registers it beside itself (the city's scrolling legend, the chain's graph).
echarts.use([LineChart, BarChart, GridComponent, TooltipComponent, LegendPlainComponent, CanvasRenderer]);

export type { EChartsOption };

export const CHART_COLORS = ['#1d4ed8', '#16a34a', '#f59e0b', '#dc2626', '#7c3aed', '#0891b2', '#db2777', '#65a30d'];

export function Chart({ option, label, tall }: { option: EChartsOption; label: string; tall?: boolean }) {
  return (
    <div role="img" aria-label={label}>
      <ReactEChartsCore
        echarts={echarts}
        option={{ color: CHART_COLORS, textStyle: { fontFamily: FONT_FAMILY }, animationDuration: 400, ...option }}
        notMerge
        autoResize
        className={tall ? 'chart chart-tall' : 'chart'}
        opts={{ renderer: 'canvas' }}
      />
    </div>
  );
}
