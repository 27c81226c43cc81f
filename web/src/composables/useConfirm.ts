import { ElMessageBox } from 'element-plus'
import { t } from '@/i18n'

/** Asks before a destructive action; resolves true when confirmed. */
export async function confirmDanger(message: string, confirmText?: string): Promise<boolean> {
  try {
    await ElMessageBox.confirm(message, t('common.confirm_title'), {
      type: 'warning',
      confirmButtonText: confirmText ?? t('common.ok'),
      cancelButtonText: t('common.cancel'),
      confirmButtonClass: 'el-button--danger',
      autofocus: false,
    })
    return true
  } catch {
    return false
  }
}
