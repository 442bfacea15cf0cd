// The list of keyboard shortcuts (opened with "?").
import { Fragment } from 'react';
import { useI18n } from '../i18n/i18n';
import { Dialog } from '../ui/ui';
import { SHORTCUTS } from './shortcuts';

export function ShortcutHelp({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  return (
    <Dialog open={open} title={t('workspace.shortcuts.title')} onClose={onClose}>
      <table className="ws-shortcuts">
        <thead>
          <tr>
            <th scope="col">{t('workspace.shortcuts.keys')}</th>
            <th scope="col">{t('workspace.shortcuts.action')}</th>
          </tr>
        </thead>
        <tbody>
          {SHORTCUTS.map((shortcut) => (
            <tr key={shortcut.keys.join('+')}>
              <td>
                {shortcut.keys.map((key, index) => (
                  <Fragment key={key}>
                    {index > 0 && ' + '}
                    <kbd>{key}</kbd>
                  </Fragment>
                ))}
              </td>
              <td>{t(`workspace.shortcut.${shortcut.action}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">{t('workspace.shortcuts.typingNote')}</p>
      <div className="ws-actions ws-dialog-actions">
        <button type="button" className="button-primary" onClick={onClose}>
          {t('workspace.shortcuts.close')}
        </button>
      </div>
    </Dialog>
  );
}
