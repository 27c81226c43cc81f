import { describe, expect, it } from 'vitest'
import { characterClasses, passwordProblem } from './password'

const policy = { min_length: 8, min_classes: 3, history: 5 }

describe('password policy', () => {
  it('counts character classes like the server', () => {
    expect(characterClasses('aA1#')).toBe(4)
    expect(characterClasses('abcdefgh')).toBe(1)
    expect(characterClasses('密码Ab')).toBe(3)
  })
  it('names the first rule broken, at the boundaries', () => {
    expect(passwordProblem('Ab1#xyz', 'u', policy)?.key).toBe('auth.v.too_short') // 7 characters
    expect(passwordProblem('Ab1#xyzw', 'u', policy)).toBeNull() // 8
    expect(passwordProblem('abcd1xyz', 'u', policy)?.key).toBe('auth.v.too_simple')
    expect(passwordProblem('Zhang#San1', 'zhang#san1', policy)?.key).toBe('auth.v.is_username')
  })
})
