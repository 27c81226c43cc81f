// Citizen ID numbers (GB 11643-1999): 17 digits and an ISO 7064 MOD 11-2 check character.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK_CHARS = '10X98765432'

export type IdNumberProblem = 'length' | 'characters' | 'birth_date' | 'check_digit'

export interface IdNumberInfo { region: string; birthDate: string; sex: 'male' | 'female' }

export type IdNumberResult = { ok: true; info: IdNumberInfo } | { ok: false; problem: IdNumberProblem }

export function normalizeIdNumber(s: string): string {
  return s.trim().toUpperCase()
}

/** The check character for the first 17 digits. */
export function idCheckChar(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]
  return CHECK_CHARS[sum % 11]
}

/** Validates an 18-character ID number the way the server does (model.ParseIDNumber). */
export function parseIdNumber(raw: string): IdNumberResult {
  const id = normalizeIdNumber(raw)
  if (id.length !== 18) return { ok: false, problem: 'length' }
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, problem: 'characters' }
  const y = Number(id.slice(6, 10))
  const m = Number(id.slice(10, 12))
  const d = Number(id.slice(12, 14))
  const date = new Date(Date.UTC(y, m - 1, d))
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return { ok: false, problem: 'birth_date' }
  }
  if (idCheckChar(id) !== id[17]) return { ok: false, problem: 'check_digit' }
  return {
    ok: true,
    info: {
      region: id.slice(0, 6),
      birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
      sex: Number(id[16]) % 2 === 1 ? 'male' : 'female',
    },
  }
}
