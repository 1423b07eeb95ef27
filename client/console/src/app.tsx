import { lazy, Suspense, type ComponentType } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { App as AntApp, Spin } from 'antd';
import { LanguageProvider } from './i18n/language';
import { SessionProvider } from './api/session';
import { Shell } from './shell/shell';
import { RequireSession } from './shell/require-session';
import { HOME, SCREENS } from './routes';

const loaded = new Map<string, ComponentType>();
/** Each screen is its own chunk, fetched the first time its route opens. */
const screenOf = (path: string, load: () => Promise<{ default: ComponentType }>) => {
  let Screen = loaded.get(path);
  if (!Screen) loaded.set(path, (Screen = lazy(load)));
  return Screen;
};

const NotFound = lazy(() => import('./screens/not-found'));
const waiting = <Spin style={{ display: 'block', margin: '20vh auto' }} />;

export function App() {
  const element = (path: string, load: () => Promise<{ default: ComponentType }>) => {
    const Screen = screenOf(path, load);
    return <Suspense fallback={waiting}><Screen /></Suspense>;
  };
  return (
    <LanguageProvider>
      <AntApp>
        <SessionProvider>
          <BrowserRouter>
            <Routes>
              {SCREENS.filter((s) => s.public).map((s) => <Route key={s.path} path={s.path} element={element(s.path, s.load)} />)}
              <Route element={<RequireSession><Shell /></RequireSession>}>
                <Route path="/" element={<Navigate to={HOME} replace />} />
                {SCREENS.filter((s) => !s.public).map((s) => <Route key={s.path} path={s.path} element={element(s.path, s.load)} />)}
                <Route path="*" element={<Suspense fallback={waiting}><NotFound /></Suspense>} />
              </Route>
            </Routes>
          </BrowserRouter>
        </SessionProvider>
      </AntApp>
    </LanguageProvider>
  );
}
