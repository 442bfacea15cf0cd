import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Api, loadSettings } from './app/api';
import { App } from './app/App';
import { SessionProvider } from './app/session';
import { I18nProvider } from './i18n/i18n';
import './styles.css';

const root = createRoot(document.getElementById('root')!);

loadSettings()
  .then((settings) => {
    const api = new Api(settings);
    root.render(
      <StrictMode>
        <I18nProvider>
          <SessionProvider api={api}>
            <App />
          </SessionProvider>
        </I18nProvider>
      </StrictMode>,
    );
  })
  .catch(() => {
    root.render(
      <p role="alert" className="page-note">
        The console could not reach the desk. Reload to try again. /
        控制台无法连接坐席服务，请刷新重试。
      </p>,
    );
  });
