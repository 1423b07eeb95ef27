import type { ComponentType, ReactNode } from 'react';
import { ApartmentOutlined, CarOutlined, ClockCircleOutlined, HomeOutlined, SafetyOutlined, TeamOutlined } from '@ant-design/icons';
import type { Account } from './api/session';
import { isCorrectionOfficer } from './api/roles';

/** A screen: its URL, its code (loaded when first opened), and its menu entry when it has one. */
export interface Screen {
  path: string;
  load: () => Promise<{ default: ComponentType }>;
  /** A catalog key (src/i18n) and an icon; screens reached from another screen have none. */
  menu?: { label: string; icon: ReactNode; /** Shown only to accounts it answers true for. */ shownTo?: (account: Account | null) => boolean };
  /** Open without signing in. */
  public?: boolean;
}

/** Every screen of the console, one line each (README: "Adding a screen"). */
export const SCREENS: Screen[] = [
  { path: '/sign-in', load: () => import('./screens/sign-in'), public: true },
  { path: '/grids', load: () => import('./screens/grids'), menu: { label: 'grids.menu', icon: <ApartmentOutlined /> } },
  { path: '/grids/:gridId/day', load: () => import('./screens/grid-day') },
  { path: '/requests', load: () => import('./screens/requests'), menu: { label: 'requests.menu', icon: <HomeOutlined /> } },
  { path: '/my-runs', load: () => import('./screens/my-runs'), menu: { label: 'myRuns.menu', icon: <CarOutlined /> } },
  { path: '/volunteers', load: () => import('./screens/volunteers'), menu: { label: 'volunteers.menu', icon: <TeamOutlined /> } },
  { path: '/volunteers/new', load: () => import('./screens/volunteers/register') },
  { path: '/volunteers/import', load: () => import('./screens/volunteers/import') },
  { path: '/volunteers/:id', load: () => import('./screens/volunteers/record') },
  { path: '/hours', load: () => import('./screens/hours'), menu: { label: 'hours.menu', icon: <ClockCircleOutlined /> } },
  { path: '/correction', load: () => import('./screens/correction'), menu: { label: 'correction.menu', icon: <SafetyOutlined />, shownTo: isCorrectionOfficer } },
];

/** Where `/` leads a signed-in user. */
export const HOME = '/grids';
