import { describe, expect, it } from 'vitest'
import { formatClock, formatMinute, hours, percent } from './util'

describe('organisational-life formatting', () => {
  it('formats times to the minute in local time', () => {
    const d = new Date(2026, 4, 1, 9, 5)
    expect(formatMinute(d.toISOString())).toBe('2026-05-01 09:05')
    expect(formatClock(d.toISOString())).toBe('09:05')
    expect(formatMinute('')).toBe('—')
  })
  it('rounds hours to a tenth and rates to a tenth of a percent', () => {
    expect(hours(31.94)).toBe('31.9')
    expect(hours(32)).toBe('32')
    expect(hours(null)).toBe('—')
    expect(percent(2, 11)).toBe('18.2%')
    expect(percent(0, 0)).toBe('—')
  })
})
