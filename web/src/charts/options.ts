import type { ChartOption } from './echarts'

/** One segment of a chart: the value the server uses (for filtering) and its label. */
export interface Segment { key: string; label: string; value: number; filterable: boolean }

export const PALETTE = ['#c8161d', '#f0a020', '#3a7bd5', '#2f9e6e', '#8e5cc8', '#e0663a', '#1fa3b5', '#b5962f', '#909399']

export function pieOption(segments: Segment[], opts: { donut?: boolean } = {}): ChartOption {
  return {
    color: PALETTE,
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { type: 'scroll', bottom: 0, itemWidth: 12, itemHeight: 10, textStyle: { fontSize: 12 } },
    series: [
      {
        type: 'pie',
        radius: opts.donut ? ['42%', '68%'] : '66%',
        center: ['50%', '44%'],
        avoidLabelOverlap: true,
        label: { formatter: '{b}\n{d}%', fontSize: 11 },
        data: segments.map((s) => ({ name: s.label, value: s.value, key: s.key })),
      },
    ],
  }
}

export function barOption(segments: Segment[], opts: { horizontal?: boolean } = {}): ChartOption {
  const cats = segments.map((s) => s.label)
  const data = segments.map((s) => ({ value: s.value, key: s.key }))
  const catAxis = { type: 'category', data: cats, axisLabel: { fontSize: 11, interval: 0 }, axisTick: { alignWithLabel: true } }
  const valAxis = { type: 'value', minInterval: 1, splitLine: { lineStyle: { type: 'dashed' } } }
  return {
    color: PALETTE,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 24, top: 16, bottom: 8, containLabel: true },
    xAxis: opts.horizontal ? valAxis : catAxis,
    yAxis: opts.horizontal ? { ...catAxis, inverse: true } : valAxis,
    series: [{ type: 'bar', data, barMaxWidth: 28, itemStyle: { borderRadius: opts.horizontal ? [0, 3, 3, 0] : [3, 3, 0, 0] }, label: { show: true, position: opts.horizontal ? 'right' : 'top', fontSize: 11 } }],
  }
}

/** The top n segments by value, the rest folded into one "other" segment. */
export function topN(segments: Segment[], n: number, otherLabel: string): Segment[] {
  const sorted = [...segments].sort((a, b) => b.value - a.value)
  if (sorted.length <= n) return sorted
  const rest = sorted.slice(n).reduce((sum, s) => sum + s.value, 0)
  return [...sorted.slice(0, n), { key: '__other__', label: otherLabel, value: rest, filterable: false }]
}
