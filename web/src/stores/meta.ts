import { defineStore } from 'pinia'
import { ref } from 'vue'
import { metaApi } from '@/api/meta'
import type { Codes } from '@/api/types'

/** The code lists of GET /meta/codes, loaded once per login. */
export const useMetaStore = defineStore('meta', () => {
  const codes = ref<Codes | null>(null)
  let pending: Promise<Codes> | null = null

  function load(): Promise<Codes> {
    if (codes.value) return Promise.resolve(codes.value)
    pending ??= metaApi.codes().then(
      (c) => {
        codes.value = c
        return c
      },
      (e: unknown) => {
        pending = null
        throw e
      },
    )
    return pending
  }

  function reset() {
    codes.value = null
    pending = null
  }

  return { codes, load, reset }
})
