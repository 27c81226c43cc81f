import type { PasswordPolicy } from '@/api/types'

/** How many of the four classes — lower case, upper case, digits, other symbols — s uses
 * (the server's auth.CharacterClasses: letters without case, like Chinese, count as symbols). */
export function characterClasses(s: string): number {
  let lower = false
  let upper = false
  let digit = false
  let other = false
  for (const ch of s) {
    if (/\p{Ll}/u.test(ch)) lower = true
    else if (/\p{Lu}/u.test(ch)) upper = true
    else if (/\p{Nd}/u.test(ch)) digit = true
    else other = true
  }
  return [lower, upper, digit, other].filter(Boolean).length
}

/** The first rule of the policy s breaks, as an i18n key with its parameters, or null. */
export function passwordProblem(s: string, username: string, p: PasswordPolicy): { key: string; params: Record<string, number> } | null {
  if ([...s].length < p.min_length) return { key: 'auth.v.too_short', params: { n: p.min_length } }
  if (characterClasses(s) < p.min_classes) return { key: 'auth.v.too_simple', params: { n: p.min_classes } }
  if (username && s.trim().toLowerCase() === username.trim().toLowerCase()) return { key: 'auth.v.is_username', params: {} }
  return null
}
