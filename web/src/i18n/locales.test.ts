import { describe, expect, it } from 'vitest'
import { buildMessages } from './index'

function keys(o: unknown, prefix = ''): string[] {
  if (o === null || typeof o !== 'object') return [prefix]
  return Object.entries(o as Record<string, unknown>).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k))
}

describe('locales', () => {
  it('have the same keys in Chinese and English', () => {
    const m = buildMessages()
    const zh = new Set(keys(m['zh-CN']))
    const en = new Set(keys(m.en))
    expect([...zh].filter((k) => !en.has(k))).toEqual([])
    expect([...en].filter((k) => !zh.has(k))).toEqual([])
  })
})
