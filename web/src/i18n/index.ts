import { createI18n, type LocaleMessageValue, type VueMessageType } from 'vue-i18n'

export const LOCALES = ['zh-CN', 'en'] as const
export type Locale = (typeof LOCALES)[number]
export const DEFAULT_LOCALE: Locale = 'zh-CN'
export const LOCALE_KEY = 'dj.locale'

type Messages = Record<string, LocaleMessageValue<VueMessageType>>

// Locale files are split per area: locales/<locale>/<area>.json → messages[locale][area].
const files = import.meta.glob<Messages>('../locales/*/*.json', { eager: true, import: 'default' })

export function buildMessages(): Record<Locale, Messages> {
  const out = { 'zh-CN': {}, en: {} } as Record<Locale, Messages>
  for (const [path, json] of Object.entries(files)) {
    const m = /locales\/([^/]+)\/([^/]+)\.json$/.exec(path)
    if (!m) continue
    const locale = m[1] as Locale
    if (out[locale]) out[locale][m[2]] = json
  }
  return out
}

export function isLocale(v: unknown): v is Locale {
  return typeof v === 'string' && (LOCALES as readonly string[]).includes(v)
}

/** The remembered locale, or Chinese. */
export function initialLocale(): Locale {
  try {
    const v = localStorage.getItem(LOCALE_KEY)
    if (isLocale(v)) return v
  } catch {
    /* storage unavailable */
  }
  return DEFAULT_LOCALE
}

export const i18n = createI18n<false>({
  legacy: false,
  globalInjection: true,
  locale: initialLocale(),
  fallbackLocale: DEFAULT_LOCALE,
  messages: buildMessages(),
  missingWarn: false,
  fallbackWarn: false,
  numberFormats: {
    'zh-CN': { integer: { maximumFractionDigits: 0 }, percent: { style: 'percent', maximumFractionDigits: 1 } },
    en: { integer: { maximumFractionDigits: 0 }, percent: { style: 'percent', maximumFractionDigits: 1 } },
  },
  datetimeFormats: {
    'zh-CN': {
      date: { year: 'numeric', month: '2-digit', day: '2-digit' },
      datetime: { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false },
    },
    en: {
      date: { year: 'numeric', month: 'short', day: 'numeric' },
      datetime: { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false },
    },
  },
})

export const t = (key: string, named?: Record<string, unknown>): string =>
  named ? i18n.global.t(key, named) : i18n.global.t(key)
