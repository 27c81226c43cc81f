// Compile-time drift check between the hand-written types (types.ts) and the types generated
// from the server's OpenAPI document (schema.d.ts, `npm run gen:types`): the field names must
// match. A renamed or added field fails `npm run build` (vue-tsc) until types.ts follows.
import type { components } from './schema'
import type * as T from './types'

type S = components['schemas']
type Same<A, B> = [Exclude<A, B>, Exclude<B, A>] extends [never, never] ? true : { onlyHere: Exclude<A, B>; onlyInSchema: Exclude<B, A> }
type Check<X extends true> = X

export type DriftChecks = [
  Check<Same<keyof T.Member, keyof S['Member']>>,
  Check<Same<keyof T.Org, keyof S['OrgView']>>,
  Check<Same<keyof T.User, keyof S['User']>>,
  Check<Same<keyof T.Grant, keyof S['Grant']>>,
  Check<Same<keyof T.AuditEntry, keyof S['AuditEntry']>>,
  Check<Same<keyof T.Stats, keyof S['StatsOutBody']>>,
  Check<Same<keyof T.Codes, keyof S['CodesBody']>>,
  Check<Same<keyof T.FieldError, keyof S['FieldError']>>,
  Check<Same<keyof T.OrgSaved, keyof S['OrgSaveOutBody']>>,
  Check<Same<keyof T.AgeBand, keyof S['AgeBand']>>,
]
