// A chart's numbers as a table: always there for screen readers, shown on request.
import { useState } from 'react';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';

export function ChartData({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useI18n();
  const [showTable, setShowTable] = useState(false);
  return (
    <>
      <button
        type="button"
        className="button-link chart-toggle"
        aria-expanded={showTable}
        onClick={() => setShowTable((v) => !v)}
      >
        {showTable ? t('supervisor.chart.hideTable') : t('supervisor.chart.showTable')}
      </button>
      <div className={showTable ? 'chart-table' : 'visually-hidden'}>
        <table className="dense">
          <caption>{title}</caption>
          {children}
        </table>
      </div>
    </>
  );
}
