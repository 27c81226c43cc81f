import { defineStore } from 'pinia'
import { ref } from 'vue'
import { setApiLanguage } from '@/api/http'
import { i18n, initialLocale, LOCALE_KEY, type Locale } from '@/i18n'

/** The interface language: remembered in localStorage, sent as Accept-Language. */
export const useLocaleStore = defineStore('locale', () => {
  const locale = ref<Locale>(initialLocale())

  function apply(l: Locale) {
    i18n.global.locale.value = l
    setApiLanguage(l)
    if (typeof document !== 'undefined') document.documentElement.lang = l
  }

  function set(l: Locale) {
    locale.value = l
    try {
      localStorage.setItem(LOCALE_KEY, l)
    } catch {
      /* storage unavailable: the choice lasts for this page only */
    }
    apply(l)
  }

  apply(locale.value)
  return { locale, set }
})
