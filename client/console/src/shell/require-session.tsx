import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { Spin } from 'antd';
import { useSession } from '../api/session';

/** Screens behind sign-in: a visitor without a session goes to /sign-in and comes back after. */
export function RequireSession({ children }: { children: ReactNode }) {
  const { account, restoring } = useSession();
  const location = useLocation();
  if (restoring) return <Spin style={{ display: 'block', margin: '20vh auto' }} />;
  if (!account) return <Navigate to={`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return <>{children}</>;
}
