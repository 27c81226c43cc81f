// What an upload may be, from the code lists: the accepted extensions (for the file picker)
// and a hint naming them with the size limit. The server checks each file's content.
import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import { useMetaStore } from '@/stores/meta'

/** A file size for people: kilobytes below a megabyte, else megabytes. */
export function fileSize(n: number): string {
  return n < 1024 * 1024 ? `${Math.max(1, Math.round(n / 1024))} KB` : `${Math.round((n / 1024 / 1024) * 10) / 10} MB`
}

export function useAttachmentLimits() {
  const { t } = useI18n()
  const meta = useMetaStore()
  const limits = computed(() => meta.codes?.attachments)
  const accept = computed(() => (limits.value?.extensions ?? []).join(','))
  const hint = computed(() =>
    limits.value ? t('common.attachments.hint', { ext: (limits.value.extensions ?? []).join(' '), size: fileSize(limits.value.max_bytes) }) : '',
  )
  return { accept, hint }
}
