import { describe, expect, it } from 'vitest'
import { idCheckChar, parseIdNumber } from './idnumber'

describe('parseIdNumber (GB 11643)', () => {
  it('accepts the standard example and decodes it', () => {
    const r = parseIdNumber('11010519491231002x')
    expect(r).toEqual({ ok: true, info: { region: '110105', birthDate: '1949-12-31', sex: 'female' } })
  })
  it('computes the check character', () => {
    expect(idCheckChar('11010519491231002')).toBe('X')
    const base = '21020219800101123'
    const r = parseIdNumber(base + idCheckChar(base))
    expect(r.ok && r.info.sex).toBe('male')
  })
  it.each([
    ['110105194912310021', 'check_digit'],
    ['11010519491231002', 'length'],
    ['1101051949123100AX', 'characters'],
    ['110105194913310029', 'birth_date'],
    ['11010518991231002X', 'birth_date'],
  ])('rejects %s (%s)', (id, problem) => {
    expect(parseIdNumber(id)).toEqual({ ok: false, problem })
  })
})
