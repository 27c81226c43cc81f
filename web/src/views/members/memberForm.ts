import type { FormItemRule } from 'element-plus'
import type { Member, MemberInput } from '@/api/types'
import { t } from '@/i18n'
import { parseIdNumber } from '@/utils/idnumber'

export function blankMember(orgId?: number): MemberInput {
  return {
    org_id: orgId ?? 0, name: '', sex: '', ethnicity: '汉族', birth_date: '', id_number: '', native_place: '',
    education: '', degree: '', occupation: '', work_unit: '', work_post: '', phone: '', address: '',
    category: 'probationary', status: 'normal', exit_type: '', applied_on: '', admitted_on: '', full_on: '',
    party_posts: '', card_no: '',
  }
}

export function memberToInput(m: Member): MemberInput {
  const { id: _id, org_name: _on, name_initials: _ni, created_at: _c, updated_at: _u, ...rest } = m
  return { ...blankMember(), ...rest }
}

/** The ID number rule: the same checks as the server, with the same (localised) messages. */
export function idNumberValidator(_rule: unknown, value: string, callback: (e?: Error) => void): void {
  if (!value) return callback(new Error(t('members.v.id_required')))
  // A masked value is the stored one untouched (the server keeps it; it refuses other masks).
  if (value.includes('*')) return callback()
  const r = parseIdNumber(value)
  if (r.ok) return callback()
  callback(new Error(t(`members.v.id_${r.problem}`)))
}

type Rules = Partial<Record<keyof MemberInput, FormItemRule[]>>

/** Client-side rules; `form` is read when a rule depends on another field. */
export function memberRules(form: MemberInput): Rules {
  const req = (key: string, trigger: 'blur' | 'change' = 'blur'): FormItemRule => ({ required: true, message: () => t(key), trigger })
  return {
    org_id: [{ required: true, type: 'number', min: 1, message: () => t('members.v.org'), trigger: 'change' }],
    name: [req('members.v.name'), { max: 50, message: () => t('members.v.name_len'), trigger: 'blur' }],
    id_number: [{ validator: idNumberValidator, trigger: 'blur' }],
    sex: [req('members.v.sex', 'change')],
    ethnicity: [req('members.v.ethnicity', 'change')],
    birth_date: [req('members.v.birth_date', 'change')],
    category: [req('members.v.category', 'change')],
    status: [req('members.v.status', 'change')],
    admitted_on: [req('members.v.admitted_on', 'change')],
    full_on: [{
      validator: (_r: unknown, v: string, cb: (e?: Error) => void) =>
        form.category === 'full' && !v ? cb(new Error(t('members.v.full_on'))) : cb(),
      trigger: 'change',
    }],
    exit_type: [{
      validator: (_r: unknown, v: string, cb: (e?: Error) => void) =>
        form.status === 'exited' && !v ? cb(new Error(t('members.v.exit_type'))) : cb(),
      trigger: 'change',
    }],
    phone: [{ pattern: /^(1\d{10}|[\d\-+() ]{7,20}|[\d*\-]{7,20})?$/, message: () => t('members.v.phone'), trigger: 'blur' }],
  }
}
