import type { Counts } from '@/api/types'
import type { Segment } from '@/charts/options'

/**
 * Chart segments from a count map: the keys of `order` first (in that order, zeros kept when
 * keepZero), then any other key the server sent, "unknown" last.
 */
export function segmentsOf(counts: Counts | undefined, order: string[], label: (k: string) => string, keepZero = false): Segment[] {
  const c = counts ?? {}
  const keys = [...order, ...Object.keys(c).filter((k) => !order.includes(k) && k !== 'unknown').sort()]
  if ('unknown' in c) keys.push('unknown')
  return keys
    .filter((k) => keepZero || (c[k] ?? 0) > 0)
    .map((k) => ({ key: k, label: label(k), value: c[k] ?? 0, filterable: k !== 'unknown' }))
}

export function sum(counts: Counts | undefined): number {
  return Object.values(counts ?? {}).reduce((a, b) => a + b, 0)
}
