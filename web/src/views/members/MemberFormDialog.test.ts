import { describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import ElementPlus from 'element-plus'
import { i18n } from '@/i18n'
import MemberFormDialog from './MemberFormDialog.vue'

describe('MemberFormDialog', () => {
  it('shows a wrong ID check digit on the ID field, in Chinese, and fills birth date and sex from a valid one', async () => {
    setActivePinia(createPinia())
    i18n.global.locale.value = 'zh-CN'
    const fetchMock = vi.fn(async () => new Response('{}', { status: 200 }))
    vi.stubGlobal('fetch', fetchMock)
    const w = mount(MemberFormDialog, {
      props: { modelValue: false, member: null, org: { id: 9, name: '支部' } },
      global: { plugins: [i18n, ElementPlus, createPinia()] },
      attachTo: document.body,
    })
    await w.setProps({ modelValue: true })
    await flushPromises()
    const input = document.querySelector<HTMLInputElement>('input[data-test=m-id-number]')
    expect(input).not.toBeNull()
    input!.value = '110105194912310021'
    input!.dispatchEvent(new Event('input'))
    await flushPromises()
    const form = w.findComponent({ name: 'ElForm' })
    const failed = await (form.vm as unknown as { validateField: (f: string) => Promise<boolean> })
      .validateField('id_number')
      .then(() => null, (e: unknown) => e as Record<string, { message: string }[]>)
    expect(failed?.id_number?.[0]?.message).toBe('公民身份号码校验位错误')

    input!.value = '11010519491231002X'
    input!.dispatchEvent(new Event('input'))
    await flushPromises()
    const vm = form.props('model') as { birth_date: string; sex: string }
    expect(vm.birth_date).toBe('1949-12-31')
    expect(vm.sex).toBe('female')
    w.unmount()
  })
})
